import type { Cell, Dimension, MetricKey } from '#analytics/aggregations/index.ts';

// The analytics URL: every filter and choice of a dashboard lives in its search parameters, so a
// view can be shared by copying the address. The names, choices and shapes here are shared by the
// server and the browser; parsing lives in analytics-params.server.ts.

export const scoreMetricKeys = [
  'nps',
  'csat',
  'ces',
  'csi',
  'overall',
] as const satisfies readonly MetricKey[];
export const heatmapMetricKeys = [...scoreMetricKeys, 'attribute'] as const satisfies readonly MetricKey[];
export type ScoreMetricKey = (typeof heatmapMetricKeys)[number];

/** Segments a chart can be split by (the rows of a heatmap, the bars of a composition). */
export const segmentDimensions = [
  'size',
  'section',
  'region',
  'unit',
  'manager',
  'group',
  'contactRole',
  'vip',
] as const satisfies readonly Dimension[];
export const overviewDimensions = [...segmentDimensions, 'product'] as const satisfies readonly Dimension[];
export type SegmentDimension = (typeof overviewDimensions)[number];

export const importanceKinds = ['stated', 'derived'] as const;
export type ImportanceKind = (typeof importanceKinds)[number];

export const accountClasses = ['promoter', 'passive', 'detractor'] as const;
export type AccountClass = (typeof accountClasses)[number];

/** The range a metric lives on, for colour scales and axes; NPS is centred on zero. */
export const metricRanges: Record<ScoreMetricKey | 'importance', { min: number; max: number; mid?: number }> =
  {
    nps: { min: -100, max: 100, mid: 0 },
    csat: { min: 0, max: 100 },
    csi: { min: 0, max: 100 },
    ces: { min: 1, max: 7 },
    overall: { min: 1, max: 5 },
    attribute: { min: 1, max: 5 },
    importance: { min: 1, max: 5 },
  };

/** Decimal places a metric is shown (and exported) with: the screen and the files agree. */
export const metricDigits: Record<ScoreMetricKey | 'importance', number> = {
  nps: 1,
  csat: 1,
  csi: 1,
  ces: 2,
  overall: 2,
  attribute: 2,
  importance: 2,
};

/** A figure as it may be shown: a suppressed cell has neither value, interval nor exact n. */
export interface ShownCell {
  n: number | null;
  value: number | null;
  ci95: readonly [number, number] | null;
  suppressed: boolean;
  lowBase: boolean;
}

/** An engine cell as it may leave the server. No cell means nobody answered: "no answers" (n = 0), not suppressed. */
export function shownCell(cell: Cell | undefined): ShownCell {
  if (!cell) return { n: 0, value: null, ci95: null, suppressed: false, lowBase: false };
  if (cell.suppressed) return { n: null, value: null, ci95: null, suppressed: true, lowBase: false };
  return { n: cell.n, value: cell.value, ci95: cell.ci95, suppressed: false, lowBase: cell.lowBase };
}

/** The filter parameters every dashboard shares, with the URL name of each. */
export const filterParamNames = [
  'wave',
  'size',
  'section',
  'region',
  'unit',
  'manager',
  'product',
  'group',
  'role',
  'vip',
] as const;

export interface AnalyticsParams {
  /** A wave id, 'all' for every wave, or null for the newest wave with answers. */
  wave: string | null;
  sizes: string[];
  sections: string[];
  regions: string[];
  units: string[];
  managers: string[];
  products: string[];
  groups: string[];
  roles: string[];
  vip: boolean | null;
  metric: ScoreMetricKey;
  attribute: string | null;
  by: SegmentDimension;
  importance: ImportanceKind;
  accountClass: AccountClass | null;
  q: string | null;
  page: number;
}

/** The filter part of a query string, for links between dashboards that keep the same filters. */
export function filterQuery(search: URLSearchParams): string {
  const kept = new URLSearchParams();
  for (const [name, value] of search) {
    if ((filterParamNames as readonly string[]).includes(name) && value !== '') kept.append(name, value);
  }
  const query = kept.toString();
  return query ? `?${query}` : '';
}
