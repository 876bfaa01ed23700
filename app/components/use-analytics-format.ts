import { useTranslation } from 'react-i18next';
import { metricDigits, type ScoreMetricKey, type ShownCell } from '#app/models/analytics-params.ts';
import { formatNumber } from '#app/utils/format.ts';

/** Locale-aware formatting of analytics figures, shared by the dashboards' charts and tiles. */
export function useAnalyticsFormat(suppressedLabel: string) {
  const { t, i18n } = useTranslation('analytics');
  const locale = i18n.language;
  const metricValue = (metric: ScoreMetricKey | 'importance', value: number) =>
    `${formatNumber(value, locale, metricDigits[metric])}${metric === 'csat' ? '%' : ''}`;
  /** A change between waves: CSAT moves in percentage points, the others in their own units. */
  const change = (metric: ScoreMetricKey, diff: number) => {
    const digits = formatNumber(Math.abs(diff), locale, metricDigits[metric]);
    const sign = diff > 0 ? '+' : diff < 0 ? '−' : '';
    return metric === 'csat' ? `${sign}${digits} ${t('percentagePoints')}` : `${sign}${digits}`;
  };
  const interval = (metric: ScoreMetricKey | 'importance', ci95: readonly [number, number]) =>
    `${metricValue(metric, ci95[0])} – ${metricValue(metric, ci95[1])}`;
  /** A figure's tooltip: value, 95% interval and n, or the suppression label alone. */
  const tooltip = (metric: ScoreMetricKey, label: string, cell: ShownCell) => {
    if (cell.suppressed) return `${label}: ${suppressedLabel}`;
    if (cell.value === null) return `${label}: ${t('noAnswers')}`;
    const parts = [`${label}: ${metricValue(metric, cell.value)}`];
    if (cell.ci95) parts.push(t('ciText', { interval: interval(metric, cell.ci95) }));
    parts.push(`n = ${formatNumber(cell.n, locale)}`);
    if (cell.lowBase) parts.push(t('lowBaseShort'));
    return parts.join(', ');
  };
  return {
    locale,
    metricValue,
    change,
    interval,
    tooltip,
    number: (value: number, digits = 0) => formatNumber(value, locale, digits),
  };
}
