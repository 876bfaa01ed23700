import { type SQL, sql } from 'drizzle-orm';
import type { Executor } from '#db/client.ts';
import { selectRows } from '#db/raw-query.ts';
import { ROLLUP_SHARDS, rollupDimensions, type RollupDimension } from '#db/schema/rollups.ts';
import { snapshotColumn, snapshotValue } from './dimensions.ts';
import { momentSums, profileWidth, respondentProfiles } from './profile-moments.ts';
import { loadWaveScales, questionScaleRows, type VersionScales } from './scales.ts';
import { npsCounts } from './score-statistics.ts';
import { inList, valuesTable } from './sql-lists.ts';

/**
 * Adds one newly completed response to the rollups. Call it exactly once per response, in the
 * transaction that marks it completed and inserts its score facts, after the facts: then the
 * rollups can never disagree with the facts a reader sees.
 */
export async function applyResponseToRollups(tx: Executor, responseId: string): Promise<void> {
  await applyResponsesToRollups(tx, [responseId]);
}

/**
 * Adds newly completed responses to the rollups in one pass, for a writer that folds completions
 * in batches; each response must be added exactly once. Responses that are not completed add
 * nothing. Rows are written in key order, so concurrent writers wait for each other instead of
 * deadlocking, and each response adds to its own shard of the rows (see ROLLUP_SHARDS).
 */
export async function applyResponsesToRollups(tx: Executor, responseIds: readonly string[]): Promise<void> {
  if (responseIds.length === 0) return;
  const scope = inList(sql`r.id`, responseIds);
  const waves = await selectRows<{ wave_id: string }>(
    tx,
    sql`SELECT DISTINCT r.wave_id FROM responses r WHERE ${scope} AND r.status = 'completed'`,
  );
  if (waves.length === 0) return;
  const scales = await loadWaveScales(
    tx,
    waves.map((wave) => wave.wave_id),
  );
  const write: WriteMode = { accumulate: true, shard: responseShard };
  await tx.execute(scoreContributions(scope, scaleTable(scales), write));
  await tx.execute(profileContributions(scope, profileWidth(scales), write));
}

/**
 * Recomputes both rollup tables from score_facts, in one transaction so readers keep the old rows
 * until the new ones are complete. For the seed (after inserting its facts), for repairs, and as
 * the reference the incremental path is tested against.
 */
export async function rebuildRollups(db: Executor): Promise<void> {
  await db.transaction(async (tx) => {
    // After a bulk load (the seed) the planner's statistics still describe empty tables.
    await tx.execute(sql`ANALYZE score_facts, responses`);
    // The rebuild hashes every cell of the rollup at once; without room it spills to disk.
    await tx.execute(sql`SET LOCAL work_mem = '256MB'`);
    await tx.execute(sql`DELETE FROM score_rollups`);
    await tx.execute(sql`DELETE FROM attribute_moment_rollups`);
    const scales = await loadWaveScales(tx);
    const write: WriteMode = { accumulate: false, shard: sql`0::smallint` };
    await tx.execute(scoreContributions(sql`TRUE`, scaleTable(scales), write));
    await tx.execute(profileContributions(sql`TRUE`, profileWidth(scales), write));
  });
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
