import { describe, expect, it } from 'vitest';
import { DEFAULT_SIZE_THRESHOLDS, type SizeThresholds, sizeSegment } from '../metrics/size-segment.ts';
import { sizeInView } from './dimensions.ts';

// METHODOLOGY §6: inclusive bounds, the larger of the revenue and headcount classes.
describe('size classes on the boundaries', () => {
  const size = (revenueRub: number, headcount: number) => sizeSegment({ revenueRub, headcount });

  it('keeps a company on an upper bound in the lower class', () => {
    expect(size(120_000_000, 15)).toBe('micro');
    expect(size(800_000_000, 100)).toBe('small');
    expect(size(2_000_000_000, 250)).toBe('medium');
  });

  it('moves a company one rouble or one employee past a bound up a class', () => {
    expect(size(120_000_001, 15)).toBe('small');
    expect(size(120_000_000, 16)).toBe('small');
    expect(size(800_000_001, 10)).toBe('medium');
    expect(size(1_000_000, 251)).toBe('large');
    expect(size(2_000_000_001, 1)).toBe('large');
  });

  it('re-classifies with other thresholds', () => {
    const raised: SizeThresholds = {
      ...DEFAULT_SIZE_THRESHOLDS,
      revenueRub: { micro: 200_000_000, small: 1_000_000_000, medium: 3_000_000_000 },
    };
    expect(sizeSegment({ revenueRub: 150_000_000, headcount: 10 }, raised)).toBe('micro');
    expect(sizeSegment({ revenueRub: 150_000_000, headcount: 10 })).toBe('small');
  });

  it('folds micro into small in the banking view only', () => {
    expect(sizeInView('micro', 'banking')).toBe('small');
    expect(sizeInView('micro', 'standard')).toBe('micro');
    expect(sizeInView('medium', 'banking')).toBe('medium');
  });
});
