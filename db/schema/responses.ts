import { sql } from 'drizzle-orm';
import {
  bigserial,
  boolean,
  char,
  check,
  date,
  doublePrecision,
  index,
  integer,
  jsonb,
  pgTable,
  text,
  timestamp,
  uuid,
} from 'drizzle-orm/pg-core';
import { users } from './auth.ts';
import { clientGroups, clients, contacts, managers, products, units } from './clients.ts';
import { id, sqlList, timestamps } from './columns.ts';
import {
  contactRoles,
  followUpReasons,
  followUpStatuses,
  locales,
  responseStatuses,
  scoreMetrics,
  sizeSegments,
} from './domain.ts';
import { invitations, waves } from './campaigns.ts';
import { surveyVersions } from './surveys.ts';

/**
 * One response per invitation. The snapshot columns hold the client's dimensions when it answered,
 * so a later change of segment or manager does not rewrite past waves.
 */
export const responses = pgTable(
  'responses',
  {
    id: id(),
    invitationId: uuid('invitation_id')
      .notNull()
      .unique()
      .references(() => invitations.id, { onDelete: 'cascade' }),
    waveId: uuid('wave_id')
      .notNull()
      .references(() => waves.id, { onDelete: 'cascade' }),
    surveyVersionId: uuid('survey_version_id')
      .notNull()
      .references(() => surveyVersions.id),
    clientId: uuid('client_id')
      .notNull()
      .references(() => clients.id, { onDelete: 'cascade' }),
    contactId: uuid('contact_id')
      .notNull()
      .references(() => contacts.id, { onDelete: 'cascade' }),
    status: text('status', { enum: responseStatuses }).notNull().default('partial'),
    answers: jsonb('answers').notNull().default(sql`'{}'::jsonb`),
    // The page the respondent was on, so a resumed questionnaire opens where they left it.
    currentPage: integer('current_page').notNull().default(0),
    language: text('language', { enum: locales }).notNull(),
    completedAt: timestamp('completed_at', { withTimezone: true }),
    sizeSegment: text('size_segment', { enum: sizeSegments }).notNull(),
    industrySection: char('industry_section', { length: 1 }).notNull(),
    regionCode: text('region_code').notNull(),
    unitId: uuid('unit_id').references(() => units.id),
    managerId: uuid('manager_id').references(() => managers.id),
    clientGroupId: uuid('client_group_id').references(() => clientGroups.id, { onDelete: 'set null' }),
    contactRole: text('contact_role', { enum: contactRoles }).notNull(),
    isVip: boolean('is_vip').notNull(),
    productIds: uuid('product_ids').array().notNull().default(sql`'{}'::uuid[]`),
    ...timestamps(),
  },
  (t) => [
    check('responses_status_known', sql`${t.status} IN (${sqlList(responseStatuses)})`),
    check('responses_completed_has_time', sql`(${t.status} = 'completed') = (${t.completedAt} IS NOT NULL)`),
    index('responses_wave_status_idx').on(t.waveId, t.status),
    index('responses_client_idx').on(t.clientId),
    index('responses_manager_idx').on(t.managerId),
  ],
);

/** One row per scored answer of a completed response: what analytics aggregate. */
export const scoreFacts = pgTable(
  'score_facts',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    responseId: uuid('response_id')
      .notNull()
      .references(() => responses.id, { onDelete: 'cascade' }),
    waveId: uuid('wave_id')
      .notNull()
      .references(() => waves.id, { onDelete: 'cascade' }),
    metric: text('metric', { enum: scoreMetrics }).notNull(),
    attribute: text('attribute'),
    productId: uuid('product_id').references(() => products.id),
    value: doublePrecision('value').notNull(),
    question: text('question').notNull(),
  },
  (t) => [
    check('score_facts_metric_known', sql`${t.metric} IN (${sqlList(scoreMetrics)})`),
    check(
      'score_facts_attribute_where_needed',
      sql`${t.metric} NOT IN ('attribute', 'importance') OR ${t.attribute} IS NOT NULL`,
    ),
    index('score_facts_response_idx').on(t.responseId),
    index('score_facts_wave_metric_idx').on(t.waveId, t.metric, t.attribute),
  ],
);

/** A task for the personal manager when a response crosses an alert rule. */
export const followUps = pgTable(
  'follow_ups',
  {
    id: id(),
    responseId: uuid('response_id')
      .notNull()
      .references(() => responses.id, { onDelete: 'cascade' }),
    clientId: uuid('client_id')
      .notNull()
      .references(() => clients.id, { onDelete: 'cascade' }),
    managerId: uuid('manager_id').references(() => managers.id, { onDelete: 'set null' }),
    reason: text('reason', { enum: followUpReasons }).notNull(),
    status: text('status', { enum: followUpStatuses }).notNull().default('open'),
    dueOn: date('due_on').notNull(),
    resolvedAt: timestamp('resolved_at', { withTimezone: true }),
    resolvedBy: uuid('resolved_by').references(() => users.id, { onDelete: 'set null' }),
    outcome: text('outcome'),
    // Set once, when an overdue follow-up is escalated to the unit head (app/follow-ups/escalation.server.ts).
    escalatedAt: timestamp('escalated_at', { withTimezone: true }),
    escalatedTo: uuid('escalated_to').references(() => managers.id, { onDelete: 'set null' }),
    ...timestamps(),
  },
  (t) => [
    check('follow_ups_reason_known', sql`${t.reason} IN (${sqlList(followUpReasons)})`),
    check('follow_ups_status_known', sql`${t.status} IN (${sqlList(followUpStatuses)})`),
    check(
      'follow_ups_resolution_has_outcome',
      sql`${t.status} <> 'resolved' OR (${t.outcome} IS NOT NULL AND length(trim(${t.outcome})) > 0)`,
    ),
    index('follow_ups_manager_status_idx').on(t.managerId, t.status),
    index('follow_ups_client_idx').on(t.clientId),
    // The escalation check's scan: unresolved follow-ups not yet escalated, by due date.
    index('follow_ups_escalation_due_idx')
      .on(t.dueOn)
      .where(sql`${t.status} <> 'resolved' AND ${t.escalatedAt} IS NULL`),
    index('follow_ups_escalated_to_idx').on(t.escalatedTo),
  ],
);
