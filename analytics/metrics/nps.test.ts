import { describe, expect, it } from 'vitest';
import { ltrClass, nps, npsDifference, npsFromCounts } from './nps.ts';

function answers(promoters: number, passives: number, detractors: number): number[] {
  return [...Array(promoters).fill(10), ...Array(passives).fill(8), ...Array(detractors).fill(3)];
}

describe('nps', () => {
  it('matches the METHODOLOGY reference: 50 promoters, 30 passives, 20 detractors', () => {
    const result = nps(answers(50, 30, 20));
    expect(result).not.toBeNull();
    expect(result?.n).toBe(100);
    expect(result?.promoters).toBe(50);
    expect(result?.passives).toBe(30);
    expect(result?.detractors).toBe(20);
    expect(result?.score).toBeCloseTo(30, 10);
    expect(result?.se).toBeCloseTo(7.8102, 4);
    expect(result?.ci95[0]).toBeCloseTo(14.0511, 4);
    expect(result?.ci95[1]).toBeCloseTo(44.2013, 4);
  });

  it('classifies 9–10 as promoters, 7–8 as passives and 0–6 as detractors', () => {
    expect(nps([0, 6, 7, 8, 9, 10])).toMatchObject({
      n: 6,
      promoters: 2,
      passives: 2,
      detractors: 2,
      score: 0,
    });
  });

  it('treats null, undefined, NaN and answers off the 0–10 scale as missing', () => {
    expect(nps([10, null, undefined, Number.NaN, 11, -1, 5])).toMatchObject({
      n: 2,
      promoters: 1,
      detractors: 1,
    });
  });

  it('returns null for an empty sample', () => {
    expect(nps([])).toBeNull();
    expect(nps([null, undefined])).toBeNull();
  });

  it('scores all promoters as 100 with zero se and clips the interval at 100', () => {
    const result = nps(Array(10).fill(9));
    expect(result?.score).toBe(100);
    expect(result?.se).toBe(0);
    expect(result?.ci95[1]).toBe(100);
    expect(result?.ci95[0]).toBeGreaterThan(-100);
    expect(result?.ci95[0]).toBeLessThan(100);
  });

  it('clips the interval at −100 for all detractors', () => {
    expect(nps([0, 1, 2])?.ci95[0]).toBe(-100);
  });

  it('gives the same result from counts as from answers', () => {
    expect(npsFromCounts({ promoters: 50, passives: 30, detractors: 20 })).toEqual(nps(answers(50, 30, 20)));
  });

  it('returns null for zero or invalid counts', () => {
    expect(npsFromCounts({ promoters: 0, passives: 0, detractors: 0 })).toBeNull();
    expect(npsFromCounts({ promoters: -1, passives: 3, detractors: 0 })).toBeNull();
    expect(npsFromCounts({ promoters: 1.5, passives: 3, detractors: 0 })).toBeNull();
  });
});

describe('ltrClass', () => {
  it('applies the thresholds to weighted means too: ≥ 9 promoter, ≤ 6 detractor', () => {
    expect(ltrClass(9)).toBe('promoter');
    expect(ltrClass(8.99)).toBe('passive');
    expect(ltrClass(6.5)).toBe('passive');
    expect(ltrClass(6)).toBe('detractor');
  });
});

describe('npsDifference', () => {
  it('matches the METHODOLOGY reference: (50, 30, 20) vs (40, 55, 25)', () => {
    const result = npsDifference(nps(answers(50, 30, 20)), nps(answers(40, 55, 25)));
    expect(result?.diff).toBeCloseTo(17.5, 10);
    expect(result?.z).toBeCloseTo(1.709, 3);
    expect(result?.p).toBeCloseTo(0.0874, 4);
  });

  it('combines the two Wald standard errors', () => {
    const result = npsDifference({ score: 10, se: 3 }, { score: 2, se: 4 });
    expect(result).toMatchObject({ diff: 8, se: 5, z: 1.6 });
  });

  it('returns null when a sample is missing', () => {
    expect(npsDifference(nps([]), nps([10]))).toBeNull();
  });

  it('returns null when neither sample has any spread', () => {
    expect(npsDifference(nps([10, 10]), nps([0, 0]))).toBeNull();
  });
});
