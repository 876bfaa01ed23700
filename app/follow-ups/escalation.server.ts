import { sql } from 'drizzle-orm';
import { startBackgroundLoop } from '#db/background-loop.ts';
import { getDb } from '#db/client.ts';
import { selectRows } from '#db/raw-query.ts';
import { mailMessages } from '#db/schema/index.ts';
import type { Locale } from '#db/schema/domain.ts';
import { appUrl, environment } from '#app/env.server.ts';
import { recordAudit } from '#app/models/audit.server.ts';
import { businessDay } from '#app/models/follow-up-sla.server.ts';
import { enqueueWebhookEvent } from '#app/webhooks/events.server.ts';

/**
 * Escalation of overdue follow-ups: a follow-up still unresolved after its due day goes to the head
 * of the unit that serves the client (the manager's unit, or the client's when it has no manager),
 * once. Each run marks what it escalates (escalated_at, escalated_to) and queues one e-mail per unit
 * head in the same transaction, so a crash never leaves a mail without its mark or the reverse, and
 * a second run — in this process or another — finds nothing left to do.
 *
 * A unit head's own overdue follow-ups are not escalated: there is nobody above them in the model,
 * and management sees every overdue follow-up on the follow-ups page anyway.
 */

export const escalationDefaults = {
  /** Follow-ups escalated per transaction. */
  batchSize: 200,
  /** The check is cheap (one indexed scan) but a due date only passes once a day. */
  intervalMs: 15 * 60_000,
} as const;

export interface EscalationOutcome {
  escalated: number;
  mails: number;
}

interface EscalatedRow {
  id: string;
  client_id: string;
  client_name: string;
  manager_id: string | null;
  manager_name: string | null;
  due_on: string | Date;
  head_id: string;
  head_email: string;
  head_name: string;
  head_locale: Locale | null;
}

const isoDay = (value: string | Date) =>
  typeof value === 'string' ? value.slice(0, 10) : value.toISOString().slice(0, 10);

/**
 * Escalates the follow-ups overdue on `now`'s business day; runs until none is left (in batches).
 * What tests call to run the check deterministically.
 */
export async function escalateOverdueFollowUps({
  now = new Date(),
  batchSize = escalationDefaults.batchSize,
}: {
  now?: Date;
  batchSize?: number;
} = {}): Promise<EscalationOutcome> {
  const outcome: EscalationOutcome = { escalated: 0, mails: 0 };
  for (;;) {
    const batch = await escalateBatch(now, batchSize);
    outcome.escalated += batch.escalated;
    outcome.mails += batch.mails;
    if (batch.escalated < batchSize) return outcome;
  }
}

async function escalateBatch(now: Date, limit: number): Promise<EscalationOutcome> {
  const today = businessDay(now);
  return getDb().transaction(async (tx) => {
    // SKIP LOCKED: two app processes running the check side by side take different rows.
    const rows = await selectRows<EscalatedRow>(
      tx,
      sql`WITH due AS (
            SELECT f.id, head.id AS head_id
              FROM follow_ups f
              JOIN clients c ON c.id = f.client_id
              LEFT JOIN managers m ON m.id = f.manager_id
              JOIN LATERAL (
                SELECT h.id FROM managers h
                 WHERE h.unit_id = coalesce(m.unit_id, c.unit_id) AND h.is_unit_head AND h.active
                   AND h.id IS DISTINCT FROM f.manager_id
                 ORDER BY h.created_at, h.id
                 LIMIT 1) head ON true
             WHERE f.status <> 'resolved' AND f.escalated_at IS NULL AND f.due_on < ${today}::date
             ORDER BY f.due_on, f.id
             LIMIT ${limit}
               FOR UPDATE OF f SKIP LOCKED),
          marked AS (
            UPDATE follow_ups f
               SET escalated_at = ${now.toISOString()}::timestamptz, escalated_to = due.head_id,
                   updated_at = ${now.toISOString()}::timestamptz
              FROM due
             WHERE f.id = due.id
         RETURNING f.id, f.client_id, f.manager_id, f.due_on, f.escalated_to)
          SELECT marked.id, marked.client_id, c.name AS client_name, marked.manager_id,
                 m.full_name AS manager_name, marked.due_on, head.id AS head_id, head.email AS head_email,
                 head.full_name AS head_name, u.locale AS head_locale
            FROM marked
            JOIN clients c ON c.id = marked.client_id
            LEFT JOIN managers m ON m.id = marked.manager_id
            JOIN managers head ON head.id = marked.escalated_to
            LEFT JOIN users u ON u.id = head.user_id
           ORDER BY marked.due_on, c.name`,
    );
    if (rows.length === 0) return { escalated: 0, mails: 0 };

    const byHead = new Map<string, EscalatedRow[]>();
    for (const row of rows) {
      const list = byHead.get(row.head_id);
      if (list) list.push(row);
      else byHead.set(row.head_id, [row]);
      await recordAudit(tx, {
        actorUserId: null,
        action: 'follow_up_escalated',
        entityType: 'follow_up',
        entityId: row.id,
        detail: {
          clientId: row.client_id,
          managerId: row.manager_id,
          escalatedTo: row.head_id,
          dueOn: isoDay(row.due_on),
        },
      });
      await enqueueWebhookEvent(tx, 'follow_up.overdue', {
        followUpId: row.id,
        clientId: row.client_id,
        managerId: row.manager_id,
        escalatedTo: row.head_id,
        dueOn: isoDay(row.due_on),
      });
    }
    const mails = [...byHead.values()].map((followUps) => {
      const head = followUps[0];
      const rendered = renderEscalationMail({
        language: head.head_locale ?? 'ru',
        headName: head.head_name,
        today,
        link: `${appUrl()}/follow-ups`,
        followUps: followUps.map((row) => ({
          clientName: row.client_name,
          managerName: row.manager_name,
          dueOn: isoDay(row.due_on),
        })),
      });
      return {
        kind: 'staff' as const,
        toAddress: head.head_email,
        subject: rendered.subject,
        textBody: rendered.text,
      };
    });
    await tx.insert(mailMessages).values(mails);
    return { escalated: rows.length, mails: mails.length };
  });
}

export interface EscalationMailInput {
  language: Locale;
  headName: string;
  today: string;
  link: string;
  followUps: { clientName: string; managerName: string | null; dueOn: string }[];
}

const wording = {
  en: {
    subject: (count: number) =>
      count === 1 ? 'A client follow-up is overdue' : `${count} client follow-ups are overdue`,
    greeting: (name: string) => `Dear ${name},`,
    intro: 'These follow-ups in your unit passed their due date unresolved and are escalated to you:',
    line: (row: EscalationMailInput['followUps'][number]) =>
      `- ${row.clientName} — ${row.managerName ?? 'no personal manager'}, due ${row.dueOn}`,
    open: (link: string) => `Open them in Barometer: ${link}`,
  },
  ru: {
    subject: (count: number) =>
      count === 1 ? 'Просрочена задача по отзыву клиента' : `Просрочены задачи по отзывам клиентов: ${count}`,
    greeting: (name: string) => `Здравствуйте, ${name}!`,
    intro: 'Эти задачи вашего подразделения не решены в срок и переданы вам:',
    line: (row: EscalationMailInput['followUps'][number]) =>
      `- ${row.clientName} — ${row.managerName ?? 'нет персонального менеджера'}, срок ${row.dueOn}`,
    open: (link: string) => `Открыть в Barometer: ${link}`,
  },
} satisfies Record<Locale, unknown>;

export function renderEscalationMail(input: EscalationMailInput): { subject: string; text: string } {
  const words = wording[input.language];
  return {
    subject: words.subject(input.followUps.length),
    text: [
      words.greeting(input.headName),
      '',
      words.intro,
      ...input.followUps.map(words.line),
      '',
      words.open(input.link),
    ].join('\n'),
  };
}

export interface EscalationCheck {
  stop(): Promise<void>;
}

/** Runs the check now and then every `intervalMs` until stopped. */
export function startEscalationCheck({
  intervalMs = escalationDefaults.intervalMs,
}: {
  intervalMs?: number;
} = {}): EscalationCheck {
  return startBackgroundLoop({
    async round() {
      // Each run already escalates until nothing is left, so the next waits for the interval.
      await escalateOverdueFollowUps();
      return false;
    },
    pollIntervalMs: intervalMs,
    // A failed run wrote nothing; the next interval tries again (a due date passes once a day, so
    // waiting longer after failures would spare nothing).
    maxBackoff: 1,
    failureMessage: 'Follow-up escalation: check failed',
  });
}

const holder = globalThis as typeof globalThis & { __barometerEscalationCheck?: EscalationCheck };

/**
 * Starts this process's check once (Vite's module reloads keep the first), except under vitest or
 * with MAIL_SENDER=off (a secondary web node runs neither background job); db/client.ts stops it on
 * SIGTERM/SIGINT before the database closes.
 */
export function startEscalationCheckOnce(): EscalationCheck | null {
  if (process.env.VITEST || environment().MAIL_SENDER === 'off') return null;
  if (holder.__barometerEscalationCheck) return holder.__barometerEscalationCheck;
  const check = startEscalationCheck();
  holder.__barometerEscalationCheck = check;
  return check;
}
