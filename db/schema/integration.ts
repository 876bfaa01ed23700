import { sql } from 'drizzle-orm';
import {
  check,
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
import { managers, units } from './clients.ts';
import { apiPermissions, webhookDeliveryStatuses, webhookEventTypes } from '../integration-vocabulary.ts';
import { id, sqlList, timestamps } from './columns.ts';

export {
  type ApiArea,
  type ApiPermission,
  apiAreas,
  apiPermissions,
  type WebhookDeliveryStatus,
  type WebhookEventType,
  webhookDeliveryStatuses,
  webhookEventTypes,
} from '../integration-vocabulary.ts';

// The integration surface: API tokens for other systems (CRM, service desk, BI) and webhook
// subscriptions with their durable delivery queue.

/**
 * A bearer token; only its SHA-256 is stored, the token itself is shown once. The token bucket of the
 * rate limit lives on the row (bucket_level, bucket_at) so every app server shares it.
 */
export const apiTokens = pgTable(
  'api_tokens',
  {
    id: id(),
    name: text('name').notNull(),
    // The first characters of the token, so an admin can tell tokens apart without the secret.
    tokenPrefix: text('token_prefix').notNull(),
    tokenHash: text('token_hash').notNull().unique(),
    permissions: text('permissions').array().notNull().default(sql`'{}'::text[]`),
    // At most one restriction: the token then sees one unit's or one manager's clients only.
    unitId: uuid('unit_id').references(() => units.id, { onDelete: 'cascade' }),
    managerId: uuid('manager_id').references(() => managers.id, { onDelete: 'cascade' }),
    ratePerMinute: integer('rate_per_minute').notNull().default(600),
    bucketLevel: doublePrecision('bucket_level').notNull().default(600),
    bucketAt: timestamp('bucket_at', { withTimezone: true }).notNull().defaultNow(),
    lastUsedAt: timestamp('last_used_at', { withTimezone: true }),
    lastUsedIp: text('last_used_ip'),
    // When the audit log last got an "api_token_used" line for this token (one per hour is enough).
    useAuditedAt: timestamp('use_audited_at', { withTimezone: true }),
    createdBy: uuid('created_by').references(() => users.id, { onDelete: 'set null' }),
    revokedAt: timestamp('revoked_at', { withTimezone: true }),
    revokedBy: uuid('revoked_by').references(() => users.id, { onDelete: 'set null' }),
    ...timestamps(),
  },
  (t) => [
    check('api_tokens_one_restriction', sql`${t.unitId} IS NULL OR ${t.managerId} IS NULL`),
    check('api_tokens_rate_positive', sql`${t.ratePerMinute} > 0`),
    check('api_tokens_permissions_known', sql`${t.permissions} <@ ARRAY[${sqlList(apiPermissions)}]::text[]`),
  ],
);

/** A receiver of events. The secret signs every delivery, so it is kept; it is shown to staff once. */
export const webhookSubscriptions = pgTable(
  'webhook_subscriptions',
  {
    id: id(),
    url: text('url').notNull(),
    events: text('events').array().notNull(),
    secret: text('secret').notNull(),
    description: text('description'),
    createdBy: uuid('created_by').references(() => users.id, { onDelete: 'set null' }),
    disabledAt: timestamp('disabled_at', { withTimezone: true }),
    ...timestamps(),
  },
  (t) => [
    check(
      'webhook_subscriptions_events_known',
      sql`${t.events} <@ ARRAY[${sqlList(webhookEventTypes)}]::text[]`,
    ),
    check('webhook_subscriptions_events_present', sql`cardinality(${t.events}) > 0`),
  ],
);

/**
 * One event for one subscription: the durable queue the dispatcher works from and, kept afterwards,
 * the delivery log. A redelivery is a new row with the same event id, so receivers can drop copies.
 */
export const webhookDeliveries = pgTable(
  'webhook_deliveries',
  {
    id: id(),
    subscriptionId: uuid('subscription_id')
      .notNull()
      .references(() => webhookSubscriptions.id, { onDelete: 'cascade' }),
    eventId: uuid('event_id').notNull(),
    eventType: text('event_type', { enum: webhookEventTypes }).notNull(),
    payload: jsonb('payload').notNull(),
    status: text('status', { enum: webhookDeliveryStatuses }).notNull().default('queued'),
    attempts: integer('attempts').notNull().default(0),
    // Whole milliseconds: the dispatcher compares with JavaScript Dates, and a microsecond default
    // would still lie ahead of a Date taken in the same millisecond, leaving the delivery for a tick.
    nextAttemptAt: timestamp('next_attempt_at', { withTimezone: true })
      .notNull()
      .default(sql`date_trunc('milliseconds', now())`),
    claimedUntil: timestamp('claimed_until', { withTimezone: true }),
    lastStatusCode: integer('last_status_code'),
    lastError: text('last_error'),
    deliveredAt: timestamp('delivered_at', { withTimezone: true }),
    redeliveryOf: uuid('redelivery_of'),
    ...timestamps(),
  },
  (t) => [
    check('webhook_deliveries_status_known', sql`${t.status} IN (${sqlList(webhookDeliveryStatuses)})`),
    check('webhook_deliveries_event_known', sql`${t.eventType} IN (${sqlList(webhookEventTypes)})`),
    index('webhook_deliveries_due_idx').on(t.status, t.nextAttemptAt),
    index('webhook_deliveries_subscription_idx').on(t.subscriptionId, t.createdAt),
  ],
);
