import { useTranslation } from 'react-i18next';
import { ManagerFunnelIntervals } from '#app/charts/manager-funnel-intervals.tsx';
import { ChartFrame } from '#app/components/chart-frame.tsx';
import type { FairScoreChart } from '#app/models/fair-scores.server.ts';
import { formatDate, formatNumber } from '#app/utils/format.ts';

const ranges = { csi: { min: 0, max: 100 }, nps: { min: -100, max: 100 } } as const;

/**
 * The fair satisfaction score of each manager in view: a chart against the company mean and a table
 * with every figure behind it (n, observed, expected, adjusted, shrunk, interval) — never a bare
 * ranking.
 */
export function FairScoreSection({
  window,
  charts,
  highlightId,
}: {
  window: { startsOn: string; endsOn: string };
  charts: FairScoreChart[];
  highlightId?: string;
}) {
  const { t, i18n } = useTranslation('performance');
  const number = (value: number, digits = 1) => formatNumber(value, i18n.language, digits);
  return (
    <section aria-labelledby="fair-score-title">
      <h2 id="fair-score-title">{t('fair.title')}</h2>
      <p className="muted">
        {t('fair.intro', {
          from: formatDate(window.startsOn, i18n.language),
          to: formatDate(window.endsOn, i18n.language),
        })}
      </p>
      {charts.length === 0 ? <p className="empty">{t('fair.unavailable')}</p> : null}
      {charts.map((chart) => {
        const metric = t(`fair.metrics.${chart.metric}`);
        return (
          <div key={chart.metric}>
            <ChartFrame
              title={t('fair.chartTitle', { metric })}
              fileName={`fair-score-${chart.metric}`}
              note={chart.rows.some((row) => row.lowBase) ? `* ${t('fair.lowBase')}` : undefined}
            >
              <ManagerFunnelIntervals
                title={t('fair.chartTitle', { metric })}
                rows={chart.rows.map((row) => ({
                  managerId: row.managerId,
                  label: row.fullName,
                  n: row.n,
                  adjusted: row.adjusted,
                  shrunk: row.shrunk,
                  ci95: row.ci95,
                  versusMean: row.versusMean,
                  lowBase: row.lowBase,
                }))}
                mean={chart.mean}
                meanLabel={t('fair.mean', { value: number(chart.mean) })}
                range={ranges[chart.metric]}
                formatValue={(value) => number(value, 0)}
                tooltip={(row) =>
                  t('fair.tooltip', {
                    name: row.label,
                    value: number(row.shrunk),
                    low: number(row.ci95[0]),
                    high: number(row.ci95[1]),
                    n: row.n,
                  })
                }
                highlightId={highlightId}
              />
            </ChartFrame>
            <div className="table-wrap">
              <table aria-label={metric}>
                <thead>
                  <tr>
                    <th>{t('overview.manager')}</th>
                    <th className="number">{t('fair.n')}</th>
                    <th className="number">{t('fair.observed')}</th>
                    <th className="number">{t('fair.expected')}</th>
                    <th className="number">{t('fair.adjusted')}</th>
                    <th className="number">{t('fair.shrunk')}</th>
                    <th className="number">{t('fair.interval')}</th>
                    <th className="number">{t('fair.reliability')}</th>
                    <th>{t('fair.versusMean')}</th>
                  </tr>
                </thead>
                <tbody>
                  {chart.rows.map((row) => (
                    <tr key={row.managerId}>
                      <td>{row.fullName}</td>
                      <td className="number">
                        {row.n}
                        {row.lowBase ? '*' : ''}
                      </td>
                      <td className="number">{number(row.observed)}</td>
                      <td className="number">{number(row.expected)}</td>
                      <td className="number">{number(row.adjusted)}</td>
                      <td className="number">
                        <strong>{number(row.shrunk)}</strong>
                      </td>
                      <td className="number">
                        {number(row.ci95[0])} – {number(row.ci95[1])}
                      </td>
                      <td className="number">{formatNumber(100 * row.reliability, i18n.language, 0)}%</td>
                      <td>{t(`fair.versus.${row.versusMean}`)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
            {chart.withoutResponses.length > 0 ? (
              <p className="muted">
                {t('fair.withoutResponses', {
                  names: chart.withoutResponses.map((manager) => manager.fullName).join(', '),
                })}
              </p>
            ) : null}
          </div>
        );
      })}
    </section>
  );
}
