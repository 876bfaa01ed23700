import { type SQL, sql } from 'drizzle-orm';
import type { Executor } from '#db/client.ts';
import { selectRows } from '#db/raw-query.ts';
import { ROLLUP_SHARDS, rollupDimensions, type RollupDimension } from '#db/schema/rollups.ts';
import { snapshotColumn, snapshotValue } from './dimensions.ts';
import { momentSums, profileWidth, respondentProfiles } from './profile-moments.ts';
import { loadWaveScales, questionScaleRows, type VersionScales } from './scales.ts';
import { npsCounts } from './score-statistics.ts';
import { validUuids, valuesTable } from './sql-lists.ts';

/**
 * Transaction-level advisory lock held by whoever writes the rollups from pending_rollups: the
 * folder (try-lock: another app server folding is a reason to skip a tick) and a rebuild (waits).
 * With it, a pending response is applied by exactly one of them. See docs/decisions/005-*.
 */
export const ROLLUP_WRITER_LOCK = 72_646_302;

/**
 * Adds one completed response to the rollups, spread over the shards. The application does not
 * call this: completions queue in pending_rollups and rollup-folder.ts applies them in batches.
 * It stays for writers that keep the rollups themselves (test data sets).
 */
export async function applyResponseToRollups(tx: Executor, responseId: string): Promise<void> {
  await applyResponsesToRollups(tx, [responseId]);
}

export interface ApplyOptions {
  /**
   * Each response adds to its own shard of the rows (by its id), so concurrent writers rarely wait
   * for each other's row locks; true by default. The folder, which is the only writer while it
   * holds ROLLUP_WRITER_LOCK, writes shard 0 so a batch of a wave adds to one copy of each row.
   */
  spreadOverShards?: boolean;
}

/**
 * Adds completed responses to the rollups in one pass; each response must be added exactly once
 * (pending_rollups and the folder guarantee that for the application). Responses that are not
 * completed add nothing. Rows are written in key order, so concurrent writers wait for each other
 * instead of deadlocking.
 */
export async function applyResponsesToRollups(
  tx: Executor,
  responseIds: readonly string[],
  { spreadOverShards = true }: ApplyOptions = {},
): Promise<void> {
  if (responseIds.length === 0) return;
  // One array parameter rather than one per id: a short statement to send and parse for any batch.
  const scope = sql`r.id = ANY(${`{${validUuids(responseIds).join(',')}}`}::uuid[])`;
  const waves = await selectRows<{ wave_id: string }>(
    tx,
    sql`SELECT DISTINCT r.wave_id FROM responses r WHERE ${scope} AND r.status = 'completed'`,
  );
  if (waves.length === 0) return;
  const scales = await loadWaveScales(
    tx,
    waves.map((wave) => wave.wave_id),
  );
  const write: WriteMode = { accumulate: true, shard: spreadOverShards ? responseShard : sql`0::smallint` };
  await tx.execute(scoreContributions(scope, scaleTable(scales), write));
  await tx.execute(profileContributions(scope, profileWidth(scales), write));
}

/**
 * Recomputes both rollup tables from score_facts for every completed response that is not pending
 * (those already folded, and any loaded without the queue, like the seed's). The caller holds
 * ROLLUP_WRITER_LOCK in `tx` and folds the pending ones afterwards: rebuildRollups in
 * rollup-folder.ts does both, in one transaction, so readers keep the old rows until it commits.
 */
export async function recomputeRollupsFromFacts(tx: Executor): Promise<void> {
  // After a bulk load (the seed) the planner's statistics still describe empty tables.
  await tx.execute(sql`ANALYZE score_facts, responses`);
  // The rebuild hashes every cell of the rollup at once; without room it spills to disk.
  await tx.execute(sql`SET LOCAL work_mem = '256MB'`);
  await tx.execute(sql`DELETE FROM score_rollups`);
  await tx.execute(sql`DELETE FROM attribute_moment_rollups`);
  // A completion writes its pending row in the statement that writes its facts, so each statement
  // below sees both or neither; with the lock held no fold removes pending rows meanwhile, so both
  // statements cover the same responses.
  const scope = sql`NOT EXISTS (SELECT 1 FROM pending_rollups pr WHERE pr.response_id = r.id)`;
  const scales = await loadWaveScales(tx);
  const write: WriteMode = { accumulate: false, shard: sql`0::smallint` };
  await tx.execute(scoreContributions(scope, scaleTable(scales), write));
  await tx.execute(profileContributions(scope, profileWidth(scales), write));
}

/** Add to existing rows (completions) or write into empty tables (a rebuild), and into which shard. */
interface WriteMode {
  accumulate: boolean;
  shard: SQL;
}

/** A response's shard of the rollup rows, from its id (hashtext is a signed int4). */
const responseShard = sql`mod(hashtext(r.id::text)::bigint + 2147483648, ${sql.raw(String(ROLLUP_SHARDS))})::smallint`;

const segmentRollupDimensions = rollupDimensions.filter(
  (dimension): dimension is Exclude<RollupDimension, 'total'> => dimension !== 'total',
);

/**
 * GROUPING SETS giving one set per rollup dimension ('total' has no segment column), and the
 * dimension name and value of each output row, told apart by GROUPING(). Sets group by the raw
 * snapshot columns, cast to text only in the output: cheaper to hash than their text.
 */
function groupingSets(common: SQL): { sets: SQL; dimension: SQL; dimensionValue: SQL } {
  const sets = [
    sql`(${common})`,
    ...segmentRollupDimensions.map((dimension) => sql`(${common}, ${snapshotColumn[dimension]})`),
  ];
  const whenGrouped = (value: (dimension: Exclude<RollupDimension, 'total'>) => SQL) =>
    sql.join(
      segmentRollupDimensions.map(
        (dimension) => sql`WHEN GROUPING(${snapshotColumn[dimension]}) = 0 THEN ${value(dimension)}`,
      ),
      sql` `,
    );
  return {
    sets: sql.join(sets, sql`, `),
    dimension: sql`CASE ${whenGrouped((dimension) => sql`${dimension}`)} ELSE 'total' END`,
    dimensionValue: sql`CASE ${whenGrouped((dimension) => snapshotValue[dimension])} END`,
  };
}

function scaleTable(scales: ReadonlyMap<string, VersionScales>): SQL {
  return valuesTable(
    'q',
    [
      ['wave_id', 'uuid'],
      ['question', 'text'],
      ['min', 'float8'],
      ['max', 'float8'],
    ],
    questionScaleRows(scales),
  );
}

/**
 * Each fact counts once in the across-products row (product_id null) and once per product it
 * belongs to: its own for a product-matrix fact, else each product the client used.
 */
function scoreContributions(scope: SQL, scales: SQL, write: WriteMode): SQL {
  const { sets, dimension, dimensionValue } = groupingSets(
    sql`f.wave_id, f.metric, f.attribute, p.product_id, ${write.shard}`,
  );
  return sql`
    INSERT INTO score_rollups (dimension, dimension_value, wave_id, metric, attribute, product_id, shard,
      answers, value_sum, value_sum_of_squares, promoters, passives, detractors, top_box)
    SELECT ${dimension}, ${dimensionValue}, f.wave_id, f.metric, f.attribute, p.product_id, ${write.shard},
      count(*), sum(f.value), sum(f.value * f.value), ${npsCounts},
      count(*) FILTER (WHERE f.value > q.max - 2)
    FROM score_facts f
    JOIN responses r ON r.id = f.response_id
    LEFT JOIN ${scales} ON q.wave_id = f.wave_id AND q.question = f.question
    CROSS JOIN LATERAL (
      SELECT NULL::uuid
      UNION ALL
      SELECT f.product_id WHERE f.product_id IS NOT NULL
      UNION ALL
      SELECT used.product_id FROM unnest(r.product_ids) AS used(product_id) WHERE f.product_id IS NULL
    ) AS p(product_id)
    WHERE r.status = 'completed' AND ${scope}
    GROUP BY GROUPING SETS (${sets})
    ${
      write.accumulate
        ? sql`ORDER BY 1, 2, 3, 4, 5, 6, 7
          ON CONFLICT ON CONSTRAINT score_rollups_cell_unique DO UPDATE SET
            answers = score_rollups.answers + excluded.answers,
            value_sum = score_rollups.value_sum + excluded.value_sum,
            value_sum_of_squares = score_rollups.value_sum_of_squares + excluded.value_sum_of_squares,
            promoters = score_rollups.promoters + excluded.promoters,
            passives = score_rollups.passives + excluded.passives,
            detractors = score_rollups.detractors + excluded.detractors,
            top_box = score_rollups.top_box + excluded.top_box`
        : sql``
    }`;
}

/** Element-wise sum of two float8 arrays of equal length, for accumulating moment rows. */
function addArrays(stored: SQL, added: SQL): SQL {
  return sql`ARRAY(SELECT a + b FROM unnest(${stored}, ${added}) WITH ORDINALITY AS t(a, b, i) ORDER BY i)`;
}

/**
 * Moments per answer pattern and rollup cell (see momentSums). Profiles have no product-matrix
 * facts, so a respondent counts in the across-products row and once per product the client used.
 */
function profileContributions(scope: SQL, width: number, write: WriteMode): SQL {
  const { sets, dimension, dimensionValue } = groupingSets(
    sql`r.wave_id, p.product_id, r.pattern, ${write.shard}`,
  );
  return sql`
    INSERT INTO attribute_moment_rollups (dimension, dimension_value, wave_id, product_id, pattern, shard,
      respondents, sums, cross_products)
    SELECT ${dimension}, ${dimensionValue}, r.wave_id, p.product_id, r.pattern, ${write.shard},
      ${momentSums(width)}
    FROM (${respondentProfiles(scope)}) AS r
    CROSS JOIN LATERAL (
      SELECT NULL::uuid UNION ALL SELECT used.product_id FROM unnest(r.product_ids) AS used(product_id)
    ) AS p(product_id)
    GROUP BY GROUPING SETS (${sets})
    ${
      write.accumulate
        ? sql`ORDER BY 1, 2, 3, 4, 5, 6
          ON CONFLICT ON CONSTRAINT attribute_moment_rollups_cell_unique DO UPDATE SET
            respondents = attribute_moment_rollups.respondents + excluded.respondents,
            sums = ${addArrays(sql`attribute_moment_rollups.sums`, sql`excluded.sums`)},
            cross_products = ${addArrays(sql`attribute_moment_rollups.cross_products`, sql`excluded.cross_products`)}`
        : sql``
    }`;
}
