import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { useLoaderData } from '@remix-run/react';
import { useTranslation } from 'react-i18next';
import { requireUser } from '#app/auth/session.server.ts';
import { IntervalDots } from '#app/charts/interval-dots.tsx';
import { AnalyticsFilterBar, ViewChoice } from '#app/components/analytics-filter-bar.tsx';
import { ChartFrame } from '#app/components/chart-frame.tsx';
import { DataTableView } from '#app/components/data-table-view.tsx';
import { GeneralErrorBoundary } from '#app/components/error-boundary.tsx';
import { useAnalyticsFormat } from '#app/components/use-analytics-format.ts';
import { resolveLocale } from '#app/i18n/locale.server.ts';
import { metricRanges, overviewDimensions, scoreMetricKeys } from '#app/models/analytics-params.ts';
import { parseAnalyticsParams } from '#app/models/analytics-params.server.ts';
import { getOverviewDashboard, type MetricTile } from '#app/models/analytics.server.ts';

export const meta: MetaFunction = () => [{ title: 'Analytics · Barometer' }];

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request, 'analytics:read');
  const params = parseAnalyticsParams(new URL(request.url).searchParams);
  return getOverviewDashboard({ viewer: user, params, locale: await resolveLocale(request, user.locale) });
}

export default function AnalyticsOverviewPage() {
  const data = useLoaderData<typeof loader>();
  const { t } = useTranslation('analytics');
  const suppressedLabel = t('suppressed', { threshold: data.filterBar.thresholds.suppressBelow });
  const format = useAnalyticsFormat(suppressedLabel);
  const metricName = t(`metrics.${data.metric}`);
  const dimensionName = t(`dimensions.${data.by}`);
  return (
    <>
      <div className="page-head">
        <h1>{t('overview.title')}</h1>
        <span className="muted">
          {data.selectedWave
            ? data.previousWave
              ? t('overview.comparedWith', { wave: data.selectedWave.name, previous: data.previousWave.name })
              : data.selectedWave.name
            : t('allWaves')}
        </span>
      </div>
      <AnalyticsFilterBar data={data.filterBar}>
        <ViewChoice
          name="metric"
          label={t('metric')}
          value={data.metric}
          options={scoreMetricKeys.map((key) => ({ value: key, label: t(`metrics.${key}`) }))}
        />
        <ViewChoice
          name="by"
          label={t('segmentBy')}
          value={data.by}
          options={overviewDimensions.map((key) => ({ value: key, label: t(`dimensions.${key}`) }))}
        />
      </AnalyticsFilterBar>

      <div className="tiles">
        {data.tiles.map((tile) => (
          <Tile
            key={tile.metric}
            tile={tile}
            previousWave={data.previousWave?.name ?? null}
            format={format}
            suppressedLabel={suppressedLabel}
          />
        ))}
      </div>
      <p className="muted">
        {t('overview.significanceNote', { lowBase: data.filterBar.thresholds.lowBaseBelow })}
      </p>

      <h2>{t('overview.segmentsTitle', { metric: metricName, dimension: dimensionName })}</h2>
      <ChartFrame
        title={t('overview.segmentsTitle', { metric: metricName, dimension: dimensionName })}
        fileName={`${data.metric}-by-${data.by}`}
        note={t('intervalNote')}
      >
        <IntervalDots
          title={t('overview.segmentsTitle', { metric: metricName, dimension: dimensionName })}
          rows={data.segments}
          range={metricRanges[data.metric]}
          formatValue={(value) => format.metricValue(data.metric, value)}
          tooltip={(label, cell) => format.tooltip(data.metric, label, cell)}
          suppressedLabel={suppressedLabel}
        />
      </ChartFrame>
      <DataTableView table={data.tables.segments} caption={false} />

      <h2>{t('overview.wavesTitle')}</h2>
      <DataTableView table={data.tables.waves} caption={false} />
      <DataTableView table={data.tables.overview} />
    </>
  );
}

function Tile({
  tile,
  previousWave,
  format,
  suppressedLabel,
}: {
  tile: MetricTile;
  previousWave: string | null;
  format: ReturnType<typeof useAnalyticsFormat>;
  suppressedLabel: string;
}) {
  const { t } = useTranslation('analytics');
  const { cell, change } = tile;
  return (
    <section className="tile" aria-label={t(`metrics.${tile.metric}`)}>
      <h2>{t(`metrics.${tile.metric}`)}</h2>
      {cell.suppressed ? (
        <p className="figure suppressed">{suppressedLabel}</p>
      ) : cell.value === null ? (
        <>
          <p className="figure suppressed">—</p>
          <p className="muted">{t('noAnswers')}</p>
        </>
      ) : (
        <>
          <p className="figure">
            {format.metricValue(tile.metric, cell.value)}
            {cell.lowBase ? (
              <span className="low-base-mark" title={t('lowBaseShort')}>
                {t('lowBaseMark')}
              </span>
            ) : null}
          </p>
          {cell.ci95 ? (
            <p className="muted">{t('ciText', { interval: format.interval(tile.metric, cell.ci95) })}</p>
          ) : null}
          <p className="muted">n = {format.number(cell.n ?? 0)}</p>
        </>
      )}
      {change && previousWave ? (
        <p>
          {change.diff === null ? (
            <span className="muted">{t('overview.noComparison', { wave: previousWave })}</span>
          ) : change.significant ? (
            <span className={change.diff > 0 ? 'change-up' : 'change-down'}>
              {t('overview.significantChange', {
                arrow: change.diff > 0 ? '▲' : '▼',
                diff: format.change(tile.metric, change.diff),
                wave: previousWave,
              })}
            </span>
          ) : (
            <span className="muted">
              {t('overview.noSignificantChange', {
                diff: format.change(tile.metric, change.diff),
                wave: previousWave,
              })}
            </span>
          )}
        </p>
      ) : null}
    </section>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
