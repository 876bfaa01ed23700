import { sql } from 'drizzle-orm';
import { type Executor, getDb } from '#db/client.ts';
import { selectRows } from '#db/raw-query.ts';

/**
 * Follow-up discipline: the SLA a follow-up carries, and how well a manager keeps it.
 *
 * The due date is fixed when the follow-up is created (app/models/responses.server.ts): the response's
 * day plus `follow_up_sla_days` working days (default 2), Saturdays and Sundays skipped. Public
 * holidays count as working days: Russia's production calendar moves days off and working Saturdays
 * every year, and a wrong guess would be worse than a day of slack; the functions below accept an
 * explicit list of days off for callers that have the year's calendar. The stored due date never
 * moves afterwards, so a later change of the setting does not rewrite past adherence.
 */

export const DEFAULT_FOLLOW_UP_SLA_DAYS = 2;

/** Days are judged in the bank's business time zone, whatever the server's clock says. */
export const BUSINESS_TIME_ZONE = 'Europe/Moscow';

export interface WorkingCalendar {
  /** ISO days (YYYY-MM-DD) that are not worked although they fall on Monday–Friday. */
  daysOff?: ReadonlySet<string>;
}

const dayOf = (isoDay: string) => new Date(`${isoDay}T00:00:00Z`);

export function isWorkingDay(isoDay: string, calendar: WorkingCalendar = {}): boolean {
  const weekday = dayOf(isoDay).getUTCDay();
  return weekday !== 0 && weekday !== 6 && !calendar.daysOff?.has(isoDay);
}

/** The day `days` working days after `isoDay` (the day itself does not count). */
export function addWorkingDays(isoDay: string, days: number, calendar: WorkingCalendar = {}): string {
  if (!Number.isInteger(days) || days < 0)
    throw new RangeError(`days must be a non-negative integer: ${days}`);
  const date = dayOf(isoDay);
  let left = days;
  while (left > 0) {
    date.setUTCDate(date.getUTCDate() + 1);
    if (isWorkingDay(date.toISOString().slice(0, 10), calendar)) left--;
  }
  return date.toISOString().slice(0, 10);
}

/** Working days after `from` up to and including `to`; negative when `to` is earlier. */
export function workingDaysBetween(from: string, to: string, calendar: WorkingCalendar = {}): number {
  if (to < from) return -workingDaysBetween(to, from, calendar);
  const date = dayOf(from);
  const end = dayOf(to).getTime();
  let count = 0;
  while (date.getTime() < end) {
    date.setUTCDate(date.getUTCDate() + 1);
    if (isWorkingDay(date.toISOString().slice(0, 10), calendar)) count++;
  }
  return count;
}

/** Today in the business time zone, as an ISO day. */
export function businessDay(now: Date = new Date()): string {
  // en-CA formats as YYYY-MM-DD.
  return new Intl.DateTimeFormat('en-CA', {
    timeZone: BUSINESS_TIME_ZONE,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
  }).format(now);
}

export interface SlaAdherence {
  /** Follow-ups resolved on or before their due day. */
  resolvedOnTime: number;
  /** Follow-ups due in the period whose outcome is known: resolved, or past due and still open. */
  due: number;
  /** resolvedOnTime / due; null when nothing was due. */
  share: number | null;
}

export interface SlaAdherenceQuery {
  managerId: string;
  /** First and last day of the period (ISO, inclusive), by due date. */
  from: string;
  to: string;
  /** The day adherence is judged on (default today): a follow-up not yet due and still open is not counted. */
  asOf?: string;
  executor?: Executor;
}

/**
 * Share of a manager's follow-ups resolved within their SLA, over those due in the period. A
 * follow-up counts for the manager it was assigned to when it was created, so a later reassignment
 * of the client does not move past misses to the new manager. Called by the scorecard (KPI
 * `follow_up_sla`).
 */
export async function slaAdherence({
  managerId,
  from,
  to,
  asOf,
  executor = getDb(),
}: SlaAdherenceQuery): Promise<SlaAdherence> {
  const byManager = await slaAdherenceByManager({ managerIds: [managerId], from, to, asOf, executor });
  return byManager.get(managerId) ?? { resolvedOnTime: 0, due: 0, share: null };
}

/** slaAdherence for several managers in one query (the /managers list). */
export async function slaAdherenceByManager({
  managerIds,
  from,
  to,
  asOf,
  executor = getDb(),
}: {
  managerIds: readonly string[];
  from: string;
  to: string;
  asOf?: string;
  executor?: Executor;
}): Promise<Map<string, SlaAdherence>> {
  const result = new Map<string, SlaAdherence>();
  if (managerIds.length === 0) return result;
  const today = asOf ?? businessDay();
  const rows = await selectRows<{ manager_id: string; due: string | number; on_time: string | number }>(
    executor,
    sql`SELECT manager_id,
               count(*) AS due,
               count(*) FILTER (
                 WHERE status = 'resolved'
                   AND (resolved_at AT TIME ZONE ${BUSINESS_TIME_ZONE})::date <= due_on) AS on_time
          FROM follow_ups
         WHERE manager_id IN (${sql.join(
           managerIds.map((id) => sql`${id}::uuid`),
           sql`, `,
         )})
           AND due_on BETWEEN ${from}::date AND ${to}::date
           AND (status = 'resolved' OR due_on < ${today}::date)
         GROUP BY manager_id`,
  );
  for (const row of rows) {
    const due = Number(row.due);
    const resolvedOnTime = Number(row.on_time);
    result.set(row.manager_id, { resolvedOnTime, due, share: due > 0 ? resolvedOnTime / due : null });
  }
  return result;
}
