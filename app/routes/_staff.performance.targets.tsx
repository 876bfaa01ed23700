import type { ActionFunctionArgs, LinksFunction, LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { data } from '@remix-run/node';
import { Form, Link, useActionData, useLoaderData } from '@remix-run/react';
import { useTranslation } from 'react-i18next';
import { z } from 'zod';
import { requireUser } from '#app/auth/session.server.ts';
import { GeneralErrorBoundary } from '#app/components/error-boundary.tsx';
import { clientAddress } from '#app/models/audit.server.ts';
import { listKpis, PerformanceFieldError } from '#app/models/kpis.server.ts';
import { listTargets, saveTarget, targetSchema } from '#app/models/targets.server.ts';
import { localized } from '#app/utils/format.ts';
import { formFields, parseFields } from '#app/utils/forms.ts';
import styles from '#app/styles/performance.css?url';

export const links: LinksFunction = () => [{ rel: 'stylesheet', href: styles }];

export const meta: MetaFunction = () => [{ title: 'Targets · Barometer' }];

const filterSchema = z.object({
  kpi: z.string().uuid().optional().catch(undefined),
  year: z.coerce
    .number()
    .int()
    .min(2000)
    .max(2100)
    .catch(new Date().getFullYear())
    .default(new Date().getFullYear()),
});

export async function loader({ request }: LoaderFunctionArgs) {
  await requireUser(request, 'performance:manage');
  const filter = filterSchema.parse(Object.fromEntries(new URL(request.url).searchParams));
  const kpiList = await listKpis();
  const kpi = kpiList.find((candidate) => candidate.id === filter.kpi) ?? kpiList[0] ?? null;
  const rows = kpi ? await listTargets({ kpiId: kpi.id, year: filter.year }) : [];
  return { kpis: kpiList, kpi, year: filter.year, rows };
}

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireUser(request, 'performance:manage');
  const fields = formFields(await request.formData());
  const managerId = fields.managerId ?? null;
  const parsed = parseFields(targetSchema, fields);
  if (!parsed.ok) return data({ managerId, fieldErrors: parsed.fieldErrors, saved: false }, { status: 400 });
  try {
    await saveTarget({ input: parsed.data, viewer: user, ipAddress: clientAddress(request) });
  } catch (error) {
    if (error instanceof PerformanceFieldError) {
      return data(
        { managerId, fieldErrors: { [error.field]: error.messageKey }, saved: false },
        { status: 400 },
      );
    }
    throw error;
  }
  return { managerId, fieldErrors: {} as Record<string, string>, saved: true };
}

export default function TargetsPage() {
  const { kpis, kpi, year, rows } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const { t, i18n } = useTranslation('performance');
  const { t: tErrors } = useTranslation('errors');
  const message = (key: string) => tErrors(key.replace(/^errors\./, ''), { defaultValue: key });
  return (
    <>
      <p>
        <Link to="/performance">← {t('title')}</Link>
      </p>
      <div className="page-head">
        <h1>{t('targets.title')}</h1>
      </div>
      <p className="muted">{t('targets.intro')}</p>
      <Form method="get" className="filters">
        <label>
          {t('targets.kpi')}
          <select name="kpi" defaultValue={kpi?.id}>
            {kpis.map((option) => (
              <option key={option.id} value={option.id}>
                {localized(i18n.language, option.nameEn, option.nameRu)}
              </option>
            ))}
          </select>
        </label>
        <label>
          {t('targets.year')}
          <input name="year" inputMode="numeric" defaultValue={year} />
        </label>
        <div className="filter-actions">
          <button type="submit" className="primary">
            {t('show')}
          </button>
        </div>
      </Form>
      {kpi ? (
        <div className="table-wrap">
          <table>
            <thead>
              <tr>
                <th>{t('targets.manager')}</th>
                <th>{t('targets.unit')}</th>
                <th>
                  {t('targets.annualTarget')}, {kpi.unit}
                </th>
                <th>
                  {t('targets.profile')}
                  <div className="muted">{t('targets.profileHint')}</div>
                </th>
                <th />
              </tr>
            </thead>
            <tbody>
              {rows.map((row) => {
                const formId = `target-${row.managerId}`;
                const errors = actionData?.managerId === row.managerId ? actionData.fieldErrors : {};
                return (
                  <tr key={`${kpi.id}-${year}-${row.managerId}`}>
                    <td>{row.fullName}</td>
                    <td>{localized(i18n.language, row.unitNameEn, row.unitNameRu)}</td>
                    <td>
                      <input
                        form={formId}
                        name="annualTarget"
                        inputMode="decimal"
                        aria-label={`${t('targets.annualTarget')}: ${row.fullName}`}
                        defaultValue={row.annualTarget ?? ''}
                        placeholder={t('targets.notSet')}
                        aria-invalid={errors.annualTarget ? true : undefined}
                      />
                      {errors.annualTarget ? (
                        <p className="field-error">{message(errors.annualTarget)}</p>
                      ) : null}
                    </td>
                    <td>
                      <input
                        form={formId}
                        name="seasonalProfile"
                        className="profile-input"
                        aria-label={`${t('targets.profile')}: ${row.fullName}`}
                        defaultValue={row.seasonalProfile.join(' ')}
                        aria-invalid={errors.seasonalProfile ? true : undefined}
                      />
                      {errors.seasonalProfile ? (
                        <p className="field-error">{message(errors.seasonalProfile)}</p>
                      ) : null}
                    </td>
                    <td>
                      <Form method="post" id={formId}>
                        <input type="hidden" name="managerId" value={row.managerId} />
                        <input type="hidden" name="kpiId" value={kpi.id} />
                        <input type="hidden" name="year" value={year} />
                        <button type="submit" aria-label={`${t('targets.save')}: ${row.fullName}`}>
                          {t('targets.save')}
                        </button>
                      </Form>
                      {actionData?.saved && actionData.managerId === row.managerId ? (
                        <span className="notice" role="status">
                          {t('targets.saved', { name: row.fullName })}
                        </span>
                      ) : null}
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      ) : null}
    </>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
