import { sql } from 'drizzle-orm';
import {
  bigserial,
  check,
  index,
  integer,
  jsonb,
  pgTable,
  text,
  timestamp,
  unique,
  uuid,
} from 'drizzle-orm/pg-core';
import { users } from './auth.ts';
import { clients, contacts } from './clients.ts';
import { id, sqlList, timestamps } from './columns.ts';
import { invitationStatuses, locales, waveStatuses } from './domain.ts';
import { surveyVersions } from './surveys.ts';

export const waves = pgTable(
  'waves',
  {
    id: id(),
    name: text('name').notNull(),
    surveyVersionId: uuid('survey_version_id')
      .notNull()
      .references(() => surveyVersions.id),
    status: text('status', { enum: waveStatuses }).notNull().default('draft'),
    // The saved audience filter, kept as launched so a wave can always say whom it asked.
    audience: jsonb('audience').notNull().default(sql`'{}'::jsonb`),
    sendFrom: timestamp('send_from', { withTimezone: true }),
    sendUntil: timestamp('send_until', { withTimezone: true }),
    expiresAt: timestamp('expires_at', { withTimezone: true }),
    reminderAfterDays: integer('reminder_after_days'),
    reminderMax: integer('reminder_max').notNull().default(0),
    launchedAt: timestamp('launched_at', { withTimezone: true }),
    closedAt: timestamp('closed_at', { withTimezone: true }),
    createdBy: uuid('created_by').references(() => users.id, { onDelete: 'set null' }),
    ...timestamps(),
  },
  (t) => [
    check('waves_status_known', sql`${t.status} IN (${sqlList(waveStatuses)})`),
    check('waves_reminders_non_negative', sql`${t.reminderMax} >= 0`),
    check(
      'waves_window_ordered',
      sql`${t.sendUntil} IS NULL OR ${t.sendFrom} IS NULL OR ${t.sendUntil} >= ${t.sendFrom}`,
    ),
  ],
);

/** One personal link per contact and wave; the token itself is never stored, only its SHA-256. */
export const invitations = pgTable(
  'invitations',
  {
    id: id(),
    waveId: uuid('wave_id')
      .notNull()
      .references(() => waves.id, { onDelete: 'cascade' }),
    contactId: uuid('contact_id')
      .notNull()
      .references(() => contacts.id, { onDelete: 'cascade' }),
    clientId: uuid('client_id')
      .notNull()
      .references(() => clients.id, { onDelete: 'cascade' }),
    tokenHash: text('token_hash').notNull().unique(),
    status: text('status', { enum: invitationStatuses }).notNull().default('queued'),
    language: text('language', { enum: locales }).notNull(),
    remindersSent: integer('reminders_sent').notNull().default(0),
    sentAt: timestamp('sent_at', { withTimezone: true }),
    openedAt: timestamp('opened_at', { withTimezone: true }),
    startedAt: timestamp('started_at', { withTimezone: true }),
    completedAt: timestamp('completed_at', { withTimezone: true }),
    lastError: text('last_error'),
    ...timestamps(),
  },
  (t) => [
    unique('invitations_wave_contact_unique').on(t.waveId, t.contactId),
    check('invitations_status_known', sql`${t.status} IN (${sqlList(invitationStatuses)})`),
    index('invitations_wave_status_idx').on(t.waveId, t.status),
    index('invitations_contact_idx').on(t.contactId, t.sentAt),
    index('invitations_client_idx').on(t.clientId, t.sentAt),
  ],
);

export const invitationEvents = pgTable(
  'invitation_events',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    invitationId: uuid('invitation_id')
      .notNull()
      .references(() => invitations.id, { onDelete: 'cascade' }),
    status: text('status', { enum: invitationStatuses }).notNull(),
    detail: text('detail'),
    at: timestamp('at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    check('invitation_events_status_known', sql`${t.status} IN (${sqlList(invitationStatuses)})`),
    index('invitation_events_invitation_idx').on(t.invitationId, t.at),
  ],
);
