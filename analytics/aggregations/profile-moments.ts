import { type SQL, sql } from 'drizzle-orm';
import type { Executor } from '#db/client.ts';
import { selectRows } from '#db/raw-query.ts';
import { cellKeys, isSegmentDimension, keyColumns, snapshotValue } from './dimensions.ts';
import { responseConditions, responseProductCondition, whereAll } from './filters.ts';
import { type RollupPlan, rollupPlan } from './rollup-plan.ts';
import { loadWaveScales, type VersionScales } from './scales.ts';
import { inList } from './sql-lists.ts';
import type { AnalyticsFilter, CellKeys, Dimension, StatisticsSource } from './types.ts';

/** The variable name of overall satisfaction in a pattern; attribute keys are never parenthesised. */
export const OVERALL = '(overall)';

/**
 * Moments of the respondents who answered exactly the variables in `pattern` (relationship-level
 * attributes and overall satisfaction): n, Σx per variable and Σx_i·x_j for i ≤ j (upper triangle,
 * row by row). CSI under any weights, relative weights and Cronbach's alpha follow from them.
 */
export interface ProfileMoments {
  pattern: readonly string[];
  respondents: number;
  sums: number[];
  crossProducts: number[];
}

export interface KeyedProfileMoments {
  keys: CellKeys;
  waveId: string;
  moments: ProfileMoments;
}

export interface ProfileMomentsQuery {
  by: readonly Dimension[];
  filter: AnalyticsFilter;
  source: StatisticsSource;
}

/** Position of x_i·x_j (i ≤ j) in the upper triangle of an m × m matrix, row by row. */
export function triangleIndex(i: number, j: number, m: number): number {
  return i * m - (i * (i - 1)) / 2 + (j - i);
}

/**
 * Per cell of `by`, wave and answer pattern. The attribute filter is not applied here: patterns
 * keep every attribute, and the statistics project them onto the attributes asked for.
 */
export async function profileMoments(
  db: Executor,
  query: ProfileMomentsQuery,
): Promise<KeyedProfileMoments[]> {
  if (query.by.includes('attribute')) {
    throw new RangeError('Respondent-level figures (CSI, drivers) cannot be cut by attribute');
  }
  const plan = query.source === 'auto' ? rollupPlan(query.by, query.filter) : null;
  const entries = plan ? await fromRollups(db, query, plan) : await fromFacts(db, query);
  return mergeByCell(entries);
}

async function fromRollups(
  db: Executor,
  query: ProfileMomentsQuery,
  plan: RollupPlan,
): Promise<KeyedProfileMoments[]> {
  const { filter } = query;
  const keyOf = (dimension: Dimension): SQL => {
    if (dimension === 'wave') return sql`m.wave_id::text`;
    if (dimension === 'product') return sql`m.product_id::text`;
    return sql`m.dimension_value`;
  };
  const conditions = [
    sql`m.dimension = ${plan.dimension}`,
    plan.productSplit ? sql`m.product_id IS NOT NULL` : sql`m.product_id IS NULL`,
  ];
  if (filter.productIds) conditions.push(inList(sql`m.product_id`, filter.productIds));
  if (filter.waveIds) conditions.push(inList(sql`m.wave_id`, filter.waveIds));
  if (plan.dimensionValues) conditions.push(inList(sql`m.dimension_value`, plan.dimensionValues));
  const rows = await selectRows<MomentRow>(
    db,
    sql`SELECT ${keyColumns(query.by, keyOf)}, m.wave_id::text AS wave_id, m.pattern,
          m.respondents, m.sums, m.cross_products
        FROM attribute_moment_rollups m
        WHERE ${whereAll(conditions)}`,
  );
  return rows.map((row) => keyedMoments(query.by, row));
}

interface MomentRow {
  key_0: string | null;
  key_1: string | null;
  wave_id: string;
  pattern: string[];
  respondents: number;
  sums: number[];
  cross_products: number[];
}

function keyedMoments(by: readonly Dimension[], row: MomentRow): KeyedProfileMoments {
  return {
    keys: cellKeys(by, row),
    waveId: row.wave_id,
    moments: {
      pattern: row.pattern,
      respondents: Number(row.respondents),
      sums: row.sums.map(Number),
      crossProducts: row.cross_products.map(Number),
    },
  };
}

/**
 * Each completed response's profile under `scope` (conditions on `responses r`): its
 * relationship-level attribute answers and overall satisfaction as `pattern` (variable names in C
 * collation order) and `answers` (aligned with it), one value per variable (averaged should a
 * version ask one twice). A profile carries the response's snapshot columns under their own names,
 * so aliased `r` it takes the same dimension expressions as responses. Shared with the rollup
 * maintenance so both define a profile alike.
 */
export function respondentProfiles(scope: SQL): SQL {
  return sql`
    SELECT r.id, r.wave_id, r.size_segment, r.industry_section, r.region_code, r.unit_id, r.manager_id,
      r.client_group_id, r.contact_role, r.is_vip, r.product_ids,
      array_agg(v.variable ORDER BY v.variable COLLATE "C") AS pattern,
      array_agg(v.value ORDER BY v.variable COLLATE "C") AS answers
    FROM (
      SELECT f.response_id,
        CASE WHEN f.metric = 'overall' THEN ${OVERALL} ELSE f.attribute END AS variable,
        avg(f.value) AS value
      FROM score_facts f
      JOIN responses r ON r.id = f.response_id
      WHERE f.metric IN ('attribute', 'overall') AND f.product_id IS NULL AND r.status = 'completed'
        AND ${scope}
      GROUP BY 1, 2
    ) AS v
    JOIN responses r ON r.id = v.response_id
    GROUP BY r.id`;
}

/**
 * The most variables a profile of these versions can have: its relationship-level attributes and
 * overall satisfaction. Facts come from the versions' scoring maps, so no profile is longer.
 */
export function profileWidth(scales: ReadonlyMap<string, VersionScales>): number {
  return 1 + Math.max(0, ...[...scales.values()].map((version) => version.byAttribute.size));
}

/**
 * n, Σx per position and Σx_i·x_j (i ≤ j, row by row) of the profiles `r` in a group, as arrays
 * in pattern order. Written out for every position up to `width`: positions past a pattern's
 * length sum to NULL and are removed, so one statement serves every pattern length, and each
 * respondent is one row rather than one row per pair of answers.
 */
export function momentSums(width: number): SQL {
  const positions = Array.from({ length: width }, (_, k) => k + 1);
  const answer = (k: number) => sql.raw(`r.answers[${k}]`);
  const sums = positions.map((k) => sql`sum(${answer(k)})`);
  const crossProducts = positions.flatMap((i) =>
    positions.filter((j) => j >= i).map((j) => sql`sum(${answer(i)} * ${answer(j)})`),
  );
  return sql`count(*) AS respondents,
    array_remove(ARRAY[${sql.join(sums, sql`, `)}]::float8[], NULL) AS sums,
    array_remove(ARRAY[${sql.join(crossProducts, sql`, `)}]::float8[], NULL) AS cross_products`;
}

async function fromFacts(db: Executor, query: ProfileMomentsQuery): Promise<KeyedProfileMoments[]> {
  const { filter } = query;
  const splitByProduct = query.by.includes('product');
  const keyOf = (dimension: Dimension): SQL => {
    if (dimension === 'wave') return sql`r.wave_id::text`;
    if (dimension === 'product') return sql`p.product_id::text`;
    if (isSegmentDimension(dimension)) return snapshotValue[dimension];
    throw new RangeError(`Unknown dimension ${dimension}`);
  };
  const scope = [...responseConditions(filter), ...responseProductCondition(filter)];
  const cellConditions =
    splitByProduct && filter.productIds ? [inList(sql`p.product_id`, filter.productIds)] : [];
  const width = profileWidth(await loadWaveScales(db, filter.waveIds));
  const rows = await selectRows<MomentRow>(
    db,
    sql`SELECT ${keyColumns(query.by, keyOf)}, r.wave_id::text AS wave_id, r.pattern, ${momentSums(width)}
        FROM (${respondentProfiles(whereAll(scope))}) AS r
        ${splitByProduct ? sql`CROSS JOIN LATERAL unnest(r.product_ids) AS p(product_id)` : sql``}
        WHERE ${whereAll(cellConditions)}
        GROUP BY 1, 2, 3, 4`,
  );
  return rows.map((row) => keyedMoments(query.by, row));
}

/** The moments of several groups with one pattern are the moments of their union. */
export function sumMoments(parts: readonly ProfileMoments[]): ProfileMoments {
  const add = (values: (part: ProfileMoments) => number[]) =>
    values(parts[0]).map((_, i) => parts.reduce((total, part) => total + values(part)[i], 0));
  return {
    pattern: parts[0].pattern,
    respondents: parts.reduce((total, part) => total + part.respondents, 0),
    sums: add((part) => part.sums),
    crossProducts: add((part) => part.crossProducts),
  };
}

/** One entry per cell, wave and pattern: a cell sums rollup rows of several segment values and shards. */
function mergeByCell(entries: readonly KeyedProfileMoments[]): KeyedProfileMoments[] {
  const groups = new Map<string, KeyedProfileMoments[]>();
  for (const entry of entries) {
    const id = JSON.stringify([entry.keys, entry.waveId, entry.moments.pattern]);
    const group = groups.get(id);
    if (group) group.push(entry);
    else groups.set(id, [entry]);
  }
  return [...groups.values()].map((group) => ({
    ...group[0],
    moments: sumMoments(group.map((entry) => entry.moments)),
  }));
}
