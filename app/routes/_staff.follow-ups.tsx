import type { ActionFunctionArgs, LinksFunction, LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { data } from '@remix-run/node';
import { Form, Link, useActionData, useLoaderData, useNavigation, useSearchParams } from '@remix-run/react';
import { useTranslation } from 'react-i18next';
import { can } from '#app/auth/policy.ts';
import { requireUser } from '#app/auth/session.server.ts';
import { GeneralErrorBoundary } from '#app/components/error-boundary.tsx';
import { Field } from '#app/components/field.tsx';
import { FilterActions, SelectFilter } from '#app/components/list-filters.tsx';
import { PageHead } from '#app/components/page-head.tsx';
import { Pagination } from '#app/components/pagination.tsx';
import { clientAddress } from '#app/models/audit.server.ts';
import {
  followUpActionSchema,
  followUpFilterSchema,
  followUpManagerOptions,
  listFollowUps,
  updateFollowUp,
} from '#app/models/follow-ups.server.ts';
import { followUpReasons, followUpStatuses } from '#db/schema/domain.ts';
import { formatDate } from '#app/utils/format.ts';
import { formFields, parseFields } from '#app/utils/forms.ts';
import styles from '#app/styles/follow-ups.css?url';

export const links: LinksFunction = () => [{ rel: 'stylesheet', href: styles }];

// The same choices as followUpFilterSchema's status.
const statusFilters = ['unresolved', ...followUpStatuses, 'all'] as const;

export const meta: MetaFunction = () => [{ title: 'Follow-ups · Barometer' }];

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request, 'followUps:read');
  const filter = followUpFilterSchema.parse(Object.fromEntries(new URL(request.url).searchParams));
  const [result, managers] = await Promise.all([
    listFollowUps({ viewer: user, filter }),
    followUpManagerOptions(user),
  ]);
  return { ...result, managers, canResolve: can(user.role, 'followUps:resolve') };
}

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireUser(request, 'followUps:resolve');
  const fields = formFields(await request.formData());
  const parsed = parseFields(followUpActionSchema, fields);
  if (!parsed.ok) {
    return data({ followUpId: fields.followUpId ?? null, fieldErrors: parsed.fieldErrors }, { status: 400 });
  }
  await updateFollowUp({ action: parsed.data, viewer: user, ipAddress: clientAddress(request) });
  return { followUpId: parsed.data.followUpId, fieldErrors: {} as Record<string, string> };
}

type Row = ReturnType<typeof useLoaderData<typeof loader>>['rows'][number];

export default function FollowUpsPage() {
  const { rows, total, page, pageCount, managers, canResolve } = useLoaderData<typeof loader>();
  const { t, i18n } = useTranslation('followUps');
  const [searchParams] = useSearchParams();
  const value = (name: string) => searchParams.get(name) ?? '';
  const showManager = managers.length > 0;
  return (
    <>
      <PageHead title={t('title')}>
        <span className="muted">{t('count', { count: total })}</span>
      </PageHead>
      <Form method="get" className="filters" aria-label={t('filters')}>
        <SelectFilter
          label={t('status')}
          name="status"
          value={value('status') || 'unresolved'}
          options={statusFilters.map((status) => ({ value: status, label: t(`statuses.${status}`) }))}
        />
        <SelectFilter
          label={t('reason')}
          name="reason"
          value={value('reason')}
          any
          options={followUpReasons.map((reason) => ({ value: reason, label: t(`reasons.${reason}`) }))}
        />
        {showManager ? (
          <SelectFilter
            label={t('manager')}
            name="manager"
            value={value('manager')}
            any
            options={managers.map((manager) => ({ value: manager.id, label: manager.fullName }))}
          />
        ) : null}
        <FilterActions reset="/follow-ups" />
      </Form>
      {rows.length === 0 ? (
        <p className="empty">{t('empty')}</p>
      ) : (
        <div className="table-wrap">
          <table>
            <thead>
              <tr>
                <th>{t('client')}</th>
                <th>{t('reason')}</th>
                <th className="number">
                  <abbr title={t('ltr')}>{t('ltrShort')}</abbr>
                </th>
                <th>{t('comment')}</th>
                {showManager ? <th>{t('manager')}</th> : null}
                <th>{t('due')}</th>
                <th>{t('status')}</th>
                <th>{t('actions')}</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((row) => (
                <tr key={row.id}>
                  <td>
                    <Link to={`/clients/${row.clientId}`}>{row.clientName}</Link>
                    <div className="muted">
                      {t('answeredOn', { date: formatDate(row.completedAt, i18n.language) })}
                    </div>
                  </td>
                  <td>{t(`reasons.${row.reason}`)}</td>
                  <td className="number">{row.ltr ?? t('common:none')}</td>
                  <td>{row.comment ?? <span className="muted">{t('common:none')}</span>}</td>
                  {showManager ? (
                    <td>{row.managerName ?? <span className="muted">{t('noManager')}</span>}</td>
                  ) : null}
                  <td>
                    {formatDate(row.dueOn, i18n.language)}
                    {row.overdue ? <span className="badge overdue">{t('overdue')}</span> : null}
                  </td>
                  <td>{t(`statuses.${row.status}`)}</td>
                  <td>
                    <FollowUpActions row={row} canResolve={canResolve} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <Pagination page={page} pageCount={pageCount} />
    </>
  );
}

function FollowUpActions({ row, canResolve }: { row: Row; canResolve: boolean }) {
  const { t, i18n } = useTranslation('followUps');
  const actionData = useActionData<typeof action>();
  const navigation = useNavigation();
  const busy = navigation.state === 'submitting' && navigation.formData?.get('followUpId') === row.id;
  if (row.status === 'resolved') {
    return (
      <div className="stack-tight">
        <span className="muted">{t('resolvedOn', { date: formatDate(row.resolvedAt, i18n.language) })}</span>
        {row.outcome ? <span>{row.outcome}</span> : null}
      </div>
    );
  }
  if (!canResolve) return <span className="muted">{t('common:none')}</span>;
  const errors: Record<string, string> = actionData?.followUpId === row.id ? actionData.fieldErrors : {};
  return (
    <div className="stack-tight">
      {row.status === 'open' ? (
        <Form method="post">
          <input type="hidden" name="followUpId" value={row.id} />
          <button type="submit" name="intent" value="start" disabled={busy}>
            {t('start')}
          </button>
        </Form>
      ) : null}
      <details open={Boolean(errors.outcome)}>
        <summary>{t('resolve')}</summary>
        <Form method="post" className="stack-tight" noValidate>
          <input type="hidden" name="followUpId" value={row.id} />
          <Field label={t('outcome')} error={errors.outcome}>
            {(props) => (
              <textarea {...props} name="outcome" rows={3} required placeholder={t('outcomeHint')} />
            )}
          </Field>
          <button type="submit" name="intent" value="resolve" className="primary" disabled={busy}>
            {t('saveResolution')}
          </button>
        </Form>
      </details>
    </div>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
