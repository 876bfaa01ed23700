import { sql } from 'drizzle-orm';
import { check, index, integer, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { invitations } from './campaigns.ts';
import { id, sqlList, timestamps } from './columns.ts';
import { mailKinds, mailStatuses } from './domain.ts';

// How a sent message left: over SMTP, or kept as the outbox staff read at /outbox (no SMTP_URL).
export const mailTransports = ['smtp', 'outbox'] as const;
export type MailTransportKind = (typeof mailTransports)[number];

/**
 * The durable mail queue. A sender claims due rows, delivers them over SMTP (or, with no SMTP
 * configured, into the outbox staff read at /outbox) and marks them sent; a crash leaves the claim
 * to expire, so nothing queued is forgotten.
 */
export const mailMessages = pgTable(
  'mail_messages',
  {
    id: id(),
    kind: text('kind', { enum: mailKinds }).notNull(),
    invitationId: uuid('invitation_id').references(() => invitations.id, { onDelete: 'cascade' }),
    toAddress: text('to_address').notNull(),
    subject: text('subject').notNull(),
    textBody: text('text_body').notNull(),
    htmlBody: text('html_body'),
    status: text('status', { enum: mailStatuses }).notNull().default('queued'),
    attempts: integer('attempts').notNull().default(0),
    nextAttemptAt: timestamp('next_attempt_at', { withTimezone: true }).notNull().defaultNow(),
    claimedUntil: timestamp('claimed_until', { withTimezone: true }),
    sentAt: timestamp('sent_at', { withTimezone: true }),
    transportMessageId: text('transport_message_id'),
    transport: text('transport', { enum: mailTransports }),
    lastError: text('last_error'),
    ...timestamps(),
  },
  (t) => [
    check('mail_messages_kind_known', sql`${t.kind} IN (${sqlList(mailKinds)})`),
    check('mail_messages_status_known', sql`${t.status} IN (${sqlList(mailStatuses)})`),
    check('mail_messages_attempts_non_negative', sql`${t.attempts} >= 0`),
    check(
      'mail_messages_transport_known',
      sql`${t.transport} IS NULL OR ${t.transport} IN (${sqlList(mailTransports)})`,
    ),
    index('mail_messages_due_idx').on(t.nextAttemptAt).where(sql`${t.status} IN ('queued', 'sending')`),
    index('mail_messages_invitation_idx').on(t.invitationId),
    // The rate limit counts what went out in the last minute; the outbox lists newest first.
    index('mail_messages_sent_at_idx').on(t.sentAt).where(sql`${t.sentAt} IS NOT NULL`),
    index('mail_messages_created_at_idx').on(t.createdAt),
  ],
);
