import { randomUUID } from 'node:crypto';
import { sql } from 'drizzle-orm';
import type { Executor } from './client.ts';
import { selectRows } from './raw-query.ts';
import type { WebhookEventType } from './integration-vocabulary.ts';

// Webhook events enter the durable delivery queue (webhook_deliveries) here, inside the caller's
// transaction: an event is queued exactly when the change it reports commits, and a rolled-back
// change queues nothing. It lives in db/ so that analytics/ (the satisfaction feed) can queue events
// without importing from app/; app/webhooks/events.server.ts re-exports it for the models.

/** The body every receiver gets: one shape for all events, `data` per type. */
export interface WebhookEnvelope<Data = Record<string, unknown>> {
  /** The event's id: the same in every subscription's delivery and in redeliveries. */
  id: string;
  type: WebhookEventType;
  createdAt: string;
  data: Data;
}

/**
 * Queues one delivery per active subscription to `type`, in the same transaction as the event.
 * With no subscriber it writes nothing. Returns the event id.
 */
export async function enqueueWebhookEvent(
  executor: Executor,
  type: WebhookEventType,
  data: Record<string, unknown>,
): Promise<string> {
  const envelope: WebhookEnvelope = { id: randomUUID(), type, createdAt: new Date().toISOString(), data };
  await executor.execute(
    sql`INSERT INTO webhook_deliveries (subscription_id, event_id, event_type, payload)
        SELECT s.id, ${envelope.id}::uuid, ${type}, ${JSON.stringify(envelope)}::jsonb
          FROM webhook_subscriptions s
         WHERE s.disabled_at IS NULL AND ${type} = ANY (s.events)`,
  );
  return envelope.id;
}

export interface LoyaltyStateNow {
  clientId: string;
  waveId: string;
  loyaltyState: string;
}

/**
 * `loyalty_state.changed` for each client whose state differs from the one stored in client_loyalty
 * — so call it with the new states before they replace the stored ones. A client new to the feed
 * changes from null. Costs one indexed look-up when nobody subscribes.
 */
export async function enqueueLoyaltyStateChanges(executor: Executor, states: readonly LoyaltyStateNow[]) {
  if (states.length === 0) return;
  const [subscribed] = await selectRows<{ found: number }>(
    executor,
    sql`SELECT 1 AS found FROM webhook_subscriptions
         WHERE disabled_at IS NULL AND 'loyalty_state.changed' = ANY (events) LIMIT 1`,
  );
  if (!subscribed) return;
  const stored = await selectRows<{ client_id: string; loyalty_state: string }>(
    executor,
    sql`SELECT l.client_id::text AS client_id, l.loyalty_state FROM client_loyalty l
         WHERE l.client_id IN (SELECT value::uuid FROM jsonb_array_elements_text(${JSON.stringify(
           states.map((state) => state.clientId),
         )}::jsonb))`,
  );
  const before = new Map(stored.map((row) => [row.client_id, row.loyalty_state]));
  const createdAt = new Date().toISOString();
  const events = states.flatMap((state) => {
    const from = before.get(state.clientId) ?? null;
    if (from === state.loyaltyState) return [];
    const envelope: WebhookEnvelope = {
      id: randomUUID(),
      type: 'loyalty_state.changed',
      createdAt,
      data: { clientId: state.clientId, waveId: state.waveId, from, to: state.loyaltyState },
    };
    return [{ event_id: envelope.id, payload: envelope }];
  });
  if (events.length === 0) return;
  await executor.execute(
    sql`INSERT INTO webhook_deliveries (subscription_id, event_id, event_type, payload)
        SELECT s.id, e.event_id, 'loyalty_state.changed', e.payload
          FROM webhook_subscriptions s,
               jsonb_to_recordset(${JSON.stringify(events)}::jsonb) AS e(event_id uuid, payload jsonb)
         WHERE s.disabled_at IS NULL AND 'loyalty_state.changed' = ANY (s.events)`,
  );
}
