import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Database } from '#db/client.ts';
import { followUps, webhookDeliveries, webhookSubscriptions } from '#db/schema/index.ts';
import type { StaffUser } from '#app/auth/session.server.ts';
import {
  createSubscription,
  getSubscriptionLog,
  redeliver,
  setSubscriptionActive,
} from '#app/models/webhooks.server.ts';
import { dispatchDueWebhooks, webhookRetryDelayMs } from '#app/webhooks/dispatcher.server.ts';
import { enqueueWebhookEvent } from '#app/webhooks/events.server.ts';
import { verifySignature } from '#app/webhooks/signature.ts';
import { escalateOverdueFollowUps } from '#app/follow-ups/escalation.server.ts';
import { completeResponse } from '#app/models/responses.server.ts';
import { createManager } from '#tests/factories/reference.ts';
import { createRespondentFixture, industrialAnswers } from '#tests/factories/responses.ts';
import { createStaffViewer } from '#tests/factories/users.ts';
import { openTestDatabase } from '#tests/setup/test-database.ts';

// The dispatcher against a real local receiver: retries with exponential backoff, gives up after
// the last attempt, takes over a crashed dispatcher's expired claim, never sends a delivered event
// again, and redelivers on request with the same event id.

interface Hit {
  headers: IncomingHttpHeaders;
  body: string;
}

describe('webhook dispatcher', () => {
  let db: Database;
  let admin: StaffUser;
  let server: Server;
  let baseUrl: string;
  const hits: Hit[] = [];
  /** Status codes the receiver answers with, in order; 204 once they run out. */
  let answers: number[] = [];

  beforeAll(async () => {
    ({ db } = await openTestDatabase());
    admin = await createStaffViewer(db, 'admin');
    server = createServer((request, response) => {
      let body = '';
      request.on('data', (chunk) => {
        body += chunk;
      });
      request.on('end', () => {
        hits.push({ headers: request.headers, body });
        const status = answers.shift() ?? 204;
        response.writeHead(status).end(status >= 400 ? 'receiver is down' : '');
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });

  afterAll(async () => {
    await new Promise((resolve) => server?.close(resolve));
  });

  beforeEach(async () => {
    hits.length = 0;
    answers = [];
    // Each test starts with an empty queue and no subscribers.
    await db.delete(webhookSubscriptions);
  });

  async function subscribe(events: Array<'wave.finished' | 'follow_up.overdue'> = ['wave.finished']) {
    return createSubscription({
      input: { url: `${baseUrl}/hooks`, events, description: null },
      actor: admin,
      ipAddress: 'test',
    });
  }

  it('queues an event only when its transaction commits, once per subscriber of its type', async () => {
    await subscribe(['wave.finished']);
    await subscribe(['wave.finished', 'follow_up.overdue']);
    await subscribe(['follow_up.overdue']);
    await db
      .transaction(async (tx) => {
        await enqueueWebhookEvent(tx, 'wave.finished', { waveId: 'rolled-back' });
        throw new Error('rollback');
      })
      .catch(() => {});
    expect(await db.select().from(webhookDeliveries)).toHaveLength(0);
    await db.transaction((tx) => enqueueWebhookEvent(tx, 'wave.finished', { waveId: 'w1' }));
    const queued = await db.select().from(webhookDeliveries);
    expect(queued).toHaveLength(2);
    expect(new Set(queued.map((row) => row.eventId)).size).toBe(1);
  });

  it('retries with exponential backoff, then delivers, with the same signed body each time', async () => {
    const { id, secret } = await subscribe();
    await enqueueWebhookEvent(db, 'wave.finished', { waveId: 'w2' });
    answers = [500, 503];
    const t0 = new Date();
    expect(await dispatchDueWebhooks({ now: t0 })).toMatchObject({ claimed: 1, retried: 1 });
    // Not due before the first backoff (30 s) has passed.
    expect(await dispatchDueWebhooks({ now: new Date(t0.getTime() + 20_000) })).toMatchObject({ claimed: 0 });
    const t1 = new Date(t0.getTime() + webhookRetryDelayMs(1) + 1);
    expect(await dispatchDueWebhooks({ now: t1 })).toMatchObject({ retried: 1 });
    const [afterTwo] = await db
      .select()
      .from(webhookDeliveries)
      .where(eq(webhookDeliveries.subscriptionId, id));
    expect(afterTwo).toMatchObject({
      status: 'queued',
      attempts: 2,
      lastStatusCode: 503,
      lastError: 'HTTP 503: receiver is down',
    });
    expect(afterTwo.nextAttemptAt.getTime() - t1.getTime()).toBe(webhookRetryDelayMs(2));
    expect(webhookRetryDelayMs(2)).toBe(2 * webhookRetryDelayMs(1));

    const t2 = new Date(t1.getTime() + webhookRetryDelayMs(2) + 1);
    expect(await dispatchDueWebhooks({ now: t2 })).toMatchObject({ delivered: 1 });
    expect(hits).toHaveLength(3);
    expect(new Set(hits.map((hit) => hit.body)).size).toBe(1);
    for (const hit of hits) {
      const header = hit.headers['barometer-signature'] as string;
      const sentAt = Number(/t=(\d+)/.exec(header)?.[1]) * 1000;
      expect(verifySignature({ secret, header, body: hit.body, now: new Date(sentAt) })).toBe(true);
    }
    // Delivered: never sent again, however often the dispatcher runs.
    expect(await dispatchDueWebhooks({ now: new Date(t2.getTime() + 86_400_000) })).toMatchObject({
      claimed: 0,
    });
    expect(hits).toHaveLength(3);
  });

  it('gives up after the last attempt and keeps the reason', async () => {
    const { id } = await subscribe();
    await enqueueWebhookEvent(db, 'wave.finished', { waveId: 'w3' });
    answers = [500, 500, 500];
    let now = new Date();
    for (let attempt = 1; attempt <= 3; attempt++) {
      await dispatchDueWebhooks({ now, maxAttempts: 3 });
      now = new Date(now.getTime() + webhookRetryDelayMs(attempt) + 1);
    }
    const [row] = await db.select().from(webhookDeliveries).where(eq(webhookDeliveries.subscriptionId, id));
    expect(row).toMatchObject({ status: 'failed', attempts: 3, lastStatusCode: 500 });
    expect(await dispatchDueWebhooks({ now: new Date(now.getTime() + 86_400_000) })).toMatchObject({
      claimed: 0,
    });
  });

  it('records a refused connection as a retry with the error', async () => {
    const [subscription] = await db
      .insert(webhookSubscriptions)
      .values({ url: 'http://127.0.0.1:9/nobody-listens', events: ['wave.finished'], secret: 'whsec_x' })
      .returning();
    await enqueueWebhookEvent(db, 'wave.finished', { waveId: 'w4' });
    expect(await dispatchDueWebhooks()).toMatchObject({ retried: 1 });
    const [row] = await db
      .select()
      .from(webhookDeliveries)
      .where(eq(webhookDeliveries.subscriptionId, subscription.id));
    expect(row.status).toBe('queued');
    expect(row.lastStatusCode).toBeNull();
    expect(row.lastError).toMatch(/fetch failed|ECONNREFUSED/);
  });

  it("takes over a crashed dispatcher's expired claim after a restart", async () => {
    await subscribe();
    await enqueueWebhookEvent(db, 'wave.finished', { waveId: 'w5' });
    // A dispatcher claimed it and died before sending: the row stays 'sending' until its lease ends.
    await db.update(webhookDeliveries).set({
      status: 'sending',
      attempts: 1,
      claimedUntil: new Date(Date.now() + 60_000),
    });
    expect(await dispatchDueWebhooks()).toMatchObject({ claimed: 0 });
    expect(await dispatchDueWebhooks({ now: new Date(Date.now() + 61_000) })).toMatchObject({ delivered: 1 });
    expect(hits).toHaveLength(1);
  });

  it('fails what is due for a paused subscription and queues nothing new for it', async () => {
    const { id } = await subscribe();
    await enqueueWebhookEvent(db, 'wave.finished', { waveId: 'w6' });
    await setSubscriptionActive({ id, active: false, actor: admin, ipAddress: 'test' });
    await enqueueWebhookEvent(db, 'wave.finished', { waveId: 'w7' });
    expect(await dispatchDueWebhooks()).toMatchObject({ claimed: 1, failed: 1 });
    expect(hits).toHaveLength(0);
    const [row] = await db.select().from(webhookDeliveries).where(eq(webhookDeliveries.subscriptionId, id));
    expect(row).toMatchObject({ status: 'failed', lastError: 'subscription disabled' });
  });

  it('tells subscribers when a follow-up becomes overdue and is escalated', async () => {
    await subscribe(['follow_up.overdue']);
    const fixture = await createRespondentFixture(db);
    await createManager(db, { unitId: fixture.unitId, isUnitHead: true });
    const { responseId } = await completeResponse({
      token: fixture.token,
      answers: industrialAnswers({ ltr: 1 }),
    });
    await db.update(followUps).set({ dueOn: '2026-03-02' }).where(eq(followUps.responseId, responseId));
    await escalateOverdueFollowUps({ now: new Date('2026-03-04T07:00:00Z') });
    expect(await dispatchDueWebhooks()).toMatchObject({ delivered: 1 });
    const event = JSON.parse(hits[0].body);
    expect(event).toMatchObject({
      type: 'follow_up.overdue',
      data: { clientId: fixture.client.id, managerId: fixture.managerId, dueOn: '2026-03-02' },
    });
  });

  it('redelivers an event on request with the same event id, and shows both in the log', async () => {
    const { id } = await subscribe();
    await enqueueWebhookEvent(db, 'wave.finished', { waveId: 'w8' });
    const [queued] = await db
      .select()
      .from(webhookDeliveries)
      .where(eq(webhookDeliveries.subscriptionId, id));
    expect(
      await redeliver({ subscriptionId: id, deliveryId: queued.id, actor: admin, ipAddress: 'test' }),
    ).toEqual({
      refused: 'pending',
    });
    await dispatchDueWebhooks();
    const copy = await redeliver({
      subscriptionId: id,
      deliveryId: queued.id,
      actor: admin,
      ipAddress: 'test',
    });
    expect(copy).toHaveProperty('id');
    await dispatchDueWebhooks();
    expect(hits).toHaveLength(2);
    expect(hits[0].headers['barometer-event-id']).toBe(hits[1].headers['barometer-event-id']);
    expect(hits[0].headers['barometer-delivery-id']).not.toBe(hits[1].headers['barometer-delivery-id']);

    const log = await getSubscriptionLog({ id, filter: { page: 1 } });
    expect(log.deliveries.map((row) => [row.status, row.redeliveryOf])).toEqual([
      ['delivered', queued.id],
      ['delivered', null],
    ]);
  });
});
