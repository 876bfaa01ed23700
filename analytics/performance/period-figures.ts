import { monthlyTargets } from '../metrics/index.ts';

/** How monthly figures make a period's figure; mirrors kpis.aggregation (see db/schema/performance.ts). */
export type Aggregation = 'sum' | 'level';

export interface PeriodRange {
  /** ISO dates, inclusive. */
  startsOn: string;
  endsOn: string;
}

export interface CalendarMonth {
  year: number;
  /** 1–12. */
  month: number;
}

export interface AnnualTarget {
  year: number;
  annualTarget: number;
  /** Twelve factors; normalised to sum 12 by monthlyTargets. */
  seasonalProfile: readonly number[];
}

export interface MonthlyActual {
  /** The first day of the month, YYYY-MM-01. */
  month: string;
  value: number;
}

export interface PeriodActual {
  value: number | null;
  /** Months of the period with an imported figure, against the months it has. */
  monthsReported: number;
  monthsInPeriod: number;
}

/** The calendar months whose first day lies in the period (a quarter has three, a year twelve). */
export function periodMonths({ startsOn, endsOn }: PeriodRange): CalendarMonth[] {
  const months: CalendarMonth[] = [];
  let year = Number(startsOn.slice(0, 4));
  let month = Number(startsOn.slice(5, 7));
  // A period starting mid-month begins with the next month's first day.
  if (startsOn.slice(8, 10) !== '01') [year, month] = month === 12 ? [year + 1, 1] : [year, month + 1];
  while (monthStart({ year, month }) <= endsOn) {
    months.push({ year, month });
    [year, month] = month === 12 ? [year + 1, 1] : [year, month + 1];
  }
  return months;
}

export function monthStart({ year, month }: CalendarMonth): string {
  return `${year}-${String(month).padStart(2, '0')}-01`;
}

/**
 * The period's target (METHODOLOGY §7): for a flow, the sum over its months of T·S_m/12 from each
 * month's annual target; for a level, the annual level itself (the mean when a period spans two
 * years). Null when any month of the period has no annual target, since half a target is no target.
 */
export function periodTargetFor(
  aggregation: Aggregation,
  targets: readonly AnnualTarget[],
  months: readonly CalendarMonth[],
): number | null {
  if (months.length === 0) return null;
  const byYear = new Map(targets.map((target) => [target.year, target]));
  let total = 0;
  for (const { year, month } of months) {
    const target = byYear.get(year);
    if (!target) return null;
    if (aggregation === 'level') total += target.annualTarget;
    else total += (monthlyTargets(target.annualTarget, target.seasonalProfile) ?? [])[month - 1] ?? 0;
  }
  return aggregation === 'level' ? total / months.length : total;
}

/** The period's actual from monthly figures: their sum for a flow, their mean for a level. */
export function periodActualFor(
  aggregation: Aggregation,
  actuals: readonly MonthlyActual[],
  months: readonly CalendarMonth[],
): PeriodActual {
  const wanted = new Set(months.map(monthStart));
  const values = actuals.filter((actual) => wanted.has(actual.month)).map((actual) => actual.value);
  const monthsReported = new Set(actuals.filter((actual) => wanted.has(actual.month)).map((a) => a.month))
    .size;
  if (values.length === 0) return { value: null, monthsReported: 0, monthsInPeriod: months.length };
  const total = values.reduce((sum, value) => sum + value, 0);
  return {
    value: aggregation === 'level' ? total / values.length : total,
    monthsReported,
    monthsInPeriod: months.length,
  };
}

/**
 * The window satisfaction is measured over for a period: the twelve months up to the period's end.
 * Waves run twice a year, so a quarter on its own would often hold no answers at all.
 */
export function satisfactionWindow({ endsOn }: PeriodRange): PeriodRange {
  const end = new Date(`${endsOn}T00:00:00Z`);
  const start = new Date(Date.UTC(end.getUTCFullYear() - 1, end.getUTCMonth(), end.getUTCDate() + 1));
  return { startsOn: start.toISOString().slice(0, 10), endsOn };
}
