import type { Interval } from '../metrics/index.ts';

/**
 * What a figure can be cut by. Every dimension is read from the response's snapshot (as the client
 * was when it answered), except 'attribute' (the score fact's attribute) and 'product': a
 * product-specific fact (a product-matrix row) belongs to its own product, any other fact to each
 * product the client used when it answered (responses.product_ids).
 */
export type Dimension =
  | 'wave'
  | 'size'
  | 'section'
  | 'region'
  | 'unit'
  | 'manager'
  | 'product'
  | 'attribute'
  | 'group'
  | 'contactRole'
  | 'vip';

/** Dimensions that come from the response snapshot alone, one value per response. */
export type SegmentDimension = Exclude<Dimension, 'wave' | 'product' | 'attribute'>;

export const segmentDimensions: readonly SegmentDimension[] = [
  'size',
  'section',
  'region',
  'unit',
  'manager',
  'group',
  'contactRole',
  'vip',
];

/**
 * nps: LTR 0–10. csat: top-2-box share of `overall` items (relationship surveys) and of `csat`
 * items (transactional surveys) together, on each question's own scale. ces: mean CES item.
 * csi: Customer Satisfaction Index over relationship-level attribute items. overall, attribute,
 * importance: means of those items.
 */
export type MetricKey = 'nps' | 'csat' | 'ces' | 'csi' | 'overall' | 'attribute' | 'importance';

/**
 * Restricts the responses (by snapshot) and facts a figure is computed from. An absent list does
 * not filter; an empty list matches nothing (a manager with no portfolio sees nothing). `attributes`
 * restricts attribute and importance facts and the attributes in CSI; facts without an attribute
 * (NPS, CES, …) pass. `productIds` keeps facts whose product (see Dimension) is listed.
 */
export interface AnalyticsFilter {
  waveIds?: string[];
  sizes?: string[];
  sections?: string[];
  regions?: string[];
  unitIds?: string[];
  managerIds?: string[];
  productIds?: string[];
  groupIds?: string[];
  contactRoles?: string[];
  vip?: boolean;
  attributes?: string[];
  clientIds?: string[];
}

/** Settings 'suppression_threshold' and 'low_base_threshold'; defaults 5 and 30. */
export interface Thresholds {
  suppressBelow: number;
  lowBaseBelow: number;
}

export type CellKeys = Partial<Record<Dimension, string | null>>;

export interface NpsComposition {
  promoters: number;
  passives: number;
  detractors: number;
}

export interface Cell {
  keys: CellKeys;
  n: number;
  /** Null when suppressed (or when the statistic is undefined). */
  value: number | null;
  ci95: Interval | null;
  suppressed: boolean;
  /** n below the low-base threshold (suppressed cells are low-base too). */
  lowBase: boolean;
  /** NPS only: shares in percent; null when suppressed. */
  composition?: NpsComposition | null;
}

export type CsiWeighting = 'stated' | 'derived' | 'equal';

/** 'auto' reads the rollup tables when the query allows it; 'facts' always aggregates score_facts. */
export type StatisticsSource = 'auto' | 'facts';
