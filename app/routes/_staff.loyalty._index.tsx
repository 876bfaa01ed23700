import type { LoaderFunctionArgs } from '@remix-run/node';
import { Form, Link, useLoaderData, useSearchParams } from '@remix-run/react';
import { useTranslation } from 'react-i18next';
import { requireUser } from '#app/auth/session.server.ts';
import {
  loyaltyStateColours,
  loyaltyStateOrder as loyaltyStates,
  ValueSatisfactionChart,
} from '#app/charts/value-satisfaction.tsx';
import { ChartFrame } from '#app/components/chart-frame.tsx';
import { GeneralErrorBoundary } from '#app/components/error-boundary.tsx';
import { Pagination } from '#app/components/pagination.tsx';
import { LoyaltyExportLinks, LoyaltyStateBadge } from '#app/components/satisfaction-history.tsx';
import { getValueSatisfactionMatrix, matrixParamsSchema } from '#app/models/satisfaction-feed.server.ts';
import { formatMoney, formatNumber } from '#app/utils/format.ts';

const TABLE_PAGE = 50;

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request, 'analytics:read');
  const searchParams = new URL(request.url).searchParams;
  const params = matrixParamsSchema.parse(Object.fromEntries(searchParams));
  const matrix = await getValueSatisfactionMatrix({ viewer: user, params });
  return { params, matrix };
}

// Written out rather than Intl's compact notation, whose wording differs between the server's and
// the browser's ICU and would break hydration.
const magnitudes = [
  [1e9, 'bn', 'млрд'],
  [1e6, 'M', 'млн'],
  [1e3, 'k', 'тыс.'],
] as const;
function compact(value: number, locale: string): string {
  for (const [size, en, ru] of magnitudes) {
    if (Math.abs(value) >= size)
      return `${formatNumber(value / size, locale, value / size < 10 ? 1 : 0)} ${locale === 'ru' ? ru : en}`;
  }
  return formatNumber(value, locale);
}

/** The value × satisfaction matrix, with the clients per state and the same clients as a table. */
export default function LoyaltyMatrixPage() {
  const { params, matrix } = useLoaderData<typeof loader>();
  const { t, i18n } = useTranslation('loyalty');
  const locale = i18n.language;
  const [searchParams] = useSearchParams();
  const page = Math.max(1, Number(searchParams.get('page')) || 1);
  const valueLabel = params.value === 'income' ? t('matrix.valueIncome') : t('matrix.valueRevenue');
  const satisfactionLabel =
    params.satisfaction === 'csi' ? t('matrix.satisfactionCsi') : t('matrix.satisfactionNps');
  const stateLabels = Object.fromEntries(
    loyaltyStates.map((state) => [state, t(`states.${state}`)]),
  ) as Record<(typeof loyaltyStates)[number], string>;
  const byValue = [...matrix.points].sort((a, b) => b.value - a.value || a.name.localeCompare(b.name));
  const pageCount = Math.max(1, Math.ceil(byValue.length / TABLE_PAGE));
  const shown = byValue.slice((page - 1) * TABLE_PAGE, page * TABLE_PAGE);
  const total = loyaltyStates.reduce((sum, state) => sum + matrix.counts[state], 0);
  return (
    <>
      <h2>{t('matrix.title')}</h2>
      {total === 0 ? <p className="empty">{t('empty')}</p> : null}
      <section aria-label={t('matrix.counts')} className="cards">
        {loyaltyStates.map((state) => (
          <div key={state} className="card">
            <h3>
              <span aria-hidden="true" style={{ color: loyaltyStateColours[state] }}>
                ●{' '}
              </span>
              {t(`states.${state}`)}
            </h3>
            <p className="figure">{formatNumber(matrix.counts[state], locale)}</p>
          </div>
        ))}
      </section>
      <Form method="get" className="inline-form">
        {['unit', 'manager'].map((key) =>
          searchParams.get(key) ? (
            <input key={key} type="hidden" name={key} value={searchParams.get(key)!} />
          ) : null,
        )}
        <label className="inline-label">
          {t('matrix.valueAxis')}
          <select name="value" defaultValue={params.value}>
            <option value="income">{t('matrix.valueIncome')}</option>
            <option value="revenue">{t('matrix.valueRevenue')}</option>
          </select>
        </label>
        <label className="inline-label">
          {t('matrix.satisfactionAxis')}
          <select name="satisfaction" defaultValue={params.satisfaction}>
            <option value="csi">{t('matrix.satisfactionCsi')}</option>
            <option value="nps">{t('matrix.satisfactionNps')}</option>
          </select>
        </label>
        <button type="submit">{t('matrix.show')}</button>
      </Form>
      <ChartFrame
        title={t('matrix.chartTitle')}
        fileName="value-satisfaction"
        note={t('matrix.note', {
          line:
            params.satisfaction === 'csi'
              ? t('matrix.lineCsi', { value: matrix.crosshair.satisfaction })
              : t('matrix.lineNps'),
        })}
      >
        <ValueSatisfactionChart
          title={t('matrix.chartTitle')}
          points={matrix.points}
          crosshair={matrix.crosshair}
          satisfactionDomain={params.satisfaction === 'csi' ? [0, 100] : [-100, 100]}
          valueLabel={`${valueLabel}, RUB`}
          satisfactionLabel={satisfactionLabel}
          stateLabels={stateLabels}
          quadrantLabels={{
            retain: t('matrix.quadrants.retain'),
            rescue: t('matrix.quadrants.rescue'),
            develop: t('matrix.quadrants.develop'),
            monitor: t('matrix.quadrants.monitor'),
          }}
          formatValue={(value) => compact(value, locale)}
          formatSatisfaction={(value) => formatNumber(value, locale)}
          pointLabel={(point) =>
            t('matrix.dot', {
              name: point.name,
              state: stateLabels[point.state],
              value: formatMoney(point.value, locale),
              satisfaction: formatNumber(point.satisfaction, locale, 1),
            })
          }
        />
      </ChartFrame>
      {matrix.unplaced > 0 ? (
        <p className="muted">{t('matrix.unplaced', { count: matrix.unplaced })}</p>
      ) : null}
      <section aria-labelledby="matrix-table">
        <div className="data-table-head">
          <h3 id="matrix-table">{t('matrix.table')}</h3>
          <LoyaltyExportLinks view="matrix" />
        </div>
        <div className="table-wrap">
          <table>
            <thead>
              <tr>
                <th scope="col">{t('client')}</th>
                <th scope="col">{t('state')}</th>
                <th scope="col" className="number">
                  {valueLabel}, RUB
                </th>
                <th scope="col" className="number">
                  {satisfactionLabel}
                </th>
              </tr>
            </thead>
            <tbody>
              {shown.map((point) => (
                <tr key={point.clientId}>
                  <td>
                    <Link to={`/clients/${point.clientId}`}>{point.name}</Link>
                  </td>
                  <td>
                    <LoyaltyStateBadge state={point.state} />
                  </td>
                  <td className="number">{formatMoney(point.value, locale)}</td>
                  <td className="number">{formatNumber(point.satisfaction, locale, 1)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
        <Pagination page={Math.min(page, pageCount)} pageCount={pageCount} />
      </section>
    </>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
