import type { Random } from './random.ts';

/** The demo's "today": every date is placed relative to it, never to the clock, so reruns agree. */
export const DEMO_TODAY = '2026-11-15';

const DAY_MS = 86_400_000;

/** An ISO date (YYYY-MM-DD) as midnight UTC. */
export function dateOf(isoDate: string): Date {
  return new Date(`${isoDate}T00:00:00Z`);
}

export function isoDate(instant: Date): string {
  return instant.toISOString().slice(0, 10);
}

export function addDays(isoDay: string, days: number): string {
  return isoDate(new Date(dateOf(isoDay).getTime() + days * DAY_MS));
}

export function addHours(instant: Date, hours: number): Date {
  return new Date(instant.getTime() + hours * 3_600_000);
}

export function daysBetween(from: string, to: string): number {
  return Math.round((dateOf(to).getTime() - dateOf(from).getTime()) / DAY_MS);
}

/** Skips Saturdays and Sundays; public holidays are ignored, which is close enough for demo SLAs. */
export function addWorkingDays(isoDay: string, days: number): string {
  let day = isoDay;
  let left = days;
  while (left > 0) {
    day = addDays(day, 1);
    const weekday = dateOf(day).getUTCDay();
    if (weekday !== 0 && weekday !== 6) left--;
  }
  return day;
}

/** A uniformly drawn day in [from, to]. */
export function randomDay(random: Random, from: string, to: string): string {
  return addDays(from, random.int(0, Math.max(0, daysBetween(from, to))));
}

export function laterOf(a: string, b: string): string {
  return a > b ? a : b;
}

export function earlierOf(a: string, b: string): string {
  return a < b ? a : b;
}
