import { type SQL, sql } from 'drizzle-orm';
import type { Executor } from '#db/client.ts';
import { selectRows } from '#db/raw-query.ts';
import type { ScoreMetric } from '#db/schema/domain.ts';
import { cellKeys, isSegmentDimension, keyColumns, snapshotValue } from './dimensions.ts';
import { factAttributeCondition, factProductCondition, responseConditions, whereAll } from './filters.ts';
import { type RollupPlan, rollupPlan } from './rollup-plan.ts';
import { loadWaveScales, questionScaleRows } from './scales.ts';
import { inList, valuesTable } from './sql-lists.ts';
import type { AnalyticsFilter, CellKeys, Dimension, StatisticsSource } from './types.ts';

/** Sufficient statistics of the score facts in one cell: enough for NPS, top box and a mean. */
export interface ScoreStatistics {
  answers: number;
  sum: number;
  sumOfSquares: number;
  promoters: number;
  passives: number;
  detractors: number;
  /** Answers in the top two boxes of their question's scale; counted only when asked for. */
  topBox: number;
}

export interface KeyedScoreStatistics {
  keys: CellKeys;
  statistics: ScoreStatistics;
}

export interface ScoreStatisticsQuery {
  metrics: readonly ScoreMetric[];
  by: readonly Dimension[];
  filter: AnalyticsFilter;
  source: StatisticsSource;
  /** Count top-box answers (CSAT); on score_facts this needs each wave's question scales. */
  topBox?: boolean;
}

interface StatisticsRow {
  key_0: string | null;
  key_1: string | null;
  answers: number;
  value_sum: number;
  value_sum_of_squares: number;
  promoters: number;
  passives: number;
  detractors: number;
  top_box: number;
}

/** Score-fact statistics per cell of `by`, from the rollups when the query allows it. */
export async function scoreStatistics(
  db: Executor,
  query: ScoreStatisticsQuery,
): Promise<KeyedScoreStatistics[]> {
  const plan = query.source === 'auto' ? rollupPlan(query.by, query.filter) : null;
  const rows = plan ? await fromRollups(db, query, plan) : await fromFacts(db, query);
  return rows.map((row) => ({
    keys: cellKeys(query.by, row),
    statistics: {
      answers: Number(row.answers),
      sum: Number(row.value_sum),
      sumOfSquares: Number(row.value_sum_of_squares),
      promoters: Number(row.promoters),
      passives: Number(row.passives),
      detractors: Number(row.detractors),
      topBox: Number(row.top_box),
    },
  }));
}

async function fromRollups(db: Executor, query: ScoreStatisticsQuery, plan: RollupPlan) {
  const { filter } = query;
  const keyOf = (dimension: Dimension): SQL => {
    if (dimension === 'wave') return sql`s.wave_id::text`;
    if (dimension === 'product') return sql`s.product_id::text`;
    if (dimension === 'attribute') return sql`s.attribute`;
    return sql`s.dimension_value`;
  };
  const conditions = [
    sql`s.dimension = ${plan.dimension}`,
    inList(sql`s.metric`, query.metrics),
    plan.productSplit ? sql`s.product_id IS NOT NULL` : sql`s.product_id IS NULL`,
  ];
  if (filter.productIds) conditions.push(inList(sql`s.product_id`, filter.productIds));
  if (filter.waveIds) conditions.push(inList(sql`s.wave_id`, filter.waveIds));
  if (filter.attributes) {
    conditions.push(sql`(s.attribute IS NULL OR ${inList(sql`s.attribute`, filter.attributes)})`);
  }
  if (plan.dimensionValues) conditions.push(inList(sql`s.dimension_value`, plan.dimensionValues));
  return selectRows<StatisticsRow>(
    db,
    sql`SELECT ${keyColumns(query.by, keyOf)},
          sum(s.answers)::float8 AS answers, sum(s.value_sum) AS value_sum,
          sum(s.value_sum_of_squares) AS value_sum_of_squares,
          sum(s.promoters)::float8 AS promoters, sum(s.passives)::float8 AS passives,
          sum(s.detractors)::float8 AS detractors, sum(s.top_box)::float8 AS top_box
        FROM score_rollups s
        WHERE ${whereAll(conditions)}
        GROUP BY 1, 2`,
  );
}

async function fromFacts(db: Executor, query: ScoreStatisticsQuery) {
  const { filter } = query;
  const splitByProduct = query.by.includes('product');
  const keyOf = (dimension: Dimension): SQL => {
    if (dimension === 'wave') return sql`f.wave_id::text`;
    if (dimension === 'product') return sql`p.product_id::text`;
    if (dimension === 'attribute') return sql`f.attribute`;
    if (isSegmentDimension(dimension)) return snapshotValue[dimension];
    throw new RangeError(`Unknown dimension ${dimension}`);
  };
  const conditions = [
    inList(sql`f.metric`, query.metrics),
    ...responseConditions(filter),
    ...factAttributeCondition(filter),
  ];
  if (filter.waveIds) conditions.push(inList(sql`f.wave_id`, filter.waveIds));
  if (splitByProduct) {
    if (filter.productIds) conditions.push(inList(sql`p.product_id`, filter.productIds));
  } else {
    conditions.push(...factProductCondition(filter));
  }
  // A product-matrix fact belongs to its own product, any other fact to each product the client used.
  const productJoin = splitByProduct
    ? sql`CROSS JOIN LATERAL (
            SELECT f.product_id WHERE f.product_id IS NOT NULL
            UNION ALL
            SELECT used.product_id FROM unnest(r.product_ids) AS used(product_id) WHERE f.product_id IS NULL
          ) AS p(product_id)`
    : sql``;
  const scaleJoin = query.topBox
    ? sql`LEFT JOIN ${valuesTable(
        'q',
        [
          ['wave_id', 'uuid'],
          ['question', 'text'],
          ['min', 'float8'],
          ['max', 'float8'],
        ],
        questionScaleRows(await loadWaveScales(db, filter.waveIds)),
      )} ON q.wave_id = f.wave_id AND q.question = f.question`
    : sql``;
  const topBox = query.topBox ? sql`count(*) FILTER (WHERE f.value > q.max - 2)` : sql`0`;
  return selectRows<StatisticsRow>(
    db,
    sql`SELECT ${keyColumns(query.by, keyOf)},
          count(*)::float8 AS answers, sum(f.value) AS value_sum,
          sum(f.value * f.value) AS value_sum_of_squares,
          ${npsCounts}, ${topBox}::float8 AS top_box
        FROM score_facts f
        JOIN responses r ON r.id = f.response_id
        ${productJoin}
        ${scaleJoin}
        WHERE ${whereAll(conditions)}
        GROUP BY 1, 2`,
  );
}

/** Promoter 9–10, passive 7–8 (anything between 6 and 9), detractor 0–6, as ltrClass. */
export const npsCounts = sql`
  count(*) FILTER (WHERE f.metric = 'nps' AND f.value >= 9)::float8 AS promoters,
  count(*) FILTER (WHERE f.metric = 'nps' AND f.value > 6 AND f.value < 9)::float8 AS passives,
  count(*) FILTER (WHERE f.metric = 'nps' AND f.value <= 6)::float8 AS detractors`;
