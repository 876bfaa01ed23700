import { type SQL, sql } from 'drizzle-orm';
import { inList, uuidArray, validUuids } from './sql-lists.ts';
import type { AnalyticsFilter, SegmentDimension } from './types.ts';

/** The filter with malformed ids dropped (they match nothing, see validUuids). */
export function normaliseFilter(filter: AnalyticsFilter = {}): AnalyticsFilter {
  const ids = (values: string[] | undefined) => values && validUuids(values);
  return {
    ...filter,
    waveIds: ids(filter.waveIds),
    unitIds: ids(filter.unitIds),
    managerIds: ids(filter.managerIds),
    productIds: ids(filter.productIds),
    groupIds: ids(filter.groupIds),
    clientIds: ids(filter.clientIds),
  };
}

/** Which segment dimension each snapshot filter restricts, and the values it keeps. */
export function segmentFilters(filter: AnalyticsFilter): Array<[SegmentDimension, string[]]> {
  const found: Array<[SegmentDimension, string[] | undefined]> = [
    ['size', filter.sizes],
    ['section', filter.sections],
    ['region', filter.regions],
    ['unit', filter.unitIds],
    ['manager', filter.managerIds],
    ['group', filter.groupIds],
    ['contactRole', filter.contactRoles],
    ['vip', filter.vip === undefined ? undefined : [String(filter.vip)]],
  ];
  return found.filter((entry): entry is [SegmentDimension, string[]] => entry[1] !== undefined);
}

/** Completed responses matching the snapshot, wave and client filters, on `responses r`. */
export function responseConditions(filter: AnalyticsFilter): SQL[] {
  const conditions = [sql`r.status = 'completed'`];
  if (filter.waveIds) conditions.push(inList(sql`r.wave_id`, filter.waveIds));
  if (filter.sizes) conditions.push(inList(sql`r.size_segment`, filter.sizes));
  if (filter.sections) conditions.push(inList(sql`r.industry_section`, filter.sections));
  if (filter.regions) conditions.push(inList(sql`r.region_code`, filter.regions));
  if (filter.unitIds) conditions.push(inList(sql`r.unit_id`, filter.unitIds));
  if (filter.managerIds) conditions.push(inList(sql`r.manager_id`, filter.managerIds));
  if (filter.groupIds) conditions.push(inList(sql`r.client_group_id`, filter.groupIds));
  if (filter.contactRoles) conditions.push(inList(sql`r.contact_role`, filter.contactRoles));
  if (filter.vip !== undefined) conditions.push(sql`r.is_vip = ${filter.vip}`);
  if (filter.clientIds) conditions.push(inList(sql`r.client_id`, filter.clientIds));
  return conditions;
}

/**
 * The product filter for a statistic of whole responses (CSI, accounts, comments): the client
 * used one of the products when it answered.
 */
export function responseProductCondition(filter: AnalyticsFilter): SQL[] {
  if (!filter.productIds) return [];
  return [sql`r.product_ids && ${uuidArray(filter.productIds)}`];
}

/** The product filter for score facts on `score_facts f`: the fact's product (see Dimension) is listed. */
export function factProductCondition(filter: AnalyticsFilter): SQL[] {
  if (!filter.productIds) return [];
  return [
    sql`(${inList(sql`f.product_id`, filter.productIds)} OR (f.product_id IS NULL AND r.product_ids && ${uuidArray(filter.productIds)}))`,
  ];
}

/** Attribute filter on `score_facts f`: facts without an attribute pass. */
export function factAttributeCondition(filter: AnalyticsFilter): SQL[] {
  if (!filter.attributes) return [];
  return [sql`(f.attribute IS NULL OR ${inList(sql`f.attribute`, filter.attributes)})`];
}

export function whereAll(conditions: readonly SQL[]): SQL {
  return conditions.length === 0 ? sql`TRUE` : sql.join([...conditions], sql` AND `);
}
