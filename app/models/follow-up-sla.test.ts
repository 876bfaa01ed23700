import { describe, expect, it } from 'vitest';
import { addWorkingDays, businessDay, isWorkingDay, workingDaysBetween } from './follow-up-sla.server.ts';

describe('working-day SLA', () => {
  it('skips weekends when adding working days', () => {
    expect(addWorkingDays('2026-11-25', 2)).toBe('2026-11-27'); // Wednesday → Friday
    expect(addWorkingDays('2026-11-27', 2)).toBe('2026-12-01'); // Friday → Tuesday
    expect(addWorkingDays('2026-11-28', 1)).toBe('2026-11-30'); // Saturday → Monday
    expect(addWorkingDays('2026-11-29', 2)).toBe('2026-12-01'); // Sunday → Tuesday
    expect(addWorkingDays('2026-11-27', 0)).toBe('2026-11-27');
    expect(addWorkingDays('2026-12-31', 1)).toBe('2027-01-01'); // across the year, a Friday
  });

  it('skips the days off a calendar lists', () => {
    // Russia's New Year holidays: 1–8 January 2027 off.
    const daysOff = new Set(['01', '02', '03', '04', '05', '06', '07', '08'].map((day) => `2027-01-${day}`));
    expect(addWorkingDays('2026-12-31', 2, { daysOff })).toBe('2027-01-12');
    expect(isWorkingDay('2027-01-04', { daysOff })).toBe(false);
    expect(isWorkingDay('2027-01-04')).toBe(true);
    expect(workingDaysBetween('2026-12-31', '2027-01-12', { daysOff })).toBe(2);
  });

  it('counts working days between two days, negative backwards', () => {
    expect(workingDaysBetween('2026-11-27', '2026-12-01')).toBe(2);
    expect(workingDaysBetween('2026-11-27', '2026-11-27')).toBe(0);
    expect(workingDaysBetween('2026-12-01', '2026-11-27')).toBe(-2);
    expect(workingDaysBetween('2026-11-28', '2026-11-29')).toBe(0);
  });

  it('refuses a negative or fractional number of days', () => {
    expect(() => addWorkingDays('2026-11-27', -1)).toThrow(RangeError);
    expect(() => addWorkingDays('2026-11-27', 1.5)).toThrow(RangeError);
  });

  it('judges the day in Moscow time', () => {
    expect(businessDay(new Date('2026-11-27T20:59:00Z'))).toBe('2026-11-27');
    expect(businessDay(new Date('2026-11-27T21:00:00Z'))).toBe('2026-11-28');
  });
});
