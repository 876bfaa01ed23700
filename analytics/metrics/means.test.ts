import { describe, expect, it } from 'vitest';
import { meanSummary, welchTTest } from './means.ts';

describe('meanSummary', () => {
  it('gives the mean, sample sd, se and Student t interval', () => {
    const result = meanSummary([3, 4, 5, 4, 2, 5, 4]);
    expect(result?.n).toBe(7);
    expect(result?.mean).toBeCloseTo(3.857143, 6);
    expect(result?.sd).toBeCloseTo(1.069045, 6);
    expect(result?.se).toBeCloseTo(0.404061, 6);
    expect(result?.ci95?.[0]).toBeCloseTo(2.868441, 6);
    expect(result?.ci95?.[1]).toBeCloseTo(4.845845, 6);
  });

  it('gives a mean but no sd, se or interval for a single answer', () => {
    expect(meanSummary([4])).toEqual({ n: 1, mean: 4, sd: null, se: null, ci95: null });
  });

  it('skips missing answers', () => {
    expect(meanSummary([2, null, undefined, Number.NaN, 4])).toMatchObject({ n: 2, mean: 3 });
  });

  it('returns null for an empty sample', () => {
    expect(meanSummary([])).toBeNull();
    expect(meanSummary([null])).toBeNull();
  });
});

describe('welchTTest', () => {
  // R: t.test(c(19.1, 20.3, 18.7, 21.0, 19.8), c(17.2, 18.9, 16.5, 18.1, 17.7, 19.0))
  //    t = 3.2856, df = 8.81, p-value = 0.00972
  const first = [19.1, 20.3, 18.7, 21.0, 19.8];
  const second = [17.2, 18.9, 16.5, 18.1, 17.7, 19.0];

  it("matches R's t.test on two small samples", () => {
    const result = welchTTest(first, second);
    expect(result?.t).toBeCloseTo(3.285629, 6);
    expect(result?.df).toBeCloseTo(8.810038, 6);
    expect(result?.p).toBeCloseTo(0.00972022, 7);
  });

  it('changes the sign of t when the samples swap', () => {
    const result = welchTTest(second, first);
    expect(result?.t).toBeCloseTo(-3.285629, 6);
    expect(result?.p).toBeCloseTo(0.00972022, 7);
  });

  it('returns null when a sample has fewer than two answers', () => {
    expect(welchTTest([1], [1, 2, 3])).toBeNull();
    expect(welchTTest([], [])).toBeNull();
  });

  it('returns null when neither sample has any spread', () => {
    expect(welchTTest([3, 3], [4, 4, 4])).toBeNull();
  });
});
