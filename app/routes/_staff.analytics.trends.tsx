import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { useLoaderData } from '@remix-run/react';
import { useTranslation } from 'react-i18next';
import { requireUser } from '#app/auth/session.server.ts';
import { StackedComposition } from '#app/charts/stacked-composition.tsx';
import { TrendLine } from '#app/charts/trend-line.tsx';
import { AnalyticsFilterBar, ViewChoice } from '#app/components/analytics-filter-bar.tsx';
import { ChartFrame } from '#app/components/chart-frame.tsx';
import { DataTableView } from '#app/components/data-table-view.tsx';
import { GeneralErrorBoundary } from '#app/components/error-boundary.tsx';
import { useAnalyticsFormat } from '#app/components/use-analytics-format.ts';
import { resolveLocale } from '#app/i18n/locale.server.ts';
import { metricRanges, overviewDimensions, scoreMetricKeys } from '#app/models/analytics-params.ts';
import { parseAnalyticsParams } from '#app/models/analytics-params.server.ts';
import { getTrendsDashboard } from '#app/models/analytics.server.ts';

export const meta: MetaFunction = () => [{ title: 'NPS composition and trends · Barometer' }];

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request, 'analytics:read');
  const params = parseAnalyticsParams(new URL(request.url).searchParams);
  return getTrendsDashboard({ viewer: user, params, locale: await resolveLocale(request, user.locale) });
}

export default function TrendsPage() {
  const data = useLoaderData<typeof loader>();
  const { t } = useTranslation('analytics');
  const suppressedLabel = t('suppressed', { threshold: data.filterBar.thresholds.suppressBelow });
  const format = useAnalyticsFormat(suppressedLabel);
  const compositionTitle = t('trends.compositionTitle', { dimension: t(`dimensions.${data.by}`) });
  const trendTitle = t('trends.trendTitle', { metric: t(`metrics.${data.metric}`) });
  return (
    <>
      <h1>{t('trends.title')}</h1>
      <AnalyticsFilterBar data={data.filterBar}>
        <ViewChoice
          name="by"
          label={t('segmentBy')}
          value={data.by}
          options={overviewDimensions.map((key) => ({ value: key, label: t(`dimensions.${key}`) }))}
        />
        <ViewChoice
          name="metric"
          label={t('trends.trendMetric')}
          value={data.metric}
          options={scoreMetricKeys.map((key) => ({ value: key, label: t(`metrics.${key}`) }))}
        />
      </AnalyticsFilterBar>

      <h2>{compositionTitle}</h2>
      <ChartFrame title={compositionTitle} fileName={`nps-composition-by-${data.by}`} note={t('lowBaseNote')}>
        <StackedComposition
          title={compositionTitle}
          segments={data.composition}
          labels={{
            promoters: t('trends.promoters'),
            passives: t('trends.passives'),
            detractors: t('trends.detractors'),
            nps: t('metrics.nps'),
          }}
          formatShare={(value) => `${format.number(value, 0)}%`}
          formatNps={(value) => format.metricValue('nps', value)}
          suppressedLabel={suppressedLabel}
        />
      </ChartFrame>
      <DataTableView table={data.tables.composition} caption={false} />

      <h2>{trendTitle}</h2>
      <ChartFrame title={trendTitle} fileName={`${data.metric}-by-wave`} note={t('intervalNote')}>
        <TrendLine
          title={trendTitle}
          points={data.trend}
          range={metricRanges[data.metric]}
          formatValue={(value) => format.metricValue(data.metric, value)}
          tooltip={(label, cell) => format.tooltip(data.metric, label, cell)}
          suppressedLabel={suppressedLabel}
        />
      </ChartFrame>
      <DataTableView table={data.tables.trend} caption={false} />
    </>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
