import { type SQL, sql } from 'drizzle-orm';
import type { SizeSegment } from '../../db/schema/domain.ts';
import { ageBandLowerBounds } from './age-band.ts';
import type { ExplorerDimension } from './vocabulary.ts';

export { type ExplorerDimension, explorerDimensions } from './vocabulary.ts';

/** Dimensions where one client can sit in several segments (their shares need not sum to 100 %). */
export const overlappingDimensions: readonly ExplorerDimension[] = ['vipCriterion', 'custom'];

export type SizeView = 'standard' | 'banking';

/** The banking view folds micro into small ("small business"); the standard view keeps 209-FZ classes. */
export function sizeInView(size: SizeSegment, view: SizeView): SizeSegment {
  return view === 'banking' && size === 'micro' ? 'small' : size;
}

/** The size column on `clients c` as the view shows it. */
export function sizeKeySql(view: SizeView): SQL {
  return view === 'banking'
    ? sql`CASE WHEN c.size_segment = 'micro' THEN 'small' ELSE c.size_segment END`
    : sql`c.size_segment`;
}

/** The age band of `clients c` on a date, with the bounds of age-band.ts (age() counts completed years). */
export function ageBandSql(onDate: string): SQL {
  const years = sql`date_part('year', age(${onDate}::date, c.registered_on))`;
  const branches = ageBandLowerBounds.map(
    ([band, lower]) => sql`WHEN ${years} >= ${sql.raw(String(lower))} THEN ${sql.raw(`'${band}'`)}`,
  );
  return sql`CASE WHEN c.registered_on > ${onDate}::date THEN NULL ${sql.join(branches, sql` `)} END`;
}

/** The key of each client row for a dimension (custom segments are keyed by the caller). */
export function dimensionKey(
  dimension: Exclude<ExplorerDimension, 'custom'>,
  { sizeView, onDate }: { sizeView: SizeView; onDate: string },
): { key: SQL; join: SQL } {
  const plain = (key: SQL) => ({ key, join: sql`` });
  switch (dimension) {
    case 'size':
      return plain(sizeKeySql(sizeView));
    case 'section':
      return plain(sql`c.industry_section::text`);
    case 'region':
      return plain(sql`c.region_code`);
    case 'unit':
      return plain(sql`c.unit_id::text`);
    case 'group':
      return plain(sql`c.group_id::text`);
    case 'ageBand':
      return plain(ageBandSql(onDate));
    case 'vip':
      return plain(sql`(cardinality(c.vip_criteria) > 0)::text`);
    case 'vipCriterion':
      return {
        key: sql`vip.criterion`,
        join: sql`CROSS JOIN LATERAL unnest(c.vip_criteria) AS vip(criterion)`,
      };
  }
}
