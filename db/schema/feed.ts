import { sql } from 'drizzle-orm';
import {
  boolean,
  check,
  doublePrecision,
  index,
  integer,
  pgTable,
  text,
  timestamp,
  unique,
  uuid,
} from 'drizzle-orm/pg-core';
import { waves } from './campaigns.ts';
import { clients } from './clients.ts';
import { id, sqlList } from './columns.ts';

/** The satisfaction feed's loyalty states (docs/loyalty.md), best first. */
export const loyaltyStates = ['champion', 'satisfied', 'passive', 'at_risk', 'lost_contact'] as const;
export type LoyaltyState = (typeof loyaltyStates)[number];

/** Why a state was given; a row may carry several (a detractor whose CSI also fell). */
export const loyaltyReasons = [
  'promoter',
  'passive',
  'detractor',
  'high_csi',
  'csi_below_floor',
  'csi_drop',
  'silent',
  'no_contactable_contact',
  'carried_forward',
] as const;
export type LoyaltyReason = (typeof loyaltyReasons)[number];

export const accountClasses = ['promoter', 'passive', 'detractor'] as const;

/**
 * Columns shared by the per-wave history and the current state: the account-level scores of
 * METHODOLOGY §5 (role-weighted) and the loyalty state the rules in force gave them.
 */
const feedColumns = () => ({
  // Contacts whose completed response counted (with an LTR or a CSI).
  respondents: integer('respondents').notNull().default(0),
  // s_a ∈ [−1, 1]; the account's NPS contribution is 100·s_a.
  netScore: doublePrecision('net_score'),
  meanLtr: doublePrecision('mean_ltr'),
  accountClass: text('account_class', { enum: accountClasses }),
  // 0–100, role-weighted mean of the contacts' CSI.
  csi: doublePrecision('csi'),
  // CSI minus the CSI of the client's previous measurement; null without both.
  csiChange: doublePrecision('csi_change'),
  // Overall satisfaction on 0–100 (the 1–5 item rescaled), role-weighted like CSI.
  overall: doublePrecision('overall'),
  loyaltyState: text('loyalty_state', { enum: loyaltyStates }).notNull(),
  previousState: text('previous_state', { enum: loyaltyStates }),
  reasons: text('reasons', { enum: loyaltyReasons }).array().notNull().default(sql`'{}'::text[]`),
  // The version of the loyalty_rules setting applied; 0 for the built-in defaults.
  rulesVersion: integer('rules_version').notNull(),
  computedAt: timestamp('computed_at', { withTimezone: true }).notNull().defaultNow(),
});

/**
 * One row per client and wave the client took part in: every wave it answered, and every closed
 * wave it was invited to (a silent wave is history too). Rewritten by the feed after completions
 * and when a wave closes; never edited by hand.
 */
export const clientSatisfaction = pgTable(
  'client_satisfaction',
  {
    id: id(),
    clientId: uuid('client_id')
      .notNull()
      .references(() => clients.id, { onDelete: 'cascade' }),
    waveId: uuid('wave_id')
      .notNull()
      .references(() => waves.id, { onDelete: 'cascade' }),
    // At least one contact of the client completed a response in this wave.
    responded: boolean('responded').notNull(),
    // The wave whose answers the scores come from: this wave, or an earlier one carried forward.
    scoresWaveId: uuid('scores_wave_id').references(() => waves.id, { onDelete: 'set null' }),
    ...feedColumns(),
  },
  (t) => [
    unique('client_satisfaction_client_wave_unique').on(t.clientId, t.waveId),
    check('client_satisfaction_state_known', sql`${t.loyaltyState} IN (${sqlList(loyaltyStates)})`),
    check(
      'client_satisfaction_previous_state_known',
      sql`${t.previousState} IS NULL OR ${t.previousState} IN (${sqlList(loyaltyStates)})`,
    ),
    check(
      'client_satisfaction_class_known',
      sql`${t.accountClass} IS NULL OR ${t.accountClass} IN (${sqlList(accountClasses)})`,
    ),
    check(
      'client_satisfaction_reasons_known',
      sql`${t.reasons} <@ ARRAY[${sqlList(loyaltyReasons)}]::text[]`,
    ),
    index('client_satisfaction_wave_state_idx').on(t.waveId, t.loyaltyState),
  ],
);

/** Each client's current loyalty state: its newest client_satisfaction row, kept beside the history. */
export const clientLoyalty = pgTable(
  'client_loyalty',
  {
    clientId: uuid('client_id')
      .primaryKey()
      .references(() => clients.id, { onDelete: 'cascade' }),
    waveId: uuid('wave_id')
      .notNull()
      .references(() => waves.id, { onDelete: 'cascade' }),
    scoresWaveId: uuid('scores_wave_id').references(() => waves.id, { onDelete: 'set null' }),
    ...feedColumns(),
  },
  (t) => [
    check('client_loyalty_state_known', sql`${t.loyaltyState} IN (${sqlList(loyaltyStates)})`),
    index('client_loyalty_state_idx').on(t.loyaltyState),
  ],
);
