import { describe, expect, it } from 'vitest';
import { DEFAULT_SIZE_THRESHOLDS, sizeSegment } from './size-segment.ts';

const M = 1_000_000;

describe('sizeSegment', () => {
  it('treats the revenue bounds as inclusive', () => {
    const bySize = (revenueRub: number) => sizeSegment({ revenueRub, headcount: 1 });
    expect(bySize(120 * M)).toBe('micro');
    expect(bySize(120 * M + 1)).toBe('small');
    expect(bySize(800 * M)).toBe('small');
    expect(bySize(800 * M + 1)).toBe('medium');
    expect(bySize(2_000 * M)).toBe('medium');
    expect(bySize(2_000 * M + 1)).toBe('large');
  });

  it('treats the headcount bounds as inclusive', () => {
    const byHeadcount = (headcount: number) => sizeSegment({ revenueRub: 0, headcount });
    expect(byHeadcount(15)).toBe('micro');
    expect(byHeadcount(16)).toBe('small');
    expect(byHeadcount(100)).toBe('small');
    expect(byHeadcount(101)).toBe('medium');
    expect(byHeadcount(250)).toBe('medium');
    expect(byHeadcount(251)).toBe('large');
  });

  it('takes the larger of the revenue and headcount classes', () => {
    expect(sizeSegment({ revenueRub: 50 * M, headcount: 120 })).toBe('medium');
    expect(sizeSegment({ revenueRub: 3_000 * M, headcount: 10 })).toBe('large');
    expect(sizeSegment({ revenueRub: 500 * M, headcount: 90 })).toBe('small');
  });

  it('folds micro into small in the banking view', () => {
    expect(
      sizeSegment({ revenueRub: 10 * M, headcount: 5 }, DEFAULT_SIZE_THRESHOLDS, { view: 'banking' }),
    ).toBe('small');
    expect(
      sizeSegment({ revenueRub: 10 * M, headcount: 200 }, DEFAULT_SIZE_THRESHOLDS, { view: 'banking' }),
    ).toBe('medium');
  });

  it('is large when one criterion is missing and the other says large', () => {
    expect(sizeSegment({ revenueRub: null, headcount: 300 })).toBe('large');
    expect(sizeSegment({ revenueRub: 5_000 * M, headcount: undefined })).toBe('large');
  });

  it('returns null when a missing criterion could still make the company larger', () => {
    expect(sizeSegment({ revenueRub: null, headcount: 10 })).toBeNull();
    expect(sizeSegment({ revenueRub: Number.NaN, headcount: null })).toBeNull();
    expect(sizeSegment({ revenueRub: -1, headcount: 10 })).toBeNull();
  });

  it('applies versioned thresholds', () => {
    const thresholds = {
      ...DEFAULT_SIZE_THRESHOLDS,
      revenueRub: { micro: 60 * M, small: 400 * M, medium: 1_000 * M },
    };
    expect(sizeSegment({ revenueRub: 100 * M, headcount: 5 }, thresholds)).toBe('small');
  });
});
