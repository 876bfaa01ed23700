import { sql } from 'drizzle-orm';
import { z } from 'zod';
import { startBackgroundLoop } from '#db/background-loop.ts';
import { getDb } from '#db/client.ts';
import { selectRows } from '#db/raw-query.ts';
import { SIGNATURE_HEADER, signatureHeader } from './signature.ts';

/**
 * The background webhook dispatcher, built like the mail sender (docs/decisions/002-mail-queue.md):
 * it claims due deliveries with a lease (FOR UPDATE SKIP LOCKED, so several app processes share the
 * queue), POSTs each signed body, and records the outcome under a fencing attempt counter. A
 * delivered row is never claimed again, so after a success nothing is sent twice; the one duplicate
 * window is a crash between the receiver's 2xx and our commit, which receivers close by the event id.
 * Failures are retried with exponential backoff and given up after `maxAttempts`. The queue is a
 * table, so a restart loses nothing: claims of a stopped process expire and are taken again.
 */

export const webhookDispatcherDefaults = {
  batchSize: 20,
  /** Far longer than a request may take (timeoutMs), so no second dispatcher takes a live claim. */
  leaseMs: 5 * 60_000,
  timeoutMs: 10_000,
  maxAttempts: 8,
  /** First retry after this long, doubling up to retryMaxMs: 30 s, 1, 2, 4 … min, at most 6 h. */
  retryBaseMs: 30_000,
  retryMaxMs: 6 * 60 * 60_000,
  pollIntervalMs: 2_000,
} as const;

export function webhookRetryDelayMs(
  attempts: number,
  baseMs: number = webhookDispatcherDefaults.retryBaseMs,
) {
  return Math.min(baseMs * 2 ** Math.max(0, attempts - 1), webhookDispatcherDefaults.retryMaxMs);
}

export interface DispatchOptions {
  now?: Date;
  limit?: number;
  leaseMs?: number;
  timeoutMs?: number;
  maxAttempts?: number;
  retryBaseMs?: number;
  /** The HTTP client (tests may pass one); the global fetch by default. */
  fetch?: typeof fetch;
  signal?: AbortSignal;
}

export interface DispatchOutcome {
  claimed: number;
  delivered: number;
  retried: number;
  failed: number;
  lost: number;
}

interface ClaimedDelivery {
  id: string;
  attempts: number;
  event_id: string;
  event_type: string;
  payload: unknown;
  url: string;
  secret: string;
  disabled: boolean;
}

const at = (value: Date) => sql`${value.toISOString()}::timestamptz`;

async function claimDue(now: Date, limit: number, leaseMs: number): Promise<ClaimedDelivery[]> {
  const rows = await selectRows<ClaimedDelivery & { attempts: number | string }>(
    getDb(),
    sql`WITH claimed AS (
          UPDATE webhook_deliveries
             SET status = 'sending', claimed_until = ${at(new Date(now.getTime() + leaseMs))},
                 attempts = attempts + 1, updated_at = ${at(now)}
           WHERE id IN (
             SELECT id FROM webhook_deliveries
              WHERE (status = 'queued' AND next_attempt_at <= ${at(now)})
                 OR (status = 'sending' AND claimed_until < ${at(now)})
              ORDER BY next_attempt_at
              LIMIT ${limit}
              FOR UPDATE SKIP LOCKED)
          RETURNING id, attempts, event_id, event_type, payload, subscription_id, next_attempt_at)
        SELECT c.id, c.attempts, c.event_id, c.event_type, c.payload, s.url, s.secret,
               (s.disabled_at IS NOT NULL) AS disabled
          FROM claimed c JOIN webhook_subscriptions s ON s.id = c.subscription_id
         ORDER BY c.next_attempt_at`,
  );
  return rows.map((row) => ({ ...row, attempts: Number(row.attempts) }));
}

/** Writes the outcome only while our claim holds (still 'sending' with our attempt number). */
async function settle(
  delivery: ClaimedDelivery,
  outcome:
    | { kind: 'delivered'; statusCode: number; now: Date }
    | { kind: 'retry'; statusCode: number | null; error: string; now: Date; nextAttemptAt: Date }
    | { kind: 'failed'; statusCode: number | null; error: string; now: Date },
): Promise<boolean> {
  const set =
    outcome.kind === 'delivered'
      ? sql`status = 'delivered', delivered_at = ${at(outcome.now)}, last_status_code = ${outcome.statusCode},
            last_error = NULL`
      : outcome.kind === 'retry'
        ? sql`status = 'queued', next_attempt_at = ${at(outcome.nextAttemptAt)},
              last_status_code = ${outcome.statusCode}, last_error = ${outcome.error}`
        : sql`status = 'failed', last_status_code = ${outcome.statusCode}, last_error = ${outcome.error}`;
  const rows = await selectRows<{ id: string }>(
    getDb(),
    sql`UPDATE webhook_deliveries SET ${set}, claimed_until = NULL, updated_at = ${at(outcome.now)}
         WHERE id = ${delivery.id} AND status = 'sending' AND attempts = ${delivery.attempts}
        RETURNING id`,
  );
  return rows.length > 0;
}

async function post(
  delivery: ClaimedDelivery,
  options: Required<Pick<DispatchOptions, 'timeoutMs'>> & DispatchOptions,
) {
  const body = JSON.stringify(delivery.payload);
  const response = await (options.fetch ?? fetch)(delivery.url, {
    method: 'POST',
    body,
    redirect: 'manual',
    signal: AbortSignal.timeout(options.timeoutMs),
    headers: {
      'Content-Type': 'application/json',
      'User-Agent': 'Barometer-Webhooks/1',
      'Barometer-Event-Id': delivery.event_id,
      'Barometer-Event-Type': delivery.event_type,
      'Barometer-Delivery-Id': delivery.id,
      [SIGNATURE_HEADER]: signatureHeader(delivery.secret, body, options.now ?? new Date()),
    },
  });
  // The receiver's answer is not used, but reading it frees the connection.
  const text = await response.text().catch(() => '');
  return { status: response.status, text };
}

async function dispatchOne(
  delivery: ClaimedDelivery,
  options: DispatchOptions,
): Promise<keyof DispatchOutcome> {
  const clock = () => options.now ?? new Date();
  const maxAttempts = options.maxAttempts ?? webhookDispatcherDefaults.maxAttempts;
  if (delivery.disabled) {
    const settled = await settle(delivery, {
      kind: 'failed',
      statusCode: null,
      error: 'subscription disabled',
      now: clock(),
    });
    return settled ? 'failed' : 'lost';
  }
  let statusCode: number | null = null;
  let error: string;
  try {
    const answer = await post(delivery, {
      ...options,
      timeoutMs: options.timeoutMs ?? webhookDispatcherDefaults.timeoutMs,
    });
    statusCode = answer.status;
    if (answer.status >= 200 && answer.status < 300) {
      return (await settle(delivery, { kind: 'delivered', statusCode: answer.status, now: clock() }))
        ? 'delivered'
        : 'lost';
    }
    error = `HTTP ${answer.status}${answer.text ? `: ${answer.text.slice(0, 200)}` : ''}`;
  } catch (thrown) {
    error = thrown instanceof Error ? `${thrown.name}: ${thrown.message}`.slice(0, 300) : 'request failed';
  }
  const now = clock();
  if (delivery.attempts >= maxAttempts) {
    return (await settle(delivery, { kind: 'failed', statusCode, error, now })) ? 'failed' : 'lost';
  }
  const nextAttemptAt = new Date(now.getTime() + webhookRetryDelayMs(delivery.attempts, options.retryBaseMs));
  return (await settle(delivery, { kind: 'retry', statusCode, error, now, nextAttemptAt }))
    ? 'retried'
    : 'lost';
}

/** Claims and sends one batch of due deliveries; what tests call to run the dispatcher step by step. */
export async function dispatchDueWebhooks(options: DispatchOptions = {}): Promise<DispatchOutcome> {
  const now = options.now ?? new Date();
  const limit = options.limit ?? webhookDispatcherDefaults.batchSize;
  const claimed = await claimDue(now, limit, options.leaseMs ?? webhookDispatcherDefaults.leaseMs);
  const outcome: DispatchOutcome = { claimed: claimed.length, delivered: 0, retried: 0, failed: 0, lost: 0 };
  for (const [index, delivery] of claimed.entries()) {
    if (options.signal?.aborted) {
      // Handed back unsent: queued again as if never claimed.
      for (const rest of claimed.slice(index)) {
        await getDb().execute(
          sql`UPDATE webhook_deliveries SET status = 'queued', claimed_until = NULL, attempts = attempts - 1
               WHERE id = ${rest.id} AND status = 'sending' AND attempts = ${rest.attempts}`,
        );
      }
      break;
    }
    outcome[await dispatchOne(delivery, options)] += 1;
  }
  return outcome;
}

export interface WebhookDispatcher {
  stop(): Promise<void>;
}

/** Polls the queue until stopped: a full batch is followed at once by the next, else it waits. */
export function startWebhookDispatcher(
  options: Omit<DispatchOptions, 'now' | 'signal'> & { pollIntervalMs?: number } = {},
): WebhookDispatcher {
  const limit = options.limit ?? webhookDispatcherDefaults.batchSize;
  return startBackgroundLoop({
    async round(signal) {
      const outcome = await dispatchDueWebhooks({ ...options, limit, signal });
      return outcome.claimed === limit;
    },
    pollIntervalMs: options.pollIntervalMs ?? webhookDispatcherDefaults.pollIntervalMs,
    maxBackoff: 30,
    failureMessage: 'Webhook dispatcher: batch failed',
  });
}

const holder = globalThis as typeof globalThis & { __barometerWebhookDispatcher?: WebhookDispatcher };

/**
 * Starts this process's dispatcher once, except under vitest or with WEBHOOK_DISPATCHER=off (a
 * second web node that should leave the queue to another); on SIGTERM/SIGINT db/client.ts lets it
 * finish the delivery in flight before the database closes.
 */
export function startWebhookDispatcherOnce(): WebhookDispatcher | null {
  const setting = z.enum(['on', 'off']).catch('on').parse(process.env.WEBHOOK_DISPATCHER);
  if (process.env.VITEST || setting === 'off') return null;
  if (holder.__barometerWebhookDispatcher) return holder.__barometerWebhookDispatcher;
  const dispatcher = startWebhookDispatcher();
  holder.__barometerWebhookDispatcher = dispatcher;
  return dispatcher;
}
