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
  const centre = mean(answers);
  if (n === 1) return { n, mean: centre, sd: null, se: null, ci95: null };
  const sd = Math.sqrt(sampleVariance(answers));
  const se = sd / Math.sqrt(n);
  const halfWidth = studentTQuantile(0.975, n - 1) * se;
  return { n, mean: centre, sd, se, ci95: [centre - halfWidth, centre + halfWidth] };
}

/**
 * Welch's unequal-variance t-test with Welch–Satterthwaite df. Null when a sample has fewer
 * than two answers or both samples have no spread (t undefined).
 */
export function welchTTest(a: readonly Maybe<number>[], b: readonly Maybe<number>[]): TTestResult | null {
  const first = presentValues(a);
  const second = presentValues(b);
  if (first.length < 2 || second.length < 2) return null;
  const varianceOfMeanA = sampleVariance(first) / first.length;
  const varianceOfMeanB = sampleVariance(second) / second.length;
  const se2 = varianceOfMeanA + varianceOfMeanB;
  if (!(se2 > 0)) return null;
  const t = (mean(first) - mean(second)) / Math.sqrt(se2);
  const df =
    se2 ** 2 / (varianceOfMeanA ** 2 / (first.length - 1) + varianceOfMeanB ** 2 / (second.length - 1));
  return { t, df, p: twoSidedStudentP(t, df) };
}
