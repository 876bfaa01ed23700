import { studentTQuantile, twoSidedStudentP } from './distributions.ts';
import { mean, presentValues, sampleVariance } from './sample.ts';
import type { Interval, Maybe } from './types.ts';

export interface MeanSummary {
  n: number;
  mean: number;
  sd: number | null;
  se: number | null;
  ci95: Interval | null;
}

export interface TTestResult {
  t: number;
  df: number;
  p: number;
}

/** Mean with sample sd and a Student t interval; one answer gives a mean but no spread. */
export function meanSummary(values: readonly Maybe<number>[]): MeanSummary | null {
  const answers = presentValues(values);
  const n = answers.length;
  if (n === 0) return null;
  return summaryOf(n, mean(answers), n === 1 ? null : sampleVariance(answers));
}

/** Sufficient statistics of a sample: what SQL aggregates (count, sum, sum of squares) return. */
export interface SampleMoments {
  n: number;
  sum: number;
  sumOfSquares: number;
}

/**
 * meanSummary from sufficient statistics, so a SQL GROUP BY gets the same interval without
 * loading the answers. One-pass variance: callers pass sums of answers on short rating scales,
 * where cancellation costs far less than the 1e-9 the figures are compared to.
 */
export function meanSummaryFromMoments({ n, sum, sumOfSquares }: SampleMoments): MeanSummary | null {
  if (!(Number.isInteger(n) && n > 0)) return null;
  return summaryOf(n, sum / n, n === 1 ? null : momentVariance({ n, sum, sumOfSquares }));
}

function summaryOf(n: number, centre: number, variance: number | null): MeanSummary {
  if (variance === null) return { n, mean: centre, sd: null, se: null, ci95: null };
  const sd = Math.sqrt(variance);
  const se = sd / Math.sqrt(n);
  const halfWidth = studentTQuantile(0.975, n - 1) * se;
  return { n, mean: centre, sd, se, ci95: [centre - halfWidth, centre + halfWidth] };
}

/** Sample variance from moments; never negative, but rounding can push n·Σx² − (Σx)² below 0. */
function momentVariance({ n, sum, sumOfSquares }: SampleMoments): number {
  return Math.max(0, (n * sumOfSquares - sum * sum) / (n * (n - 1)));
}

/**
 * Welch's unequal-variance t-test with Welch–Satterthwaite df. Null when a sample has fewer
 * than two answers or both samples have no spread (t undefined).
 */
export function welchTTest(a: readonly Maybe<number>[], b: readonly Maybe<number>[]): TTestResult | null {
  const first = presentValues(a);
  const second = presentValues(b);
  if (first.length < 2 || second.length < 2) return null;
  return welchTTestFromSummaries(
    { n: first.length, mean: mean(first), variance: sampleVariance(first) },
    { n: second.length, mean: mean(second), variance: sampleVariance(second) },
  );
}

/** A sample described by its size, mean and sample variance (n − 1). */
export interface SampleSummary {
  n: number;
  mean: number;
  variance: number;
}

/** welchTTest from per-sample summaries, for cells aggregated in SQL. */
export function welchTTestFromSummaries(a: SampleSummary, b: SampleSummary): TTestResult | null {
  if (a.n < 2 || b.n < 2) return null;
  const varianceOfMeanA = a.variance / a.n;
  const varianceOfMeanB = b.variance / b.n;
  const se2 = varianceOfMeanA + varianceOfMeanB;
  if (!(se2 > 0)) return null;
  const t = (a.mean - b.mean) / Math.sqrt(se2);
  const df = se2 ** 2 / (varianceOfMeanA ** 2 / (a.n - 1) + varianceOfMeanB ** 2 / (b.n - 1));
  return { t, df, p: twoSidedStudentP(t, df) };
}
