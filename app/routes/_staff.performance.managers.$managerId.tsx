import type { ActionFunctionArgs, LinksFunction, LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { data } from '@remix-run/node';
import { Form, Link, useActionData, useLoaderData, useNavigation } from '@remix-run/react';
import { useTranslation } from 'react-i18next';
import { z } from 'zod';
import { can } from '#app/auth/policy.ts';
import { notFound, requireUser } from '#app/auth/session.server.ts';
import { GeneralErrorBoundary } from '#app/components/error-boundary.tsx';
import { Field } from '#app/components/field.tsx';
import { PageHead } from '#app/components/page-head.tsx';
import { FairScoreSection } from '#app/components/performance-fair-scores.tsx';
import { PeriodFilter } from '#app/components/performance-period-filter.tsx';
import { clientAddress } from '#app/models/audit.server.ts';
import { getFairScoreCharts, periodFairScores } from '#app/models/fair-scores.server.ts';
import {
  getReviewPeriod,
  listReviewPeriods,
  PerformanceFieldError,
  resolveReviewPeriod,
} from '#app/models/kpis.server.ts';
import { explanationSchema, getReview, saveExplanation, signReview } from '#app/models/reviews.server.ts';
import type { CardLine } from '#app/models/scorecards.server.ts';
import {
  decideAdjustment,
  decideAdjustmentSchema,
  proposeAdjustment,
  proposeAdjustmentSchema,
} from '#app/models/targets.server.ts';
import { formatDate, formatNumber, localized } from '#app/utils/format.ts';
import { formFields, parseFields } from '#app/utils/forms.ts';
import analyticsStyles from '#app/styles/analytics.css?url';
import styles from '#app/styles/performance.css?url';

export const links: LinksFunction = () => [
  { rel: 'stylesheet', href: analyticsStyles },
  { rel: 'stylesheet', href: styles },
];

export const meta: MetaFunction = () => [{ title: 'Scorecard · Barometer' }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUser(request, 'performance:read');
  const managerId = params.managerId ?? '';
  const period = await resolveReviewPeriod(new URL(request.url).searchParams.get('period'));
  if (!period) throw notFound();
  const fairScores = await periodFairScores(period);
  const [review, periods, fair] = await Promise.all([
    getReview({ viewer: user, managerId, period, fairScores }),
    listReviewPeriods(),
    getFairScoreCharts({ viewer: user, period, fairScores, managerId }),
  ]);
  const draft = review.status === 'draft';
  const own = user.managerId === managerId;
  return {
    review,
    periods,
    fair,
    can: {
      explain: draft && own,
      propose: draft && can(user.role, 'performance:respond') && (user.role !== 'manager' || own),
      manage: can(user.role, 'performance:manage'),
      sign: draft && can(user.role, 'performance:manage'),
    },
  };
}

const intentSchema = z.object({
  intent: z.enum(['explain', 'propose', 'decide', 'sign']),
  periodId: z.string(),
});

export async function action({ request, params }: ActionFunctionArgs) {
  const user = await requireUser(request, 'performance:respond');
  const managerId = params.managerId ?? '';
  const fields = formFields(await request.formData());
  const intent = intentSchema.safeParse(fields);
  if (!intent.success)
    return data({ intent: null, kpiId: null, fieldErrors: { form: 'errors.required' } }, { status: 400 });
  const period = await getReviewPeriod(intent.data.periodId);
  const ipAddress = clientAddress(request);
  const kpiId = fields.kpiId ?? fields.adjustmentId ?? null;
  const refuse = (fieldErrors: Record<string, string>) =>
    data({ intent: intent.data.intent, kpiId, fieldErrors }, { status: 400 });
  try {
    switch (intent.data.intent) {
      case 'explain': {
        const parsed = parseFields(explanationSchema, fields);
        if (!parsed.ok) return refuse(parsed.fieldErrors);
        await saveExplanation({
          viewer: user,
          managerId,
          periodId: period.id,
          input: parsed.data,
          ipAddress,
        });
        break;
      }
      case 'propose': {
        const parsed = parseFields(proposeAdjustmentSchema, fields);
        if (!parsed.ok) return refuse(parsed.fieldErrors);
        await proposeAdjustment({
          viewer: user,
          managerId,
          periodId: period.id,
          input: parsed.data,
          ipAddress,
        });
        break;
      }
      case 'decide': {
        if (!can(user.role, 'performance:manage')) throw notFound();
        const parsed = parseFields(decideAdjustmentSchema, fields);
        if (!parsed.ok) return refuse(parsed.fieldErrors);
        await decideAdjustment({
          viewer: user,
          managerId,
          periodId: period.id,
          input: parsed.data,
          ipAddress,
        });
        break;
      }
      case 'sign': {
        if (!can(user.role, 'performance:manage')) throw notFound();
        await signReview({ viewer: user, managerId, periodId: period.id, ipAddress });
        break;
      }
    }
  } catch (error) {
    if (error instanceof PerformanceFieldError) return refuse({ [error.field]: error.messageKey });
    throw error;
  }
  return { intent: intent.data.intent, kpiId, fieldErrors: {} as Record<string, string> };
}

type LoaderData = ReturnType<typeof useLoaderData<typeof loader>>;

/** Money without kopecks, counts as they are, rates and scores with one decimal. */
function formatKpiValue(value: number | null, unit: string, locale: string): string {
  if (value === null) return '—';
  if (unit === 'RUB') return formatNumber(value, locale, 0);
  return formatNumber(value, locale, Number.isInteger(value) ? 0 : 1);
}

export default function ScorecardPage() {
  const { review, periods, fair, can: allowed } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const { t, i18n } = useTranslation('performance');
  const { card } = review;
  const formError =
    actionData?.fieldErrors && 'form' in actionData.fieldErrors ? actionData.fieldErrors.form : null;
  const excluded = card.lines.filter((line) => line.excluded && line.weight > 0);
  return (
    <>
      <p className="no-print">
        <Link to={`/performance?period=${card.period.id}`}>← {t('card.back')}</Link>
      </p>
      <PageHead title={t('card.title', { name: card.manager.fullName })}>
        <span className={`badge ${review.status === 'signed' ? 'signed-badge' : 'muted-badge'}`}>
          {t(`status.${review.status}`)}
        </span>
      </PageHead>
      <p className="muted">
        {t('card.unitLine', {
          unit: localized(i18n.language, card.manager.unitNameEn, card.manager.unitNameRu),
          period: card.period.name,
          from: formatDate(card.period.startsOn, i18n.language),
          to: formatDate(card.period.endsOn, i18n.language),
        })}
      </p>
      <PeriodFilter periods={periods} periodId={card.period.id} className="filters no-print" />
      <p>
        {review.status === 'signed'
          ? t('card.signed', {
              name: review.signedByName ?? '—',
              date: formatDate(review.signedAt, i18n.language),
            })
          : t('card.draft')}
      </p>
      {card.lines.length === 0 ? (
        <p className="empty">{t('card.noWeights')}</p>
      ) : (
        <>
          <div className="scorecard-summary">
            <div>
              <div className="muted">{t('card.score')}</div>
              <div className="figure">
                {card.score === null
                  ? t('common:none')
                  : `${formatNumber(100 * card.score, i18n.language, 1)}%`}
              </div>
            </div>
            {card.score === null ? <p className="muted">{t('card.scoreNone')}</p> : null}
          </div>
          {excluded.length > 0 ? (
            <p className="muted">
              {t('card.excludedNote', {
                kpis: excluded
                  .map(
                    (line) =>
                      `${localized(i18n.language, line.nameEn, line.nameRu)} (${t(`excluded.${line.excluded}`)})`,
                  )
                  .join('; '),
              })}
            </p>
          ) : null}
          <div className="table-wrap">
            <table>
              <thead>
                <tr>
                  <th>{t('card.kpi')}</th>
                  <th className="number">{t('card.weight')}</th>
                  <th className="number">{t('card.target')}</th>
                  <th className="number">{t('card.actual')}</th>
                  <th className="number">{t('card.attainment')}</th>
                  <th>{t('card.adjustments')}</th>
                  <th>{t('card.explanation')}</th>
                </tr>
              </thead>
              <tbody>
                {card.lines.map((line) => (
                  <KpiRow key={line.kpiId} line={line} review={review} allowed={allowed} />
                ))}
              </tbody>
            </table>
          </div>
        </>
      )}
      <div className="review-actions no-print">
        <a
          className="button"
          href={`/performance/managers/${card.manager.id}/export.xlsx?period=${card.period.id}`}
        >
          {t('card.exportXlsx')}
        </a>
        <button type="button" onClick={() => window.print()}>
          {t('card.print')}
        </button>
        {allowed.sign && card.lines.length > 0 ? <SignForm review={review} /> : null}
      </div>
      {formError ? (
        <p className="form-error" role="alert">
          {t(formError.replace(/^performance:/, ''), { defaultValue: formError })}
        </p>
      ) : null}
      {fair.charts.some((chart) => chart.rows.length > 0) ? (
        <FairScoreSection window={fair.window} charts={fair.charts} highlightId={card.manager.id} />
      ) : null}
    </>
  );
}

function SignForm({ review }: { review: LoaderData['review'] }) {
  const { t } = useTranslation('performance');
  const navigation = useNavigation();
  const missing = review.card.missingExplanations.length;
  return (
    <Form method="post" className="inline-form">
      <input type="hidden" name="periodId" value={review.card.period.id} />
      <button
        type="submit"
        name="intent"
        value="sign"
        className="primary"
        disabled={navigation.state !== 'idle'}
      >
        {t('card.sign')}
      </button>
      {missing > 0 ? <span className="muted">{t('card.signBlocked', { count: missing })}</span> : null}
    </Form>
  );
}

function KpiRow({
  line,
  review,
  allowed,
}: {
  line: CardLine;
  review: LoaderData['review'];
  allowed: LoaderData['can'];
}) {
  const { t, i18n } = useTranslation('performance');
  const actionData = useActionData<typeof action>();
  const periodId = review.card.period.id;
  const errors: Record<string, string> =
    actionData && actionData.kpiId === line.kpiId && actionData.intent !== 'decide'
      ? actionData.fieldErrors
      : {};
  const value = (figure: number | null) => formatKpiValue(figure, line.unit, i18n.language);
  const name = localized(i18n.language, line.nameEn, line.nameRu);
  const missing = line.needsExplanation && !line.explanation;
  return (
    <tr className={line.belowTarget ? 'kpi-below' : undefined}>
      <td>
        <div className="kpi-name">{name}</div>
        <div className="muted">
          {line.unit}
          {line.measured ? ` · ${t('card.measured')}` : ''}
          {line.monthsReported !== null && line.monthsReported < line.monthsInPeriod
            ? ` · ${t('card.months', { reported: line.monthsReported, total: line.monthsInPeriod })}`
            : ''}
        </div>
        {line.satisfaction ? (
          <div className="muted">
            {t('card.satisfactionDetail', {
              observed: formatNumber(line.satisfaction.observed, i18n.language, 1),
              expected: formatNumber(line.satisfaction.expected, i18n.language, 1),
              adjusted: formatNumber(line.satisfaction.adjusted, i18n.language, 1),
              shrunk: formatNumber(line.actual, i18n.language, 1),
              low: formatNumber(line.satisfaction.ci95[0], i18n.language, 1),
              high: formatNumber(line.satisfaction.ci95[1], i18n.language, 1),
              n: line.satisfaction.effectiveN,
              from: formatDate(line.satisfaction.windowStartsOn, i18n.language),
              to: formatDate(line.satisfaction.windowEndsOn, i18n.language),
            })}
          </div>
        ) : null}
      </td>
      <td className="number">{formatNumber(100 * line.weight, i18n.language, 0)}</td>
      <td className="number">
        {value(line.target)}
        {line.adjusted ? (
          <div>
            <span className="badge adjusted-marker" title={t('card.baseTarget')}>
              {t('card.adjustedMarker')}
            </span>
            <div className="muted">
              {t('card.baseTarget')}: {value(line.baseTarget)}
            </div>
          </div>
        ) : null}
        {line.satisfaction?.targetIsCompanyMean ? (
          <div className="muted">{t('card.companyMeanTarget')}</div>
        ) : null}
      </td>
      <td className="number">{value(line.actual)}</td>
      <td className="number">
        {line.attainment === null ? '—' : `${formatNumber(100 * line.attainment, i18n.language, 1)}`}
        {line.excluded ? <div className="muted">{t(`excluded.${line.excluded}`)}</div> : null}
      </td>
      <td>
        {line.adjustments.length > 0 ? (
          <ul className="adjustment-list">
            {line.adjustments.map((adjustment) => (
              <li key={adjustment.id}>
                <span
                  className={`badge ${adjustment.status === 'approved' ? 'adjusted-marker' : 'muted-badge'}`}
                >
                  {t(`adjustmentStatus.${adjustment.status}`)}
                </span>{' '}
                {t('card.delta', {
                  delta: `${adjustment.targetDelta > 0 ? '+' : ''}${value(adjustment.targetDelta)}`,
                })}
                <div>{adjustment.reason}</div>
                <div className="muted">
                  {adjustment.proposedByName
                    ? t('card.proposedBy', { name: adjustment.proposedByName })
                    : null}
                  {adjustment.decidedByName
                    ? ` · ${t('card.decidedBy', { status: t(`adjustmentStatus.${adjustment.status}`), name: adjustment.decidedByName })}`
                    : null}
                </div>
                {allowed.manage && adjustment.status === 'proposed' && review.status === 'draft' ? (
                  <Form method="post" className="inline-form">
                    <input type="hidden" name="periodId" value={periodId} />
                    <input type="hidden" name="intent" value="decide" />
                    <input type="hidden" name="adjustmentId" value={adjustment.id} />
                    <button type="submit" name="decision" value="approved">
                      {t('card.approve')}
                    </button>
                    <button type="submit" name="decision" value="rejected">
                      {t('card.reject')}
                    </button>
                  </Form>
                ) : null}
              </li>
            ))}
          </ul>
        ) : null}
        {allowed.propose && !line.measured ? (
          <details open={Boolean(errors.newTarget || errors.reason)}>
            <summary>{t('card.proposeAdjustment')}</summary>
            <Form method="post" className="stack" noValidate>
              <input type="hidden" name="periodId" value={periodId} />
              <input type="hidden" name="intent" value="propose" />
              <input type="hidden" name="kpiId" value={line.kpiId} />
              <Field label={t('card.newTarget')} error={errors.newTarget}>
                {(props) => <input {...props} name="newTarget" inputMode="decimal" required />}
              </Field>
              <Field label={t('card.reason')} error={errors.reason}>
                {(props) => <textarea {...props} name="reason" rows={3} required />}
              </Field>
              <button type="submit">{t('card.propose')}</button>
            </Form>
          </details>
        ) : null}
      </td>
      <td>
        {missing ? <span className="badge missing-badge">{t('card.needsExplanation')}</span> : null}
        {line.explanation ? <p className="explanation-text">{line.explanation.text}</p> : null}
        {allowed.explain && line.belowTarget ? (
          <details open={missing || Boolean(errors.text)}>
            <summary>{t('card.explain')}</summary>
            <Form method="post" className="stack" noValidate>
              <input type="hidden" name="periodId" value={periodId} />
              <input type="hidden" name="intent" value="explain" />
              <input type="hidden" name="kpiId" value={line.kpiId} />
              <Field label={t('card.explanation')} error={errors.text}>
                {(props) => (
                  <textarea
                    {...props}
                    name="text"
                    rows={4}
                    required
                    defaultValue={line.explanation?.text ?? ''}
                    placeholder={t('card.explanationHint')}
                  />
                )}
              </Field>
              <button type="submit" className="primary">
                {t('card.saveExplanation')}
              </button>
            </Form>
          </details>
        ) : null}
      </td>
    </tr>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
