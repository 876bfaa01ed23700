import { and, eq, inArray, type SQL, sql } from 'drizzle-orm';
import { startBackgroundLoop } from '#db/background-loop.ts';
import { getDb } from '#db/client.ts';
import { selectRows } from '#db/raw-query.ts';
import { contacts, invitationEvents, invitations, mailMessages, waves } from '#db/schema/index.ts';
import type { InvitationStatus } from '#db/schema/domain.ts';
import { environment } from '#app/env.server.ts';
import { hashInvitationToken } from '#app/models/invitation-tokens.server.ts';
import { currentSetting } from '#app/models/settings.server.ts';
import {
  classifyDeliveryFailure,
  type DeliveryFailure,
  type MailTransport,
  transportFromEnvironment,
} from './transport.server.ts';

/**
 * The background mail sender: claims due rows of the mail_messages queue, sends each over the
 * transport and records the outcome, one transaction per message. Why it is built this way —
 * claims with a lease, the fencing attempt counter, the one unavoidable duplicate window — is in
 * docs/decisions/002-mail-queue.md.
 */

export const mailSenderDefaults = {
  /** Rows claimed per batch. */
  batchSize: 20,
  /** How long a claim stays ours; a crashed sender's claims are taken over after it. */
  leaseMs: 10 * 60_000,
  /** Tries before a message is given up as failed. */
  maxAttempts: 6,
  /** First retry after this long, doubling with every further failure. */
  retryBaseMs: 60_000,
  retryMaxMs: 6 * 60 * 60_000,
  ratePerMinute: 600,
  pollIntervalMs: 2_000,
} as const;

/** Setting key (settings table) for the SMTP rate; MAIL_RATE_PER_MINUTE overrides it. */
export const mailRateSettingKey = 'mail_rate_per_minute';

// Taken by every claim over SMTP, so two senders (two app processes) cannot spend one rate budget twice.
const claimLockKey = 72_646_301;

// Why a queued message was not sent; stored in last_error and translated on the outbox page.
export const mailCancelReasons = [
  'invitation_completed',
  'invitation_opted_out',
  'invitation_expired',
  'invitation_bounced',
  'contact_opted_out',
  'wave_expired',
  'wave_closed',
] as const;
export type MailCancelReason = (typeof mailCancelReasons)[number];

const cancellingInvitationStatuses: Partial<Record<InvitationStatus, MailCancelReason>> = {
  completed: 'invitation_completed',
  opted_out: 'invitation_opted_out',
  expired: 'invitation_expired',
  bounced: 'invitation_bounced',
};

export interface SendDueMailOptions {
  transport: MailTransport;
  /** A fixed clock (tests); otherwise the time of each step. */
  now?: Date;
  limit?: number;
  /** Messages per minute over SMTP; by default MAIL_RATE_PER_MINUTE, the setting, or 600. */
  ratePerMinute?: number;
  leaseMs?: number;
  maxAttempts?: number;
  retryBaseMs?: number;
  /** Aborting stops the batch between messages and hands the unsent claims back to the queue. */
  signal?: AbortSignal;
}

export interface BatchOutcome {
  claimed: number;
  sent: number;
  cancelled: number;
  retried: number;
  failed: number;
  bounced: number;
  /** Claims handed back unsent: the batch was stopped, or too little of the lease was left. */
  released: number;
  /** Claims another sender took over (ours had expired); not touched. */
  lost: number;
  /** The rate budget, not the queue, limited this batch. */
  rateLimited: boolean;
}

type MessageOutcome = Exclude<keyof BatchOutcome, 'claimed' | 'rateLimited'>;

interface ClaimedMail {
  id: string;
  kind: 'invitation' | 'reminder' | 'staff';
  invitationId: string | null;
  toAddress: string;
  subject: string;
  textBody: string;
  htmlBody: string | null;
  /** The attempt counter after our claim: the fencing token every later write checks. */
  attempts: number;
  nextAttemptAt: Date;
}

interface ClaimedRow {
  id: string;
  kind: ClaimedMail['kind'];
  invitation_id: string | null;
  to_address: string;
  subject: string;
  text_body: string;
  html_body: string | null;
  attempts: number | string;
  next_attempt_at: Date | string;
}

interface Context {
  transport: MailTransport;
  clock: () => Date;
  leaseMs: number;
  maxAttempts: number;
  retryBaseMs: number;
}

const timestamp = (value: Date) => sql`${value.toISOString()}::timestamptz`;

/** The Message-ID a message always goes out with, so a receiver can drop a rare second copy. */
export const messageIdFor = (mailId: string) => `<${mailId}@barometer>`;

/** The wait before the next try after `attempts` failed ones: base · 2^(attempts − 1), capped. */
export function retryDelayMs(attempts: number, baseMs: number = mailSenderDefaults.retryBaseMs): number {
  return Math.min(baseMs * 2 ** Math.max(0, attempts - 1), mailSenderDefaults.retryMaxMs);
}

const personalLink = /\/s\/[A-Za-z0-9_-]{16,}/g;
const tokenCandidate = /[A-Za-z0-9_-]{32,}/g;

/**
 * The body with the personal link made unusable: every `/s/<token>` becomes `/s/[sent]`, and any
 * other occurrence of the invitation's own token (found by its hash) becomes `[sent]`.
 */
export function scrubPersonalLinks(body: string, tokenHash: string | null): string {
  const scrubbed = body.replace(personalLink, '/s/[sent]');
  if (!tokenHash) return scrubbed;
  return scrubbed.replace(tokenCandidate, (candidate) =>
    hashInvitationToken(candidate) === tokenHash ? '[sent]' : candidate,
  );
}

export async function configuredRatePerMinute(): Promise<number> {
  const fromEnvironment = environment().MAIL_RATE_PER_MINUTE;
  if (fromEnvironment) return fromEnvironment;
  const fromSetting = await currentSetting<number | null>(mailRateSettingKey, null);
  return typeof fromSetting === 'number' && fromSetting > 0 ? fromSetting : mailSenderDefaults.ratePerMinute;
}

/**
 * Claims up to `limit` due messages — queued ones whose time has come and ones whose sender's claim
 * expired — in one statement: FOR UPDATE SKIP LOCKED lets several senders claim side by side
 * without taking the same row. Over SMTP the batch is also cut to the rate budget: what went out in
 * the last minute and what other senders hold right now count against it.
 */
async function claimDue({
  now,
  limit,
  leaseMs,
  ratePerMinute,
}: {
  now: Date;
  limit: number;
  leaseMs: number;
  ratePerMinute: number | null;
}): Promise<{ claimed: ClaimedMail[]; rateLimited: boolean }> {
  return getDb().transaction(async (tx) => {
    let budget = limit;
    let rateLimited = false;
    if (ratePerMinute !== null) {
      await tx.execute(sql`SELECT pg_advisory_xact_lock(${claimLockKey})`);
      const [usage] = await selectRows<{ sent: number | string; in_flight: number | string }>(
        tx,
        sql`SELECT
              (SELECT count(*) FROM mail_messages
                WHERE sent_at > ${timestamp(new Date(now.getTime() - 60_000))} AND transport = 'smtp') AS sent,
              (SELECT count(*) FROM mail_messages
                WHERE status = 'sending' AND claimed_until >= ${timestamp(now)}) AS in_flight`,
      );
      const left = ratePerMinute - Number(usage.sent) - Number(usage.in_flight);
      if (left < limit) {
        budget = Math.max(0, left);
        rateLimited = true;
      }
    }
    if (budget === 0) return { claimed: [], rateLimited };
    const rows = await selectRows<ClaimedRow>(
      tx,
      sql`UPDATE mail_messages
          SET status = 'sending',
              claimed_until = ${timestamp(new Date(now.getTime() + leaseMs))},
              attempts = attempts + 1,
              updated_at = ${timestamp(now)}
          WHERE id IN (
            SELECT id FROM mail_messages
            WHERE (status = 'queued' AND next_attempt_at <= ${timestamp(now)})
               OR (status = 'sending' AND claimed_until < ${timestamp(now)})
            ORDER BY next_attempt_at
            LIMIT ${budget}
            FOR UPDATE SKIP LOCKED
          )
          RETURNING id, kind, invitation_id, to_address, subject, text_body, html_body, attempts,
                    next_attempt_at`,
    );
    const claimed = rows
      .map((row) => ({
        id: row.id,
        kind: row.kind,
        invitationId: row.invitation_id,
        toAddress: row.to_address,
        subject: row.subject,
        textBody: row.text_body,
        htmlBody: row.html_body,
        attempts: Number(row.attempts),
        nextAttemptAt: new Date(row.next_attempt_at),
      }))
      .sort((a, b) => a.nextAttemptAt.getTime() - b.nextAttemptAt.getTime());
    return { claimed, rateLimited };
  });
}

/** The row as long as our claim on it holds: still 'sending' with our attempt number. */
const ours = (mail: ClaimedMail): SQL =>
  and(
    eq(mailMessages.id, mail.id),
    eq(mailMessages.status, 'sending'),
    eq(mailMessages.attempts, mail.attempts),
  )!;

/** Hands claims back unsent: queued again, as if never claimed. */
async function releaseClaims(claims: ClaimedMail[]): Promise<number> {
  let released = 0;
  for (const mail of claims) {
    const rows = await getDb()
      .update(mailMessages)
      .set({ status: 'queued', claimedUntil: null, attempts: sql`${mailMessages.attempts} - 1` })
      .where(ours(mail))
      .returning({ id: mailMessages.id });
    released += rows.length;
  }
  return released;
}

/** What the message is for now: its claim, its invitation, the wave and the contact. */
async function currentState(mail: ClaimedMail) {
  const [state] = await getDb()
    .select({
      status: mailMessages.status,
      attempts: mailMessages.attempts,
      claimedUntil: mailMessages.claimedUntil,
      invitationStatus: invitations.status,
      tokenHash: invitations.tokenHash,
      waveStatus: waves.status,
      waveExpiresAt: waves.expiresAt,
      contactOptedOutAt: contacts.optedOutAt,
    })
    .from(mailMessages)
    .leftJoin(invitations, eq(invitations.id, mailMessages.invitationId))
    .leftJoin(waves, eq(waves.id, invitations.waveId))
    .leftJoin(contacts, eq(contacts.id, invitations.contactId))
    .where(eq(mailMessages.id, mail.id));
  return state;
}

type State = NonNullable<Awaited<ReturnType<typeof currentState>>>;

function cancellationReason(state: State, now: Date): MailCancelReason | null {
  if (state.invitationStatus) {
    const byStatus = cancellingInvitationStatuses[state.invitationStatus];
    if (byStatus) return byStatus;
  }
  if (state.contactOptedOutAt) return 'contact_opted_out';
  if (state.waveStatus === 'closed') return 'wave_closed';
  if (state.waveExpiresAt && state.waveExpiresAt.getTime() <= now.getTime()) return 'wave_expired';
  return null;
}

async function cancel(mail: ClaimedMail, reason: MailCancelReason, now: Date): Promise<MessageOutcome> {
  const rows = await getDb()
    .update(mailMessages)
    .set({ status: 'cancelled', claimedUntil: null, lastError: reason, updatedAt: now })
    .where(ours(mail))
    .returning({ id: mailMessages.id });
  return rows.length > 0 ? 'cancelled' : 'lost';
}

async function markSent(
  mail: ClaimedMail,
  state: State,
  transportMessageId: string,
  context: Context,
): Promise<MessageOutcome> {
  const now = context.clock();
  const overSmtp = context.transport.kind === 'smtp';
  return getDb().transaction(async (tx) => {
    const updated = await tx
      .update(mailMessages)
      .set({
        status: 'sent',
        sentAt: now,
        transport: context.transport.kind,
        transportMessageId,
        claimedUntil: null,
        lastError: null,
        updatedAt: now,
        // Delivered mail needs no copy of a working link; the outbox is the mailbox, so it keeps it.
        ...(overSmtp
          ? {
              textBody: scrubPersonalLinks(mail.textBody, state.tokenHash),
              htmlBody: mail.htmlBody === null ? null : scrubPersonalLinks(mail.htmlBody, state.tokenHash),
            }
          : {}),
      })
      .where(ours(mail))
      .returning({ id: mailMessages.id });
    if (updated.length === 0) return 'lost';
    if (!mail.invitationId) return 'sent';
    if (mail.kind === 'reminder')
      await tx
        .update(invitations)
        .set({ remindersSent: sql`${invitations.remindersSent} + 1` })
        .where(eq(invitations.id, mail.invitationId));
    const moved = await tx
      .update(invitations)
      .set({
        status: 'sent',
        sentAt: sql`coalesce(${invitations.sentAt}, ${timestamp(now)})`,
        lastError: null,
      })
      .where(and(eq(invitations.id, mail.invitationId), inArray(invitations.status, ['queued', 'failed'])))
      .returning({ id: invitations.id });
    if (moved.length > 0)
      await tx
        .insert(invitationEvents)
        .values({ invitationId: mail.invitationId, status: 'sent', detail: mail.kind, at: now });
    return 'sent';
  });
}

/**
 * A refused or failed delivery. A bounce fails the message and marks the invitation bounced (its
 * other queued mail is cancelled: the address refuses us); anything else is retried with backoff
 * until the last attempt, which fails the message and, for the first invitation, the invitation.
 */
async function recordFailure(
  mail: ClaimedMail,
  failure: DeliveryFailure,
  context: Context,
): Promise<MessageOutcome> {
  const now = context.clock();
  const final = failure.kind === 'bounce' || mail.attempts >= context.maxAttempts;
  return getDb().transaction(async (tx) => {
    const updated = await tx
      .update(mailMessages)
      .set(
        final
          ? { status: 'failed', claimedUntil: null, lastError: failure.message, updatedAt: now }
          : {
              status: 'queued',
              claimedUntil: null,
              lastError: failure.message,
              nextAttemptAt: new Date(now.getTime() + retryDelayMs(mail.attempts, context.retryBaseMs)),
              updatedAt: now,
            },
      )
      .where(ours(mail))
      .returning({ id: mailMessages.id });
    if (updated.length === 0) return 'lost';
    if (!final) return 'retried';
    if (!mail.invitationId) return 'failed';

    const invitationId = mail.invitationId;
    const [movedTo] =
      failure.kind === 'bounce'
        ? await tx
            .update(invitations)
            .set({ status: 'bounced', lastError: failure.message })
            .where(
              and(
                eq(invitations.id, invitationId),
                inArray(invitations.status, ['queued', 'sent', 'failed']),
              ),
            )
            .returning({ status: invitations.status })
        : await tx
            .update(invitations)
            .set({ status: 'failed', lastError: failure.message })
            .where(and(eq(invitations.id, invitationId), eq(invitations.status, 'queued')))
            .returning({ status: invitations.status });
    if (movedTo)
      await tx
        .insert(invitationEvents)
        .values({ invitationId, status: movedTo.status, detail: failure.message, at: now });
    // Already answered or opened: the status stays, the error is still worth keeping.
    else
      await tx
        .update(invitations)
        .set({ lastError: failure.message })
        .where(eq(invitations.id, invitationId));
    if (failure.kind === 'bounce')
      await tx
        .update(mailMessages)
        .set({
          status: 'cancelled',
          lastError: 'invitation_bounced' satisfies MailCancelReason,
          updatedAt: now,
        })
        .where(and(eq(mailMessages.invitationId, invitationId), eq(mailMessages.status, 'queued')));
    return failure.kind === 'bounce' ? 'bounced' : 'failed';
  });
}

async function sendOne(mail: ClaimedMail, context: Context): Promise<MessageOutcome> {
  const state = await currentState(mail);
  if (state?.status !== 'sending' || state.attempts !== mail.attempts) return 'lost';
  const now = context.clock();
  // Send only with half the lease still ahead: a send cannot then outlive the claim (SMTP timeouts
  // are far shorter), so no second sender can take the message over while it is on the wire.
  const leaseLeft = (state.claimedUntil?.getTime() ?? 0) - now.getTime();
  if (leaseLeft < context.leaseMs / 2) return (await releaseClaims([mail])) > 0 ? 'released' : 'lost';
  const reason = cancellationReason(state, now);
  if (reason) return cancel(mail, reason, now);

  let transportMessageId: string;
  try {
    const receipt = await context.transport.deliver({
      messageId: messageIdFor(mail.id),
      to: mail.toAddress,
      subject: mail.subject,
      text: mail.textBody,
      html: mail.htmlBody,
    });
    transportMessageId = receipt.transportMessageId;
  } catch (error) {
    return recordFailure(mail, classifyDeliveryFailure(error), context);
  }
  // The only window for a second copy: the server has accepted, "sent" is not yet committed.
  return markSent(mail, state, transportMessageId, context);
}

/** Claims and sends one batch of due mail; what tests call to run the sender deterministically. */
export async function sendDueMail(options: SendDueMailOptions): Promise<BatchOutcome> {
  const clock = () => options.now ?? new Date();
  const context: Context = {
    transport: options.transport,
    clock,
    leaseMs: options.leaseMs ?? mailSenderDefaults.leaseMs,
    maxAttempts: options.maxAttempts ?? mailSenderDefaults.maxAttempts,
    retryBaseMs: options.retryBaseMs ?? mailSenderDefaults.retryBaseMs,
  };
  // The outbox sends nothing anywhere, so there is no relay to protect.
  const ratePerMinute =
    options.transport.kind === 'smtp' ? (options.ratePerMinute ?? (await configuredRatePerMinute())) : null;
  const { claimed, rateLimited } = await claimDue({
    now: clock(),
    limit: options.limit ?? mailSenderDefaults.batchSize,
    leaseMs: context.leaseMs,
    ratePerMinute,
  });
  const outcome: BatchOutcome = {
    claimed: claimed.length,
    sent: 0,
    cancelled: 0,
    retried: 0,
    failed: 0,
    bounced: 0,
    released: 0,
    lost: 0,
    rateLimited,
  };
  for (const [index, mail] of claimed.entries()) {
    if (options.signal?.aborted) {
      const rest = claimed.slice(index);
      const released = await releaseClaims(rest);
      outcome.released += released;
      outcome.lost += rest.length - released;
      break;
    }
    outcome[await sendOne(mail, context)] += 1;
  }
  return outcome;
}

export interface MailSender {
  /** Finishes the message in flight (through its commit), hands back the rest, closes the transport. */
  stop(): Promise<void>;
}

export interface MailSenderOptions extends Omit<SendDueMailOptions, 'transport' | 'now' | 'signal'> {
  transport?: MailTransport;
  pollIntervalMs?: number;
}

/** Polls the queue until stopped: a full batch is followed at once by the next, else it waits. */
export function startMailSender(options: MailSenderOptions = {}): MailSender {
  const { transport = transportFromEnvironment(), pollIntervalMs = mailSenderDefaults.pollIntervalMs } =
    options;
  const limit = options.limit ?? mailSenderDefaults.batchSize;
  const loop = startBackgroundLoop({
    async round(signal) {
      const outcome = await sendDueMail({ ...options, transport, limit, signal });
      return outcome.claimed === limit && !outcome.rateLimited;
    },
    pollIntervalMs,
    maxBackoff: 30,
    // Claims of a failed batch expire and are taken again later.
    failureMessage: 'Mail sender: batch failed',
  });
  let stopping: Promise<void> | undefined;
  return {
    stop() {
      stopping ??= loop.stop().then(() => transport.close());
      return stopping;
    },
  };
}

const holder = globalThis as typeof globalThis & { __barometerMailSender?: MailSender };

/**
 * Starts this process's sender once (Vite's module reloads keep the first), except under vitest or
 * with MAIL_SENDER=off; db/client.ts stops it on SIGTERM/SIGINT before the database closes.
 */
export function startMailSenderOnce(): MailSender | null {
  if (process.env.VITEST || environment().MAIL_SENDER === 'off') return null;
  if (holder.__barometerMailSender) return holder.__barometerMailSender;
  const sender = startMailSender();
  holder.__barometerMailSender = sender;
  return sender;
}
