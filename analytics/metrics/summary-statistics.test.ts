import { describe, expect, it } from 'vitest';
import { cronbachAlpha, cronbachAlphaFromCovariance } from './reliability.ts';
import { meanSummary, meanSummaryFromMoments, welchTTest, welchTTestFromSummaries } from './means.ts';
import { relativeWeights, relativeWeightsFromCorrelations } from './relative-weights.ts';
import { mean, sampleVariance, sum } from './sample.ts';

// The *From* variants take what SQL aggregates return; they must give the raw-data answers.
const sample = [3, 5, 4, 4, 2, 5, 1, 4];
const other = [2, 3, 3, 1, 4, 2];

const moments = (values: number[]) => ({
  n: values.length,
  sum: sum(values),
  sumOfSquares: sum(values.map((value) => value ** 2)),
});

describe('statistics from sums', () => {
  it('gives meanSummary from count, sum and sum of squares', () => {
    const expected = meanSummary(sample)!;
    const actual = meanSummaryFromMoments(moments(sample))!;
    expect(actual.mean).toBeCloseTo(expected.mean, 12);
    expect(actual.sd!).toBeCloseTo(expected.sd!, 12);
    expect(actual.ci95![0]).toBeCloseTo(expected.ci95![0], 12);
    expect(actual.ci95![1]).toBeCloseTo(expected.ci95![1], 12);
  });

  it('has no spread with one answer and nothing with none', () => {
    expect(meanSummaryFromMoments(moments([4]))).toEqual({ n: 1, mean: 4, sd: null, se: null, ci95: null });
    expect(meanSummaryFromMoments(moments([]))).toBeNull();
  });

  it('gives Welch t from sample summaries', () => {
    const summary = (values: number[]) => ({
      n: values.length,
      mean: mean(values),
      variance: sampleVariance(values),
    });
    expect(welchTTestFromSummaries(summary(sample), summary(other))).toEqual(welchTTest(sample, other));
  });

  it('gives relative weights from correlations', () => {
    const x = sample.map((value, i) => [value, (value * 7 + i) % 5, (i * 3) % 4]);
    const y = sample.map((value, i) => value + (i % 3));
    const columns = [0, 1, 2].map((j) => x.map((row) => row[j]));
    const correlation = (a: number[], b: number[]) => {
      const ma = mean(a);
      const mb = mean(b);
      const cov = sum(a.map((value, i) => (value - ma) * (b[i] - mb)));
      return cov / Math.sqrt(sum(a.map((v) => (v - ma) ** 2)) * sum(b.map((v) => (v - mb) ** 2)));
    };
    const expected = relativeWeights(x, y)!;
    const actual = relativeWeightsFromCorrelations(
      columns.map((a) => columns.map((b) => correlation(a, b))),
      columns.map((a) => correlation(a, y)),
    )!;
    expect(actual.rSquared).toBeCloseTo(expected.rSquared, 12);
    actual.percent.forEach((percent, j) => {
      expect(percent).toBeCloseTo(expected.percent[j], 10);
    });
  });

  it("gives Cronbach's alpha from the covariance matrix", () => {
    const items = sample.map((value, i) => [value, (value + i) % 5, Math.min(5, value + 1)]);
    const columns = [0, 1, 2].map((j) => items.map((row) => row[j]));
    const covariance = columns.map((a) =>
      columns.map((b) => {
        const ma = mean(a);
        const mb = mean(b);
        return sum(a.map((value, i) => (value - ma) * (b[i] - mb))) / (a.length - 1);
      }),
    );
    expect(cronbachAlphaFromCovariance(covariance)!).toBeCloseTo(cronbachAlpha(items)!, 12);
    expect(cronbachAlphaFromCovariance([[1]])).toBeNull();
  });
});
