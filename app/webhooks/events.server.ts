import { randomUUID } from 'node:crypto';
import { type SQL, sql } from 'drizzle-orm';

// Webhook events enter the durable delivery queue inside the caller's transaction: an event is
// queued exactly when the change it reports commits, and a rolled-back change queues nothing. The
// queueing itself is in db/webhook-queue.ts (importable from analytics/ too); this module adds the
// completion's events and imports only the database, so any model or background job can call it.

export { enqueueWebhookEvent, type WebhookEnvelope } from '#db/webhook-queue.ts';

export interface CompletedResponseEvent {
  invitationId: string;
  waveId: string;
  clientId: string;
  contactId: string;
  managerId: string | null;
  completedAt: string;
  language: string;
  /** The headline scores (nps, csat, ces, overall) with the question each came from. */
  scores: Array<{ metric: string; value: number; question: string }>;
  /** The follow-up's reason when an alert rule opened one, else null. */
  followUpReason: string | null;
  followUpDueOn: string;
}

/**
 * The webhook part of completing a response, as one more data-modifying CTE of the completion
 * statement (which must name its inserted response `completed`): `response.completed`, and
 * `follow_up.created` when an alert rule opened a follow-up, queued for every subscriber in the
 * same statement — so in the same transaction — as the response itself. The SQL text does not
 * vary with the data, so the completion stays one prepared statement; with no subscriber it
 * inserts nothing.
 */
export function completedResponseWebhooks(event: CompletedResponseEvent): SQL {
  const responseEventId = randomUUID();
  const followUpEventId = randomUUID();
  const clientInn = sql`(SELECT inn FROM clients WHERE id = ${event.clientId}::uuid)`;
  return sql`INSERT INTO webhook_deliveries (subscription_id, event_id, event_type, payload)
    SELECT s.id, e.event_id, e.event_type, e.payload
      FROM webhook_subscriptions s
      JOIN (
        SELECT ${responseEventId}::uuid AS event_id, 'response.completed'::text AS event_type,
               jsonb_build_object('id', ${responseEventId}::text, 'type', 'response.completed',
                 'createdAt', ${event.completedAt}::text,
                 'data', jsonb_build_object('responseId', completed.id, 'invitationId', ${event.invitationId}::text,
                   'waveId', ${event.waveId}::text, 'clientId', ${event.clientId}::text, 'clientInn', ${clientInn},
                   'contactId', ${event.contactId}::text, 'completedAt', ${event.completedAt}::text,
                   'language', ${event.language}::text, 'scores', ${JSON.stringify(event.scores)}::jsonb)) AS payload
          FROM completed
        UNION ALL
        SELECT ${followUpEventId}::uuid, 'follow_up.created',
               jsonb_build_object('id', ${followUpEventId}::text, 'type', 'follow_up.created',
                 'createdAt', ${event.completedAt}::text,
                 'data', jsonb_build_object('responseId', completed.id, 'clientId', ${event.clientId}::text,
                   'clientInn', ${clientInn}, 'managerId', ${event.managerId}::text,
                   'reason', ${event.followUpReason}::text, 'dueOn', ${event.followUpDueOn}::text))
          FROM completed WHERE ${event.followUpReason}::text IS NOT NULL
      ) e ON e.event_type = ANY (s.events)
     WHERE s.disabled_at IS NULL`;
}
