import { sql } from 'drizzle-orm';
import {
  check,
  date,
  doublePrecision,
  index,
  integer,
  jsonb,
  numeric,
  pgTable,
  text,
  timestamp,
  unique,
  uuid,
} from 'drizzle-orm/pg-core';
import { users } from './auth.ts';
import { managers } from './clients.ts';
import { id, sqlList, timestamps } from './columns.ts';
import { adjustmentStatuses, kpiDirections, reviewStatuses } from './domain.ts';

/**
 * How monthly figures make a period's figure: `sum` for flows (income, new connections: the
 * period's actual and target are sums of months), `level` for rates and scores (the target is a
 * level held all year and the period's actual is the mean of its months, or the measured value).
 */
export const kpiAggregations = ['sum', 'level'] as const;
export type KpiAggregation = (typeof kpiAggregations)[number];

export const reviewPeriods = pgTable(
  'review_periods',
  {
    id: id(),
    name: text('name').notNull().unique(),
    startsOn: date('starts_on').notNull(),
    endsOn: date('ends_on').notNull(),
    ...timestamps(),
  },
  (t) => [check('review_periods_ordered', sql`${t.endsOn} >= ${t.startsOn}`)],
);

export const kpis = pgTable(
  'kpis',
  {
    id: id(),
    code: text('code').notNull().unique(),
    nameEn: text('name_en').notNull(),
    nameRu: text('name_ru').notNull(),
    unit: text('unit').notNull(),
    direction: text('direction', { enum: kpiDirections }).notNull().default('higher_is_better'),
    aggregation: text('aggregation', { enum: kpiAggregations }).notNull().default('sum'),
    ...timestamps(),
  },
  (t) => [
    check('kpis_direction_known', sql`${t.direction} IN (${sqlList(kpiDirections)})`),
    check('kpis_aggregation_known', sql`${t.aggregation} IN (${sqlList(kpiAggregations)})`),
  ],
);

/** Weight of each KPI in a period's scorecard. */
export const kpiWeights = pgTable(
  'kpi_weights',
  {
    id: id(),
    reviewPeriodId: uuid('review_period_id')
      .notNull()
      .references(() => reviewPeriods.id, { onDelete: 'cascade' }),
    kpiId: uuid('kpi_id')
      .notNull()
      .references(() => kpis.id),
    weight: doublePrecision('weight').notNull(),
  },
  (t) => [
    unique('kpi_weights_period_kpi_unique').on(t.reviewPeriodId, t.kpiId),
    check('kpi_weights_range', sql`${t.weight} >= 0 AND ${t.weight} <= 1`),
  ],
);

/** An annual target split over months by a seasonal profile (twelve factors summing to 12). */
export const kpiTargets = pgTable(
  'kpi_targets',
  {
    id: id(),
    managerId: uuid('manager_id')
      .notNull()
      .references(() => managers.id, { onDelete: 'cascade' }),
    kpiId: uuid('kpi_id')
      .notNull()
      .references(() => kpis.id),
    year: integer('year').notNull(),
    annualTarget: numeric('annual_target', { precision: 18, scale: 2 }).notNull(),
    seasonalProfile: doublePrecision('seasonal_profile').array().notNull(),
    ...timestamps(),
  },
  (t) => [
    unique('kpi_targets_manager_kpi_year_unique').on(t.managerId, t.kpiId, t.year),
    check('kpi_targets_profile_months', sql`cardinality(${t.seasonalProfile}) = 12`),
  ],
);

export const kpiActuals = pgTable(
  'kpi_actuals',
  {
    id: id(),
    managerId: uuid('manager_id')
      .notNull()
      .references(() => managers.id, { onDelete: 'cascade' }),
    kpiId: uuid('kpi_id')
      .notNull()
      .references(() => kpis.id),
    month: date('month').notNull(),
    value: numeric('value', { precision: 18, scale: 2 }).notNull(),
    ...timestamps(),
  },
  (t) => [
    unique('kpi_actuals_manager_kpi_month_unique').on(t.managerId, t.kpiId, t.month),
    check('kpi_actuals_month_first_day', sql`extract(day from ${t.month}) = 1`),
  ],
);

/** A target change for a factor outside the manager's control; counts only once approved. */
export const kpiAdjustments = pgTable(
  'kpi_adjustments',
  {
    id: id(),
    managerId: uuid('manager_id')
      .notNull()
      .references(() => managers.id, { onDelete: 'cascade' }),
    kpiId: uuid('kpi_id')
      .notNull()
      .references(() => kpis.id),
    reviewPeriodId: uuid('review_period_id')
      .notNull()
      .references(() => reviewPeriods.id, { onDelete: 'cascade' }),
    targetDelta: numeric('target_delta', { precision: 18, scale: 2 }).notNull(),
    reason: text('reason').notNull(),
    status: text('status', { enum: adjustmentStatuses }).notNull().default('proposed'),
    proposedBy: uuid('proposed_by').references(() => users.id, { onDelete: 'set null' }),
    decidedBy: uuid('decided_by').references(() => users.id, { onDelete: 'set null' }),
    decidedAt: timestamp('decided_at', { withTimezone: true }),
    ...timestamps(),
  },
  (t) => [
    check('kpi_adjustments_status_known', sql`${t.status} IN (${sqlList(adjustmentStatuses)})`),
    check('kpi_adjustments_reason_given', sql`length(trim(${t.reason})) > 0`),
    index('kpi_adjustments_manager_period_idx').on(t.managerId, t.reviewPeriodId),
  ],
);

export const kpiExplanations = pgTable(
  'kpi_explanations',
  {
    id: id(),
    managerId: uuid('manager_id')
      .notNull()
      .references(() => managers.id, { onDelete: 'cascade' }),
    kpiId: uuid('kpi_id')
      .notNull()
      .references(() => kpis.id),
    reviewPeriodId: uuid('review_period_id')
      .notNull()
      .references(() => reviewPeriods.id, { onDelete: 'cascade' }),
    text: text('text').notNull(),
    ...timestamps(),
  },
  (t) => [
    unique('kpi_explanations_manager_kpi_period_unique').on(t.managerId, t.kpiId, t.reviewPeriodId),
    check('kpi_explanations_text_given', sql`length(trim(${t.text})) > 0`),
  ],
);

/** A manager's review for a period; once signed, the scorecard is frozen in `card`. */
export const managerReviews = pgTable(
  'manager_reviews',
  {
    id: id(),
    managerId: uuid('manager_id')
      .notNull()
      .references(() => managers.id, { onDelete: 'cascade' }),
    reviewPeriodId: uuid('review_period_id')
      .notNull()
      .references(() => reviewPeriods.id, { onDelete: 'cascade' }),
    status: text('status', { enum: reviewStatuses }).notNull().default('draft'),
    card: jsonb('card'),
    signedBy: uuid('signed_by').references(() => users.id, { onDelete: 'set null' }),
    signedAt: timestamp('signed_at', { withTimezone: true }),
    ...timestamps(),
  },
  (t) => [
    unique('manager_reviews_manager_period_unique').on(t.managerId, t.reviewPeriodId),
    check('manager_reviews_status_known', sql`${t.status} IN (${sqlList(reviewStatuses)})`),
    check(
      'manager_reviews_signed_is_frozen',
      sql`${t.status} <> 'signed' OR (${t.card} IS NOT NULL AND ${t.signedAt} IS NOT NULL)`,
    ),
  ],
);
