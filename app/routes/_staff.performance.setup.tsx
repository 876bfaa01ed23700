import type { ActionFunctionArgs, LinksFunction, LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { data } from '@remix-run/node';
import { Form, Link, useActionData, useLoaderData } from '@remix-run/react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { requireUser } from '#app/auth/session.server.ts';
import { GeneralErrorBoundary } from '#app/components/error-boundary.tsx';
import { Field } from '#app/components/field.tsx';
import { clientAddress } from '#app/models/audit.server.ts';
import {
  createKpi,
  createReviewPeriod,
  getReviewPeriod,
  isMeasuredKpi,
  listKpis,
  listReviewPeriods,
  newKpiSchema,
  newPeriodSchema,
  PerformanceFieldError,
  parseWeights,
  periodWeights,
  resolveReviewPeriod,
  saveWeights,
} from '#app/models/kpis.server.ts';
import { kpiDirections } from '#db/schema/domain.ts';
// Used by the loader only (the choices travel with the data), so it stays out of the browser bundle.
import { kpiAggregations } from '#db/schema/performance.ts';
import { formatNumber, localized } from '#app/utils/format.ts';
import { formFields, parseFields } from '#app/utils/forms.ts';
import styles from '#app/styles/performance.css?url';

export const links: LinksFunction = () => [{ rel: 'stylesheet', href: styles }];

export const meta: MetaFunction = () => [{ title: 'KPIs and weights · Barometer' }];

export async function loader({ request }: LoaderFunctionArgs) {
  await requireUser(request, 'performance:manage');
  const [kpiList, periods, period] = await Promise.all([
    listKpis(),
    listReviewPeriods(),
    resolveReviewPeriod(new URL(request.url).searchParams.get('period')),
  ]);
  const weights = period ? Object.fromEntries(await periodWeights(period.id)) : {};
  return {
    kpis: kpiList.map((kpi) => ({ ...kpi, measured: isMeasuredKpi(kpi.code) })),
    periods,
    period,
    weights,
    aggregations: [...kpiAggregations],
  };
}

type Intent = 'period' | 'kpi' | 'weights';

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireUser(request, 'performance:manage');
  const fields = formFields(await request.formData());
  const intent = (['period', 'kpi', 'weights'] as const).find((candidate) => candidate === fields.intent);
  const refuse = (which: Intent | null, fieldErrors: Record<string, string>) =>
    data({ intent: which, fieldErrors, saved: false }, { status: 400 });
  if (!intent) return refuse(null, { intent: 'errors.required' });
  const ipAddress = clientAddress(request);
  try {
    if (intent === 'period') {
      const parsed = parseFields(newPeriodSchema, fields);
      if (!parsed.ok) return refuse(intent, parsed.fieldErrors);
      await createReviewPeriod({ input: parsed.data, viewer: user, ipAddress });
    } else if (intent === 'kpi') {
      const parsed = parseFields(newKpiSchema, fields);
      if (!parsed.ok) return refuse(intent, parsed.fieldErrors);
      await createKpi({ input: parsed.data, viewer: user, ipAddress });
    } else {
      const period = await getReviewPeriod(fields.periodId ?? '');
      const kpiList = await listKpis();
      const parsed = parseWeights(
        fields,
        kpiList.map((kpi) => kpi.id),
      );
      if (!parsed.ok) return refuse(intent, parsed.fieldErrors);
      await saveWeights({ periodId: period.id, weights: parsed.weights, viewer: user, ipAddress });
    }
  } catch (error) {
    if (error instanceof PerformanceFieldError) return refuse(intent, { [error.field]: error.messageKey });
    throw error;
  }
  return { intent, fieldErrors: {} as Record<string, string>, saved: true };
}

export default function PerformanceSetupPage() {
  const { kpis, periods, period, weights, aggregations } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const { t, i18n } = useTranslation('performance');
  const errorsFor = (intent: Intent): Record<string, string> =>
    actionData?.intent === intent ? actionData.fieldErrors : {};
  // Uncontrolled inputs (typing before hydration is kept); the running total follows what is typed.
  const [typed, setTyped] = useState<Record<string, string>>({});
  const weightValue = (kpiId: string) =>
    typed[kpiId] ?? (weights[kpiId] === undefined ? '' : String(Math.round(weights[kpiId] * 1000) / 10));
  const total = kpis.reduce((sum, kpi) => sum + (Number(weightValue(kpi.id).replace(',', '.')) || 0), 0);
  const weightErrors = errorsFor('weights');
  return (
    <>
      <p>
        <Link to="/performance">← {t('title')}</Link>
      </p>
      <div className="page-head">
        <h1>{t('setup.title')}</h1>
      </div>

      <section className="card stack" aria-labelledby="weights-title">
        <h2 id="weights-title">{t('setup.weights', { period: period?.name ?? '—' })}</h2>
        <Form method="get" className="inline-form">
          <label>
            {t('period')}{' '}
            <select name="period" defaultValue={period?.id}>
              {periods.map((option) => (
                <option key={option.id} value={option.id}>
                  {option.name}
                </option>
              ))}
            </select>
          </label>
          <button type="submit">{t('show')}</button>
        </Form>
        {period ? (
          <Form method="post" className="stack" key={period.id}>
            <input type="hidden" name="intent" value="weights" />
            <input type="hidden" name="periodId" value={period.id} />
            <p className="muted">{t('setup.weightsHint')}</p>
            <div className="form-grid">
              {kpis.map((kpi) => (
                <Field
                  key={kpi.id}
                  label={`${localized(i18n.language, kpi.nameEn, kpi.nameRu)}, %`}
                  error={weightErrors[`weight.${kpi.id}`]}
                >
                  {(props) => (
                    <input
                      {...props}
                      name={`weight.${kpi.id}`}
                      inputMode="decimal"
                      defaultValue={weightValue(kpi.id)}
                      onChange={(event) => setTyped({ ...typed, [kpi.id]: event.target.value })}
                    />
                  )}
                </Field>
              ))}
            </div>
            <p>{t('setup.weightsTotal', { total: formatNumber(total, i18n.language, 1) })}</p>
            {weightErrors.weights ? (
              <p className="form-error" role="alert">
                {t(weightErrors.weights.replace(/^performance:/, ''))}
              </p>
            ) : null}
            {actionData?.intent === 'weights' && actionData.saved ? (
              <p className="notice" role="status">
                {t('setup.saved')}
              </p>
            ) : null}
            <div>
              <button type="submit" className="primary">
                {t('setup.saveWeights')}
              </button>
            </div>
          </Form>
        ) : null}
      </section>

      <section className="card stack" aria-labelledby="periods-title">
        <h2 id="periods-title">{t('setup.periods')}</h2>
        <p>
          {periods.map((option) => (
            <span key={option.id} className="badge muted-badge">
              {option.name}
            </span>
          ))}
        </p>
        <Form method="post" className="form-grid" noValidate>
          <input type="hidden" name="intent" value="period" />
          <Field label={t('setup.year')} error={errorsFor('period').year}>
            {(props) => (
              <input
                {...props}
                name="year"
                inputMode="numeric"
                defaultValue={new Date().getFullYear()}
                required
              />
            )}
          </Field>
          <Field label={t('setup.span')} error={errorsFor('period').span}>
            {(props) => (
              <select {...props} name="span" defaultValue="Q1">
                {(['Q1', 'Q2', 'Q3', 'Q4', 'year'] as const).map((span) => (
                  <option key={span} value={span}>
                    {t(`setup.spans.${span}`)}
                  </option>
                ))}
              </select>
            )}
          </Field>
          <div>
            <button type="submit">{t('setup.addPeriod')}</button>
          </div>
        </Form>
      </section>

      <section className="card stack" aria-labelledby="catalogue-title">
        <h2 id="catalogue-title">{t('setup.catalogue')}</h2>
        <div className="table-wrap">
          <table>
            <thead>
              <tr>
                <th>{t('setup.code')}</th>
                <th>{t('card.kpi')}</th>
                <th>{t('setup.unit')}</th>
                <th>{t('setup.direction')}</th>
                <th>{t('setup.aggregation')}</th>
                <th>{t('setup.source')}</th>
              </tr>
            </thead>
            <tbody>
              {kpis.map((kpi) => (
                <tr key={kpi.id}>
                  <td>
                    <code>{kpi.code}</code>
                  </td>
                  <td>{localized(i18n.language, kpi.nameEn, kpi.nameRu)}</td>
                  <td>{kpi.unit}</td>
                  <td>{t(`setup.directions.${kpi.direction}`)}</td>
                  <td>{t(`setup.aggregations.${kpi.aggregation}`)}</td>
                  <td>{t(kpi.measured ? 'setup.sources.measured' : 'setup.sources.imported')}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
        <Form method="post" className="form-grid" noValidate>
          <input type="hidden" name="intent" value="kpi" />
          <Field label={t('setup.code')} error={errorsFor('kpi').code}>
            {(props) => <input {...props} name="code" required />}
          </Field>
          <Field label={t('setup.nameEn')} error={errorsFor('kpi').nameEn}>
            {(props) => <input {...props} name="nameEn" required />}
          </Field>
          <Field label={t('setup.nameRu')} error={errorsFor('kpi').nameRu}>
            {(props) => <input {...props} name="nameRu" required />}
          </Field>
          <Field label={t('setup.unit')} error={errorsFor('kpi').unit}>
            {(props) => <input {...props} name="unit" required />}
          </Field>
          <Field label={t('setup.direction')} error={errorsFor('kpi').direction}>
            {(props) => (
              <select {...props} name="direction" defaultValue="higher_is_better">
                {kpiDirections.map((direction) => (
                  <option key={direction} value={direction}>
                    {t(`setup.directions.${direction}`)}
                  </option>
                ))}
              </select>
            )}
          </Field>
          <Field label={t('setup.aggregation')} error={errorsFor('kpi').aggregation}>
            {(props) => (
              <select {...props} name="aggregation" defaultValue="sum">
                {aggregations.map((aggregation) => (
                  <option key={aggregation} value={aggregation}>
                    {t(`setup.aggregations.${aggregation}`)}
                  </option>
                ))}
              </select>
            )}
          </Field>
          <div>
            <button type="submit">{t('setup.addKpi')}</button>
          </div>
        </Form>
      </section>
    </>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
