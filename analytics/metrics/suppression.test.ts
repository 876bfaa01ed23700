import { describe, expect, it } from 'vitest';
import { baseStatus } from './suppression.ts';

describe('baseStatus', () => {
  it('suppresses a cell with fewer than 5 answers', () => {
    expect(baseStatus(0)).toBe('suppressed');
    expect(baseStatus(4)).toBe('suppressed');
    expect(baseStatus(4.9)).toBe('suppressed');
  });

  it('marks a cell with 5 to 29 answers as low base', () => {
    expect(baseStatus(5)).toBe('low-base');
    expect(baseStatus(29)).toBe('low-base');
  });

  it('reports a cell with 30 or more answers', () => {
    expect(baseStatus(30)).toBe('reportable');
  });

  it('suppresses a cell whose n is unknown', () => {
    expect(baseStatus(Number.NaN)).toBe('suppressed');
  });

  it('applies the configured thresholds', () => {
    expect(baseStatus(8, { suppressBelow: 10, lowBaseBelow: 50 })).toBe('suppressed');
  });
});
