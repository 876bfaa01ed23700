import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { useLoaderData } from '@remix-run/react';
import { useTranslation } from 'react-i18next';
import { requireUser } from '#app/auth/session.server.ts';
import { Heatmap } from '#app/charts/heatmap.tsx';
import { AnalyticsFilterBar, ViewChoice } from '#app/components/analytics-filter-bar.tsx';
import { ChartFrame } from '#app/components/chart-frame.tsx';
import { DataTableView } from '#app/components/data-table-view.tsx';
import { GeneralErrorBoundary } from '#app/components/error-boundary.tsx';
import { useAnalyticsFormat } from '#app/components/use-analytics-format.ts';
import { resolveLocale } from '#app/i18n/locale.server.ts';
import { heatmapMetricKeys, metricRanges, segmentDimensions } from '#app/models/analytics-params.ts';
import { parseAnalyticsParams } from '#app/models/analytics-params.server.ts';
import { getHeatmapDashboard } from '#app/models/analytics.server.ts';

export const meta: MetaFunction = () => [{ title: 'Heatmap · Barometer' }];

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request, 'analytics:read');
  const params = parseAnalyticsParams(new URL(request.url).searchParams);
  return getHeatmapDashboard({ viewer: user, params, locale: await resolveLocale(request, user.locale) });
}

export default function HeatmapPage() {
  const data = useLoaderData<typeof loader>();
  const { t } = useTranslation('analytics');
  const { thresholds } = data.filterBar;
  const suppressedLabel = t('suppressed', { threshold: thresholds.suppressBelow });
  const format = useAnalyticsFormat(suppressedLabel);
  const title = t('heatmap.chartTitle', { metric: data.metricName, dimension: t(`dimensions.${data.by}`) });
  return (
    <>
      <h1>{t('heatmap.title')}</h1>
      <AnalyticsFilterBar data={data.filterBar}>
        <ViewChoice
          name="metric"
          label={t('metric')}
          value={data.metric}
          options={heatmapMetricKeys.map((key) => ({ value: key, label: t(`metrics.${key}`) }))}
        />
        {data.metric === 'attribute' ? (
          <ViewChoice
            name="attribute"
            label={t('dimensions.attribute')}
            value={data.attribute ?? ''}
            options={[
              { value: '', label: t('allAttributes') },
              ...data.filterBar.attributes.map((attribute) => ({
                value: attribute.key,
                label: attribute.name,
              })),
            ]}
          />
        ) : null}
        <ViewChoice
          name="by"
          label={t('rows')}
          value={data.by}
          options={segmentDimensions.map((key) => ({ value: key, label: t(`dimensions.${key}`) }))}
        />
      </AnalyticsFilterBar>
      {data.rows.length === 0 ? (
        <p className="empty">{t('noData')}</p>
      ) : (
        <ChartFrame
          title={title}
          fileName={`heatmap-${data.metric}-by-${data.by}`}
          note={t('heatmap.note', { suppressed: suppressedLabel, lowBase: thresholds.lowBaseBelow })}
        >
          <Heatmap
            title={title}
            rows={data.rows}
            columns={data.columns}
            cells={data.cells}
            range={metricRanges[data.metric]}
            formatValue={(value) => format.metricValue(data.metric, value)}
            tooltip={(row, column, cell) => format.tooltip(data.metric, `${row} × ${column}`, cell)}
            suppressedLabel={suppressedLabel}
          />
        </ChartFrame>
      )}
      <DataTableView table={data.tables.heatmap} folded={data.rows.length * data.columns.length > 60} />
    </>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
