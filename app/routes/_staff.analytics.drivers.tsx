import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { useLoaderData } from '@remix-run/react';
import { useTranslation } from 'react-i18next';
import { requireUser } from '#app/auth/session.server.ts';
import { DriverBars } from '#app/charts/driver-bars.tsx';
import { IpaMatrix } from '#app/charts/ipa-matrix.tsx';
import { AnalyticsFilterBar, ViewChoice } from '#app/components/analytics-filter-bar.tsx';
import { ChartFrame } from '#app/components/chart-frame.tsx';
import { DataTableView } from '#app/components/data-table-view.tsx';
import { GeneralErrorBoundary } from '#app/components/error-boundary.tsx';
import { useAnalyticsFormat } from '#app/components/use-analytics-format.ts';
import { resolveLocale } from '#app/i18n/locale.server.ts';
import { importanceKinds } from '#app/models/analytics-params.ts';
import { parseAnalyticsParams } from '#app/models/analytics-params.server.ts';
import { getDriversDashboard } from '#app/models/analytics.server.ts';

export const meta: MetaFunction = () => [{ title: 'Drivers · Barometer' }];

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request, 'analytics:company');
  const params = parseAnalyticsParams(new URL(request.url).searchParams);
  return getDriversDashboard({ viewer: user, params, locale: await resolveLocale(request, user.locale) });
}

export default function DriversPage() {
  const data = useLoaderData<typeof loader>();
  const { t } = useTranslation('analytics');
  const suppressedLabel = t('suppressed', { threshold: data.filterBar.thresholds.suppressBelow });
  const format = useAnalyticsFormat(suppressedLabel);
  const importanceLabel = t(`drivers.${data.importance}Importance`);
  const matrixTitle = t('drivers.matrixTitle', { importance: importanceLabel });
  const formatImportance = (value: number) =>
    data.importance === 'stated' ? format.metricValue('importance', value) : `${format.number(value, 1)}%`;
  return (
    <>
      <h1>{t('drivers.title')}</h1>
      <AnalyticsFilterBar data={data.filterBar}>
        <ViewChoice
          name="importance"
          label={t('drivers.importance')}
          value={data.importance}
          options={importanceKinds.map((kind) => ({ value: kind, label: t(`drivers.${kind}Importance`) }))}
        />
      </AnalyticsFilterBar>

      <ul className="stats" aria-label={t('drivers.statistics')}>
        <li>
          {t('metrics.csi')}:{' '}
          <strong>
            {data.csi.suppressed || data.csi.value === null
              ? suppressedLabel
              : format.metricValue('csi', data.csi.value)}
          </strong>{' '}
          <span className="muted">({t(`drivers.csiWeights.${data.csiWeights}`)})</span>
        </li>
        <li>
          {t('drivers.alpha')}:{' '}
          <strong>{data.cronbachAlpha === null ? '—' : format.number(data.cronbachAlpha, 2)}</strong>
          {data.cronbachAlpha !== null && data.cronbachAlpha < 0.7 ? (
            <span className="low-base-mark">{t('drivers.alphaLow')}</span>
          ) : null}
        </li>
        <li>
          R²: <strong>{data.rSquared === null ? '—' : format.number(data.rSquared, 2)}</strong>
        </li>
        <li>
          n: <strong>{format.number(data.n)}</strong>
        </li>
      </ul>

      {data.points.length === 0 || data.crosshair === null ? (
        <p className="empty">{t('drivers.notEnough', { suppressed: suppressedLabel })}</p>
      ) : (
        <div className="two-columns">
          <ChartFrame title={matrixTitle} fileName={`ipa-${data.importance}`} note={t('drivers.matrixNote')}>
            <IpaMatrix
              title={matrixTitle}
              points={data.points}
              crosshair={data.crosshair}
              importanceLabel={importanceLabel}
              performanceLabel={t('drivers.performance')}
              quadrantLabels={{
                concentrate: t('quadrants.concentrate'),
                keep: t('quadrants.keep'),
                'low-priority': t('quadrants.low-priority'),
                overkill: t('quadrants.overkill'),
              }}
              formatImportance={formatImportance}
              formatPerformance={(value) => format.metricValue('attribute', value)}
            />
          </ChartFrame>
          <ChartFrame title={t('drivers.barsTitle')} fileName="key-drivers" note={t('drivers.barsNote')}>
            <DriverBars
              title={t('drivers.barsTitle')}
              drivers={data.weights}
              formatPercent={(value) => `${format.number(value, 1)}%`}
            />
          </ChartFrame>
        </div>
      )}
      <DataTableView table={data.tables.drivers} />
    </>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
