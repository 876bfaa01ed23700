import { type SQL, sql } from 'drizzle-orm';
import type { CellKeys, Dimension, SegmentDimension } from './types.ts';
import { segmentDimensions } from './types.ts';

/** Each segment dimension's snapshot column on `responses r`. */
export const snapshotColumn: Record<SegmentDimension, SQL> = {
  size: sql`r.size_segment`,
  section: sql`r.industry_section`,
  region: sql`r.region_code`,
  unit: sql`r.unit_id`,
  manager: sql`r.manager_id`,
  group: sql`r.client_group_id`,
  contactRole: sql`r.contact_role`,
  vip: sql`r.is_vip`,
};

/** The same as text, so every key reads the same: uuids as strings, VIP as 'true'/'false'. */
export const snapshotValue = Object.fromEntries(
  Object.entries(snapshotColumn).map(([dimension, column]) => [dimension, sql`${column}::text`]),
) as Record<SegmentDimension, SQL>;

export function isSegmentDimension(dimension: Dimension): dimension is SegmentDimension {
  return (segmentDimensions as readonly Dimension[]).includes(dimension);
}

export function assertDimensions(by: readonly Dimension[]): void {
  if (by.length > 2) throw new RangeError(`At most two dimensions, got ${by.join(', ')}`);
  if (new Set(by).size !== by.length) throw new RangeError(`Repeated dimension in ${by.join(', ')}`);
}

/**
 * A query's cell keys as two text columns, key_0 and key_1, whatever the number of dimensions, so
 * every statistics query returns one row shape; `keyOf` says where each dimension's key is.
 */
export function keyColumns(by: readonly Dimension[], keyOf: (dimension: Dimension) => SQL): SQL {
  const key = (i: number) => (by[i] ? keyOf(by[i]) : sql`NULL::text`);
  return sql`${key(0)} AS key_0, ${key(1)} AS key_1`;
}

export function cellKeys(
  by: readonly Dimension[],
  row: { key_0: string | null; key_1: string | null },
): CellKeys {
  return Object.fromEntries(by.map((dimension, i) => [dimension, i === 0 ? row.key_0 : row.key_1]));
}
