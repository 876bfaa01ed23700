import { randomBytes } from 'node:crypto';
import { and, count, desc, eq, sql } from 'drizzle-orm';
import { z } from 'zod';
import { getDb } from '#db/client.ts';
import {
  users,
  webhookDeliveries,
  webhookDeliveryStatuses,
  webhookEventTypes,
  webhookSubscriptions,
} from '#db/schema/index.ts';
import type { StaffUser } from '#app/auth/session.server.ts';
import { notFound } from '#app/auth/session.server.ts';
import { recordAudit } from './audit.server.ts';

// Webhook subscriptions and their delivery log, for the admin screens. Events are queued by
// app/webhooks/events.server.ts and sent by app/webhooks/dispatcher.server.ts.

/** Receivers must be HTTPS, except on this machine (a developer's or a test's local receiver). */
function isAllowedUrl(value: string): boolean {
  try {
    const url = new URL(value);
    if (url.username || url.password) return false;
    if (url.protocol === 'https:') return true;
    return url.protocol === 'http:' && ['localhost', '127.0.0.1', '[::1]'].includes(url.hostname);
  } catch {
    return false;
  }
}

export const newSubscriptionSchema = z.object({
  url: z.string().trim().max(2000).refine(isAllowedUrl, 'integration:errors.webhookUrl'),
  events: z
    .array(z.enum(webhookEventTypes, { message: 'errors.unknown' }))
    .min(1, 'integration:errors.noEvents'),
  description: z
    .string()
    .trim()
    .max(300)
    .optional()
    .transform((value) => value || null),
});

export type NewSubscription = z.infer<typeof newSubscriptionSchema>;

/** Creates a subscription and returns its signing secret: the only time anyone sees it. */
export async function createSubscription({
  input,
  actor,
  ipAddress,
}: {
  input: NewSubscription;
  actor: StaffUser;
  ipAddress: string;
}): Promise<{ id: string; secret: string }> {
  const secret = `whsec_${randomBytes(32).toString('base64url')}`;
  return getDb().transaction(async (tx) => {
    const [created] = await tx
      .insert(webhookSubscriptions)
      .values({
        url: input.url,
        events: input.events,
        description: input.description,
        secret,
        createdBy: actor.id,
      })
      .returning({ id: webhookSubscriptions.id });
    await recordAudit(tx, {
      actorUserId: actor.id,
      action: 'webhook_created',
      entityType: 'webhook_subscription',
      entityId: created.id,
      detail: { url: input.url, events: input.events },
      ipAddress,
    });
    return { id: created.id, secret };
  });
}

/** Pauses or resumes a subscription; queued deliveries of a paused one are given up when due. */
export async function setSubscriptionActive({
  id,
  active,
  actor,
  ipAddress,
}: {
  id: string;
  active: boolean;
  actor: StaffUser;
  ipAddress: string;
}): Promise<void> {
  if (!z.uuid().safeParse(id).success) throw notFound();
  await getDb().transaction(async (tx) => {
    const changed = await tx
      .update(webhookSubscriptions)
      .set({ disabledAt: active ? null : new Date() })
      .where(
        and(
          eq(webhookSubscriptions.id, id),
          active
            ? sql`${webhookSubscriptions.disabledAt} IS NOT NULL`
            : sql`${webhookSubscriptions.disabledAt} IS NULL`,
        ),
      )
      .returning({ url: webhookSubscriptions.url });
    if (changed.length === 0) return;
    await recordAudit(tx, {
      actorUserId: actor.id,
      action: active ? 'webhook_enabled' : 'webhook_disabled',
      entityType: 'webhook_subscription',
      entityId: id,
      detail: { url: changed[0].url },
      ipAddress,
    });
  });
}

export async function listSubscriptions() {
  const db = getDb();
  const stats = db
    .select({
      subscriptionId: webhookDeliveries.subscriptionId,
      delivered: sql<number>`count(*) FILTER (WHERE ${webhookDeliveries.status} = 'delivered')`.as(
        'delivered',
      ),
      pending: sql<number>`count(*) FILTER (WHERE ${webhookDeliveries.status} IN ('queued', 'sending'))`.as(
        'pending',
      ),
      failed: sql<number>`count(*) FILTER (WHERE ${webhookDeliveries.status} = 'failed')`.as('failed'),
    })
    .from(webhookDeliveries)
    .groupBy(webhookDeliveries.subscriptionId)
    .as('stats');
  const rows = await db
    .select({
      id: webhookSubscriptions.id,
      url: webhookSubscriptions.url,
      events: webhookSubscriptions.events,
      description: webhookSubscriptions.description,
      disabledAt: webhookSubscriptions.disabledAt,
      createdAt: webhookSubscriptions.createdAt,
      createdByName: users.fullName,
      delivered: stats.delivered,
      pending: stats.pending,
      failed: stats.failed,
    })
    .from(webhookSubscriptions)
    .leftJoin(users, eq(users.id, webhookSubscriptions.createdBy))
    .leftJoin(stats, eq(stats.subscriptionId, webhookSubscriptions.id))
    .orderBy(desc(webhookSubscriptions.createdAt));
  return rows.map((row) => ({
    ...row,
    delivered: Number(row.delivered ?? 0),
    pending: Number(row.pending ?? 0),
    failed: Number(row.failed ?? 0),
  }));
}

export const deliveryPageSize = 50;

export const deliveryFilterSchema = z.object({
  status: z.enum(webhookDeliveryStatuses).optional().catch(undefined),
  page: z.coerce.number().int().min(1).max(10_000).catch(1).default(1),
});

/** A subscription with one page of its delivery log, newest first. */
export async function getSubscriptionLog({
  id,
  filter,
}: {
  id: string;
  filter: z.infer<typeof deliveryFilterSchema>;
}) {
  if (!z.uuid().safeParse(id).success) throw notFound();
  const db = getDb();
  const [subscription] = await db
    .select({
      id: webhookSubscriptions.id,
      url: webhookSubscriptions.url,
      events: webhookSubscriptions.events,
      description: webhookSubscriptions.description,
      disabledAt: webhookSubscriptions.disabledAt,
    })
    .from(webhookSubscriptions)
    .where(eq(webhookSubscriptions.id, id));
  if (!subscription) throw notFound();
  const where = and(
    eq(webhookDeliveries.subscriptionId, id),
    filter.status ? eq(webhookDeliveries.status, filter.status) : undefined,
  );
  const [[{ total }], deliveries] = await Promise.all([
    db.select({ total: count() }).from(webhookDeliveries).where(where),
    db
      .select({
        id: webhookDeliveries.id,
        eventId: webhookDeliveries.eventId,
        eventType: webhookDeliveries.eventType,
        status: webhookDeliveries.status,
        attempts: webhookDeliveries.attempts,
        lastStatusCode: webhookDeliveries.lastStatusCode,
        lastError: webhookDeliveries.lastError,
        nextAttemptAt: webhookDeliveries.nextAttemptAt,
        deliveredAt: webhookDeliveries.deliveredAt,
        createdAt: webhookDeliveries.createdAt,
        redeliveryOf: webhookDeliveries.redeliveryOf,
      })
      .from(webhookDeliveries)
      .where(where)
      .orderBy(desc(webhookDeliveries.createdAt), desc(webhookDeliveries.id))
      .limit(deliveryPageSize)
      .offset((filter.page - 1) * deliveryPageSize),
  ]);
  return {
    subscription,
    deliveries,
    page: filter.page,
    pageCount: Math.max(1, Math.ceil(Number(total) / deliveryPageSize)),
  };
}

/**
 * Sends an event again as a new delivery (same event id and body, fresh attempts), leaving the
 * original in the log. Refused while the original is still queued or being sent.
 */
export async function redeliver({
  subscriptionId,
  deliveryId,
  actor,
  ipAddress,
}: {
  subscriptionId: string;
  deliveryId: string;
  actor: StaffUser;
  ipAddress: string;
}): Promise<{ id: string } | { refused: 'pending' }> {
  if (!z.uuid().safeParse(deliveryId).success || !z.uuid().safeParse(subscriptionId).success)
    throw notFound();
  return getDb().transaction(async (tx) => {
    const [original] = await tx
      .select()
      .from(webhookDeliveries)
      .where(and(eq(webhookDeliveries.id, deliveryId), eq(webhookDeliveries.subscriptionId, subscriptionId)))
      .for('update');
    if (!original) throw notFound();
    if (original.status === 'queued' || original.status === 'sending') return { refused: 'pending' as const };
    const [copy] = await tx
      .insert(webhookDeliveries)
      .values({
        subscriptionId,
        eventId: original.eventId,
        eventType: original.eventType,
        payload: original.payload,
        redeliveryOf: original.id,
      })
      .returning({ id: webhookDeliveries.id });
    await recordAudit(tx, {
      actorUserId: actor.id,
      action: 'webhook_redelivered',
      entityType: 'webhook_delivery',
      entityId: original.id,
      detail: { subscriptionId, eventId: original.eventId, newDeliveryId: copy.id },
      ipAddress,
    });
    return copy;
  });
}
