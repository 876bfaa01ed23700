import { describe, expect, it } from 'vitest';
import { periodActualFor, periodMonths, periodTargetFor, satisfactionWindow } from './period-figures.ts';

// Sums to 12: a slow start of the year and a strong December.
const profile = [0.5, 0.5, 1, 1, 1, 1, 1, 1, 1, 1, 1, 2];
const q1 = periodMonths({ startsOn: '2026-01-01', endsOn: '2026-03-31' });
const q4 = periodMonths({ startsOn: '2026-10-01', endsOn: '2026-12-31' });

describe('periodMonths', () => {
  it('lists the months of a quarter and of a year', () => {
    expect(periodMonths({ startsOn: '2026-07-01', endsOn: '2026-09-30' })).toEqual([
      { year: 2026, month: 7 },
      { year: 2026, month: 8 },
      { year: 2026, month: 9 },
    ]);
    expect(periodMonths({ startsOn: '2026-01-01', endsOn: '2026-12-31' })).toHaveLength(12);
  });

  it('crosses a year end', () => {
    expect(periodMonths({ startsOn: '2025-12-01', endsOn: '2026-02-28' })).toEqual([
      { year: 2025, month: 12 },
      { year: 2026, month: 1 },
      { year: 2026, month: 2 },
    ]);
  });
});

describe('periodTargetFor', () => {
  const target = { year: 2026, annualTarget: 1_200, seasonalProfile: profile };

  it('sums T·S_m/12 over the months of a flow KPI', () => {
    // Q1: (0.5 + 0.5 + 1)·100 = 200; Q4: (1 + 1 + 2)·100 = 400.
    expect(periodTargetFor('sum', [target], q1)).toBeCloseTo(200, 10);
    expect(periodTargetFor('sum', [target], q4)).toBeCloseTo(400, 10);
    const year = periodMonths({ startsOn: '2026-01-01', endsOn: '2026-12-31' });
    expect(periodTargetFor('sum', [target], year)).toBeCloseTo(1_200, 10);
  });

  it('normalises a profile that does not sum to 12', () => {
    const doubled = { ...target, seasonalProfile: profile.map((factor) => factor * 2) };
    expect(periodTargetFor('sum', [doubled], q1)).toBeCloseTo(200, 10);
  });

  it('takes each month from its own year across a year end', () => {
    const months = periodMonths({ startsOn: '2025-12-01', endsOn: '2026-01-31' });
    const previous = { year: 2025, annualTarget: 2_400, seasonalProfile: profile };
    // December 2025: 2400·2/12 = 400; January 2026: 1200·0.5/12 = 50.
    expect(periodTargetFor('sum', [previous, target], months)).toBeCloseTo(450, 10);
  });

  it('keeps a level KPI at its annual level', () => {
    expect(periodTargetFor('level', [{ ...target, annualTarget: 90 }], q4)).toBe(90);
  });

  it('has no target when a month of the period has none', () => {
    const months = periodMonths({ startsOn: '2025-12-01', endsOn: '2026-01-31' });
    expect(periodTargetFor('sum', [target], months)).toBeNull();
    expect(periodTargetFor('sum', [], q1)).toBeNull();
  });
});

describe('periodActualFor', () => {
  const actuals = [
    { month: '2026-01-01', value: 60 },
    { month: '2026-02-01', value: 40 },
    { month: '2026-04-01', value: 1_000 },
  ];

  it('sums a flow and averages a level over the months reported', () => {
    expect(periodActualFor('sum', actuals, q1)).toEqual({ value: 100, monthsReported: 2, monthsInPeriod: 3 });
    expect(periodActualFor('level', actuals, q1).value).toBe(50);
  });

  it('has no actual when no month was reported', () => {
    expect(periodActualFor('sum', actuals, q4)).toEqual({
      value: null,
      monthsReported: 0,
      monthsInPeriod: 3,
    });
  });
});

describe('satisfactionWindow', () => {
  it('is the twelve months up to the end of the period', () => {
    expect(satisfactionWindow({ startsOn: '2026-07-01', endsOn: '2026-09-30' })).toEqual({
      startsOn: '2025-10-01',
      endsOn: '2026-09-30',
    });
    expect(satisfactionWindow({ startsOn: '2026-01-01', endsOn: '2026-12-31' })).toEqual({
      startsOn: '2026-01-01',
      endsOn: '2026-12-31',
    });
  });
});
