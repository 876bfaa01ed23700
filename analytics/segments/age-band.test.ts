import { describe, expect, it } from 'vitest';
import { ageBand, completedYears } from './age-band.ts';

describe('company age bands', () => {
  it('counts a year as completed on its anniversary, not the day before', () => {
    expect(completedYears('2025-11-27', '2026-11-26')).toBe(0);
    expect(completedYears('2025-11-27', '2026-11-27')).toBe(1);
  });

  it('puts each bound in the band it starts', () => {
    expect(ageBand('2026-01-01', '2026-11-27')).toBe('under_1');
    expect(ageBand('2025-11-27', '2026-11-26')).toBe('under_1');
    expect(ageBand('2025-11-27', '2026-11-27')).toBe('1_3');
    expect(ageBand('2023-11-28', '2026-11-27')).toBe('1_3');
    expect(ageBand('2023-11-27', '2026-11-27')).toBe('3_5');
    expect(ageBand('2021-11-27', '2026-11-27')).toBe('5_10');
    expect(ageBand('2016-11-28', '2026-11-27')).toBe('5_10');
    expect(ageBand('2016-11-27', '2026-11-27')).toBe('10_plus');
  });

  it('handles a registration on 29 February', () => {
    expect(completedYears('2024-02-29', '2025-02-28')).toBe(0);
    expect(completedYears('2024-02-29', '2025-03-01')).toBe(1);
  });

  it('has no band for a registration after the reference date', () => {
    expect(ageBand('2027-01-01', '2026-11-27')).toBeNull();
  });
});
