import { type SQL, sql } from 'drizzle-orm';
import type { SizeSegment, VipCriterion } from '../../db/schema/domain.ts';
import { inList, uuidArray } from '../aggregations/sql-lists.ts';
import type { AgeBand } from './age-band.ts';
import { ageBandSql } from './dimensions.ts';

import type { AccountClassValue } from './vocabulary.ts';

export { type AccountClassValue, accountClassValues } from './vocabulary.ts';

/** A range of a percentage or score; either bound may be open, both inclusive. */
export interface Range {
  min?: number;
  max?: number;
}

/**
 * A custom segment: a saved filter over the client base. Every list restricts to its values (any
 * of them); an absent field does not restrict. Scores and loyalty come from the satisfaction
 * feed's current state per client (client_loyalty), so a client never measured matches no score
 * or loyalty criterion.
 */
export interface SegmentDefinition {
  sizes?: SizeSegment[];
  sections?: string[];
  regions?: string[];
  unitIds?: string[];
  managerIds?: string[];
  ageBands?: AgeBand[];
  /** true: VIP (any criterion); false: no criterion. */
  vip?: boolean;
  /** Has at least one of these VIP criteria. */
  vipCriteria?: VipCriterion[];
  groupIds?: string[];
  /** true: belongs to a client group; false: standalone. */
  inGroup?: boolean;
  /** Uses at least one of these products. */
  productIds?: string[];
  /** Share of business served, percent, where known (clients without a known total do not match). */
  shareOfBusiness?: Range;
  loyaltyStates?: string[];
  accountClasses?: AccountClassValue[];
  /** Account CSI, 0–100. */
  csi?: Range;
  /** Our trailing-12-month revenue from the client, RUB. */
  revenue?: Range;
}

function range(expression: SQL, bounds: Range | undefined): SQL[] {
  if (!bounds) return [];
  const conditions: SQL[] = [];
  if (bounds.min !== undefined) conditions.push(sql`${expression} >= ${bounds.min}`);
  if (bounds.max !== undefined) conditions.push(sql`${expression} <= ${bounds.max}`);
  return conditions;
}

/** Share of business served of `clients c`, percent, by the rule of share-of-business.ts. */
export const shareOfBusinessSql = sql`(SELECT 100 * sum(least(GREATEST(coalesce(sp.volume_rub, 0), 0), sp.total_volume_rub))
    / NULLIF(sum(sp.total_volume_rub), 0)
  FROM client_products sp WHERE sp.client_id = c.id AND sp.total_volume_rub > 0)`;

/** Our revenue from `clients c`: the sum of its products' income (R_a of METHODOLOGY §5). */
export const clientRevenueSql = sql`(SELECT coalesce(sum(ip.income_rub), 0) FROM client_products ip WHERE ip.client_id = c.id)`;

/** The definition as conditions on `clients c`; `onDate` dates the age bands. */
export function definitionConditions(definition: SegmentDefinition, onDate: string): SQL[] {
  const d = definition;
  const conditions: SQL[] = [];
  if (d.sizes) conditions.push(inList(sql`c.size_segment`, d.sizes));
  if (d.sections) conditions.push(inList(sql`c.industry_section`, d.sections));
  if (d.regions) conditions.push(inList(sql`c.region_code`, d.regions));
  if (d.unitIds) conditions.push(inList(sql`c.unit_id`, d.unitIds));
  if (d.managerIds) conditions.push(inList(sql`c.manager_id`, d.managerIds));
  if (d.ageBands) conditions.push(inList(ageBandSql(onDate), d.ageBands));
  if (d.vip !== undefined) conditions.push(sql`(cardinality(c.vip_criteria) > 0) = ${d.vip}`);
  if (d.vipCriteria) {
    conditions.push(
      d.vipCriteria.length === 0
        ? sql`FALSE`
        : sql`c.vip_criteria && ARRAY[${sql.join(
            d.vipCriteria.map((criterion) => sql`${criterion}`),
            sql`, `,
          )}]::text[]`,
    );
  }
  if (d.groupIds) conditions.push(inList(sql`c.group_id`, d.groupIds));
  if (d.inGroup !== undefined)
    conditions.push(d.inGroup ? sql`c.group_id IS NOT NULL` : sql`c.group_id IS NULL`);
  if (d.productIds) {
    conditions.push(
      sql`EXISTS (SELECT 1 FROM client_products up WHERE up.client_id = c.id
            AND up.product_id = ANY(${uuidArray(d.productIds)}))`,
    );
  }
  conditions.push(...range(shareOfBusinessSql, d.shareOfBusiness));
  conditions.push(...range(clientRevenueSql, d.revenue));
  const loyalty: SQL[] = [];
  if (d.loyaltyStates) loyalty.push(inList(sql`l.loyalty_state`, d.loyaltyStates));
  if (d.accountClasses) loyalty.push(inList(sql`l.account_class`, d.accountClasses));
  loyalty.push(...range(sql`l.csi`, d.csi));
  if (loyalty.length > 0) {
    conditions.push(
      sql`EXISTS (SELECT 1 FROM client_loyalty l WHERE l.client_id = c.id AND ${sql.join(loyalty, sql` AND `)})`,
    );
  }
  return conditions;
}
