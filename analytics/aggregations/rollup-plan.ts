import type { RollupDimension } from '#db/schema/rollups.ts';
import { isSegmentDimension } from './dimensions.ts';
import { segmentFilters } from './filters.ts';
import type { AnalyticsFilter, Dimension, SegmentDimension } from './types.ts';

/**
 * How a query reads the rollup tables: the one segment dimension whose rows it sums, and whether
 * it needs the per-product rows. Rollup rows are cut by at most one segment dimension (besides
 * wave, attribute and product), because a row per combination of all of them would be about as
 * many rows as score facts; queries that cut or filter by two segment dimensions, filter by
 * client, or filter by several products without splitting by product read score_facts instead.
 */
export interface RollupPlan {
  dimension: RollupDimension;
  /** Values of `dimension` to keep (a filter on it); undefined keeps all. */
  dimensionValues?: string[];
  productSplit: boolean;
}

export function rollupPlan(by: readonly Dimension[], filter: AnalyticsFilter): RollupPlan | null {
  if (filter.clientIds) return null;
  const filtered = segmentFilters(filter);
  const segments = new Set<SegmentDimension>([
    ...by.filter(isSegmentDimension),
    ...filtered.map(([dimension]) => dimension),
  ]);
  if (segments.size > 1) return null;
  const splitByProduct = by.includes('product');
  // A single product's rows answer "facts of this product"; several products would count a
  // response that used two of them twice.
  if (filter.productIds && !splitByProduct && filter.productIds.length > 1) return null;
  const [dimension = 'total'] = segments;
  return {
    dimension,
    dimensionValues: filtered.find(([filteredDimension]) => filteredDimension === dimension)?.[1],
    productSplit: splitByProduct || filter.productIds !== undefined,
  };
}
