import { describe, expect, it } from 'vitest';
import { directionalAttainment, isBelowTarget } from './attainment.ts';

describe('directionalAttainment', () => {
  it('is actual over target where more is better, capped at 1.5', () => {
    expect(directionalAttainment('higher_is_better', 80, 100)).toBeCloseTo(0.8, 12);
    expect(directionalAttainment('higher_is_better', 300, 100)).toBe(1.5);
  });

  it('is target over actual where less is better', () => {
    expect(directionalAttainment('lower_is_better', 8, 10)).toBeCloseTo(1.25, 12);
    expect(directionalAttainment('lower_is_better', 20, 10)).toBeCloseTo(0.5, 12);
    expect(directionalAttainment('lower_is_better', 0, 10)).toBe(1.5);
    expect(directionalAttainment('lower_is_better', 1, 10, 1.2)).toBe(1.2);
  });

  it('has no attainment without an actual or a positive target', () => {
    expect(directionalAttainment('higher_is_better', null, 100)).toBeNull();
    expect(directionalAttainment('lower_is_better', 5, 0)).toBeNull();
    expect(directionalAttainment('lower_is_better', 5, null)).toBeNull();
  });
});

describe('isBelowTarget', () => {
  it('reads the KPI direction', () => {
    expect(isBelowTarget('higher_is_better', 99, 100)).toBe(true);
    expect(isBelowTarget('higher_is_better', 100, 100)).toBe(false);
    expect(isBelowTarget('lower_is_better', 12, 10)).toBe(true);
    expect(isBelowTarget('lower_is_better', 9, 10)).toBe(false);
    expect(isBelowTarget('higher_is_better', null, 10)).toBe(false);
  });
});
