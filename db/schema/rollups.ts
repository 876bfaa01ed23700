import { sql } from 'drizzle-orm';
import {
  bigserial,
  check,
  doublePrecision,
  index,
  integer,
  pgTable,
  smallint,
  text,
  unique,
  uuid,
} from 'drizzle-orm/pg-core';
import { waves } from './campaigns.ts';
import { products } from './clients.ts';
import { sqlList } from './columns.ts';
import { scoreMetrics } from './domain.ts';
import { responses } from './responses.ts';

/**
 * The segment dimensions a rollup row is cut by: 'total' is the whole wave, the others one
 * dimension of the response snapshot each. Two-dimension cuts other than by wave, attribute or
 * product are answered from score_facts (see analytics/aggregations/rollup-plan.ts).
 */
export const rollupDimensions = [
  'total',
  'size',
  'section',
  'region',
  'unit',
  'manager',
  'group',
  'contactRole',
  'vip',
] as const;
export type RollupDimension = (typeof rollupDimensions)[number];

/**
 * Concurrent writers of the rollups add to one of this many copies of each row (chosen by response
 * id), so they rarely wait for each other's row locks; readers sum the copies. The background fold
 * (the only writer while it holds its lock) and a rebuild write copy 0 only.
 */
export const ROLLUP_SHARDS = 32;

/**
 * Sufficient statistics of score facts per wave × metric × attribute × one segment dimension, with
 * and without a product split (product_id null = across products). Kept current by the background
 * fold of pending_rollups; `rebuildRollups` recomputes it from score_facts.
 */
export const scoreRollups = pgTable(
  'score_rollups',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    dimension: text('dimension', { enum: rollupDimensions }).notNull(),
    // The snapshot value as text (uuid, size, 'true'/'false' for VIP); null when the response had none.
    dimensionValue: text('dimension_value'),
    waveId: uuid('wave_id')
      .notNull()
      .references(() => waves.id, { onDelete: 'cascade' }),
    metric: text('metric', { enum: scoreMetrics }).notNull(),
    attribute: text('attribute'),
    productId: uuid('product_id').references(() => products.id, { onDelete: 'cascade' }),
    shard: smallint('shard').notNull().default(0),
    answers: integer('answers').notNull(),
    valueSum: doublePrecision('value_sum').notNull(),
    valueSumOfSquares: doublePrecision('value_sum_of_squares').notNull(),
    promoters: integer('promoters').notNull(),
    passives: integer('passives').notNull(),
    detractors: integer('detractors').notNull(),
    // Answers in the top two boxes of their question's scale (CSAT).
    topBox: integer('top_box').notNull(),
  },
  (t) => [
    unique('score_rollups_cell_unique')
      .on(t.dimension, t.metric, t.waveId, t.dimensionValue, t.attribute, t.productId, t.shard)
      .nullsNotDistinct(),
    check('score_rollups_dimension_known', sql`${t.dimension} IN (${sqlList(rollupDimensions)})`),
    check(
      'score_rollups_shard_range',
      sql`${t.shard} >= 0 AND ${t.shard} < ${sql.raw(String(ROLLUP_SHARDS))}`,
    ),
    index('score_rollups_wave_idx').on(t.waveId),
  ],
);

/**
 * First and second moments of respondents' relationship-level attribute answers and overall
 * satisfaction, grouped by the set of variables each respondent answered (`pattern`, sorted, with
 * '(overall)' for overall satisfaction). CSI under any weights, its interval, relative weights and
 * Cronbach's alpha all follow from these sums exactly. `sums` holds Σx per pattern variable;
 * `cross_products` Σx_i·x_j for i ≤ j, row by row of the upper triangle.
 */
export const attributeMomentRollups = pgTable(
  'attribute_moment_rollups',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    dimension: text('dimension', { enum: rollupDimensions }).notNull(),
    dimensionValue: text('dimension_value'),
    waveId: uuid('wave_id')
      .notNull()
      .references(() => waves.id, { onDelete: 'cascade' }),
    productId: uuid('product_id').references(() => products.id, { onDelete: 'cascade' }),
    pattern: text('pattern').array().notNull(),
    shard: smallint('shard').notNull().default(0),
    respondents: integer('respondents').notNull(),
    sums: doublePrecision('sums').array().notNull(),
    crossProducts: doublePrecision('cross_products').array().notNull(),
  },
  (t) => [
    unique('attribute_moment_rollups_cell_unique')
      .on(t.dimension, t.waveId, t.dimensionValue, t.productId, t.pattern, t.shard)
      .nullsNotDistinct(),
    check('attribute_moment_rollups_dimension_known', sql`${t.dimension} IN (${sqlList(rollupDimensions)})`),
    check(
      'attribute_moment_rollups_shard_range',
      sql`${t.shard} >= 0 AND ${t.shard} < ${sql.raw(String(ROLLUP_SHARDS))}`,
    ),
    index('attribute_moment_rollups_wave_idx').on(t.waveId),
  ],
);

/**
 * Completed responses not yet folded into the rollups (nor into any other per-batch step of
 * analytics/aggregations/rollup-folder.ts). The completion inserts the row in the statement that
 * completes the response; the folder deletes it in the transaction that applies it, and a rebuild
 * leaves such responses to the folder. See docs/decisions/005-rollups-folded-in-background.md.
 */
export const pendingRollups = pgTable('pending_rollups', {
  responseId: uuid('response_id')
    .primaryKey()
    .references(() => responses.id, { onDelete: 'cascade' }),
});
