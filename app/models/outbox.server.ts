import { count, desc, eq } from 'drizzle-orm';
import { z } from 'zod';
import { getDb } from '#db/client.ts';
import { mailMessages } from '#db/schema/index.ts';
import { type MailStatus, mailStatuses } from '#db/schema/domain.ts';
import { notFound } from '#app/auth/session.server.ts';
import { environment } from '#app/env.server.ts';
import { messageIdFor } from '#app/mail/sender.server.ts';

export const outboxPageSize = 25;

export const outboxFilterSchema = z.object({
  status: z.enum(mailStatuses).optional().catch(undefined),
  page: z.coerce.number().int().min(1).max(100_000).catch(1).default(1),
  message: z.string().uuid().optional().catch(undefined),
});

export type OutboxFilter = z.infer<typeof outboxFilterSchema>;

/**
 * The queue as staff read it: messages newest first, a count per status for the filter, and the
 * opened message in full (404 when there is no such message). With no SMTP server this is where
 * mail "arrives" (docs/decisions/002).
 */
export async function getOutbox({ filter }: { filter: OutboxFilter }) {
  const db = getDb();
  const where = filter.status ? eq(mailMessages.status, filter.status) : undefined;
  const [statusRows, [{ total }], rows, opened] = await Promise.all([
    db.select({ status: mailMessages.status, n: count() }).from(mailMessages).groupBy(mailMessages.status),
    db.select({ total: count() }).from(mailMessages).where(where),
    db
      .select({
        id: mailMessages.id,
        kind: mailMessages.kind,
        toAddress: mailMessages.toAddress,
        subject: mailMessages.subject,
        status: mailMessages.status,
        attempts: mailMessages.attempts,
        lastError: mailMessages.lastError,
        createdAt: mailMessages.createdAt,
        nextAttemptAt: mailMessages.nextAttemptAt,
        sentAt: mailMessages.sentAt,
        transport: mailMessages.transport,
      })
      .from(mailMessages)
      .where(where)
      .orderBy(desc(mailMessages.createdAt), desc(mailMessages.id))
      .limit(outboxPageSize)
      .offset((filter.page - 1) * outboxPageSize),
    filter.message ? getOutboxMessage(filter.message) : Promise.resolve(null),
  ]);
  const counts = Object.fromEntries(mailStatuses.map((status) => [status, 0])) as Record<MailStatus, number>;
  for (const row of statusRows) counts[row.status] = row.n;
  return {
    rows,
    total,
    counts,
    page: filter.page,
    pageCount: Math.max(1, Math.ceil(total / outboxPageSize)),
    opened,
    delivery: environment().SMTP_URL ? ('smtp' as const) : ('outbox' as const),
  };
}

async function getOutboxMessage(id: string) {
  const [message] = await getDb()
    .select({
      id: mailMessages.id,
      kind: mailMessages.kind,
      toAddress: mailMessages.toAddress,
      subject: mailMessages.subject,
      status: mailMessages.status,
      textBody: mailMessages.textBody,
      htmlBody: mailMessages.htmlBody,
      sentAt: mailMessages.sentAt,
      transport: mailMessages.transport,
    })
    .from(mailMessages)
    .where(eq(mailMessages.id, id));
  if (!message) throw notFound();
  return { ...message, messageId: messageIdFor(message.id) };
}
