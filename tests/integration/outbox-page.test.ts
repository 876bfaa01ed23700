import { eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { mailMessages } from '#db/schema/index.ts';
import { messageIdFor } from '#app/mail/sender.server.ts';
import { outboxPageSize } from '#app/models/outbox.server.ts';
import * as outboxRoute from '#app/routes/_staff.outbox.tsx';
import { createInvitedContacts } from '#tests/factories/mail.ts';
import { createStaffUser, signedInCookie } from '#tests/factories/users.ts';
import { openTestDatabase } from '#tests/setup/test-database.ts';

type OutboxData = Awaited<ReturnType<typeof outboxRoute.loader>>;

describe('the outbox page', () => {
  let cookie: string;
  let newestId: string;
  let failedId: string;

  beforeAll(async () => {
    const { db } = await openTestDatabase();
    const marketing = await createStaffUser(db, 'marketing');
    cookie = await signedInCookie(marketing.id);
    const { invited } = await createInvitedContacts(db, outboxPageSize + 2);
    // Spread the creation times so "newest first" has one answer.
    for (const [index, one] of invited.entries())
      await db
        .update(mailMessages)
        .set({ createdAt: new Date(Date.UTC(2030, 0, 1, 0, index)) })
        .where(eq(mailMessages.id, one.invitationMail.id));
    newestId = invited.at(-1)!.invitationMail.id;
    failedId = invited[0].invitationMail.id;
    await db
      .update(mailMessages)
      .set({ status: 'failed', attempts: 6, lastError: '421 4.3.2 Service shutting down' })
      .where(eq(mailMessages.id, failedId));
  });

  const load = async (query: string) =>
    (await outboxRoute.loader({
      request: new Request(`http://localhost/outbox${query}`, { headers: { Cookie: cookie } }),
      params: {},
      context: {},
    })) as OutboxData;

  it('lists messages newest first, a page at a time, with a count per status', async () => {
    const first = await load('');
    expect(first.total).toBe(outboxPageSize + 2);
    expect(first.pageCount).toBe(2);
    expect(first.rows).toHaveLength(outboxPageSize);
    expect(first.rows[0].id).toBe(newestId);
    expect(first.counts).toMatchObject({ queued: outboxPageSize + 1, failed: 1, sent: 0 });
    expect(first.delivery).toBe('outbox');
    expect(first.opened).toBeNull();

    const second = await load('?page=2');
    expect(second.rows.map((row) => row.id)).toContain(failedId);
  });

  it('filters by status', async () => {
    const failed = await load('?status=failed');
    expect(failed.rows).toMatchObject([
      { id: failedId, attempts: 6, lastError: '421 4.3.2 Service shutting down' },
    ]);
    expect((await load('?status=nonsense')).total).toBe(outboxPageSize + 2);
  });

  it('opens one message in full', async () => {
    const { opened } = await load(`?message=${newestId}`);
    expect(opened).toMatchObject({ id: newestId, messageId: messageIdFor(newestId) });
    expect(opened?.textBody).toContain('/s/');
    expect(opened?.htmlBody).toContain('<a href=');
  });

  it('answers 404 for a message that does not exist', async () => {
    await expect(load('?message=00000000-0000-4000-8000-000000000000')).rejects.toMatchObject({
      status: 404,
    });
  });
});
