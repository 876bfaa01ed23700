import { describe, expect, it } from 'vitest';
import { proportion, topBox, twoProportionZTest } from './proportions.ts';

const satisfaction = { min: 1, max: 5 };

describe('topBox', () => {
  it('counts the top two boxes by default (CSAT on 1–5)', () => {
    expect(topBox([1, 2, 3, 4, 5, 5], satisfaction)).toMatchObject({ n: 6, k: 3, percent: 50 });
  });

  it('counts only the top box when boxes is 1', () => {
    expect(topBox([1, 2, 3, 4, 5, 5], { ...satisfaction, boxes: 1 })).toMatchObject({ n: 6, k: 2 });
  });

  it('gives the Wilson score interval in percent', () => {
    const result = topBox([...Array(45).fill(5), ...Array(15).fill(2)], satisfaction);
    expect(result?.percent).toBe(75);
    expect(result?.ci95[0]).toBeCloseTo(62.76793, 5);
    expect(result?.ci95[1]).toBeCloseTo(84.223478, 5);
  });

  it('keeps the interval inside 0–100 when nobody or everybody is in the top box', () => {
    expect(topBox([1, 2, 3], satisfaction)?.ci95[0]).toBe(0);
    expect(topBox([4, 5, 5], satisfaction)?.ci95[1]).toBe(100);
  });

  it('treats missing answers and answers off the scale as missing', () => {
    expect(topBox([5, null, Number.NaN, 7, 0, 1], satisfaction)).toMatchObject({ n: 2, k: 1 });
  });

  it('returns null for an empty sample', () => {
    expect(topBox([], satisfaction)).toBeNull();
  });

  it('rejects an invalid scale or number of boxes', () => {
    expect(() => topBox([1], { min: 5, max: 1 })).toThrow(RangeError);
    expect(() => topBox([1], { ...satisfaction, boxes: 0 })).toThrow(RangeError);
  });
});

describe('proportion', () => {
  it('returns null for n = 0 or k outside 0..n', () => {
    expect(proportion(0, 0)).toBeNull();
    expect(proportion(3, 2)).toBeNull();
  });
});

describe('twoProportionZTest', () => {
  it('matches the METHODOLOGY reference: 80/100 vs 90/130', () => {
    const result = twoProportionZTest(80, 100, 90, 130);
    expect(result?.z).toBeCloseTo(1.844, 3);
    expect(result?.p).toBeCloseTo(0.0652, 4);
  });

  it('changes the sign of z, not p, when the samples swap', () => {
    const forward = twoProportionZTest(80, 100, 90, 130);
    const backward = twoProportionZTest(90, 130, 80, 100);
    expect(backward?.z).toBeCloseTo(-(forward?.z ?? 0), 12);
    expect(backward?.p).toBeCloseTo(forward?.p ?? 0, 12);
  });

  it('returns null for an empty sample or a pooled share of 0 or 1', () => {
    expect(twoProportionZTest(0, 0, 5, 10)).toBeNull();
    expect(twoProportionZTest(10, 10, 20, 20)).toBeNull();
    expect(twoProportionZTest(0, 10, 0, 20)).toBeNull();
  });
});
