import { twoSidedNormalP, Z95 } from './distributions.ts';
import { assertScale, clampInterval, isOnScale } from './sample.ts';
import type { Interval, Maybe, Scale } from './types.ts';

export interface ProportionResult {
  n: number;
  k: number;
  percent: number;
  ci95: Interval;
}

export interface TopBoxOptions extends Scale {
  boxes?: number;
}

export interface ZTestResult {
  z: number;
  p: number;
}

/** Share of answers in the top `boxes` categories (CSAT = top-2 of overall satisfaction on 1–5). */
export function topBox(
  scores: readonly Maybe<number>[],
  { min, max, boxes = 2 }: TopBoxOptions,
): ProportionResult | null {
  assertScale({ min, max });
  if (!(Number.isInteger(boxes) && boxes >= 1)) throw new RangeError(`Invalid number of top boxes: ${boxes}`);
  const answers = scores.filter((score) => isOnScale(score, { min, max }));
  const k = answers.filter((score) => score > max - boxes).length;
  return proportion(k, answers.length);
}

/** A percentage with its Wilson interval, from counts (SQL aggregates use this directly). */
export function proportion(k: number, n: number): ProportionResult | null {
  if (!isValidCount(k, n) || n === 0) return null;
  return { n, k, percent: (100 * k) / n, ci95: wilsonInterval(k, n) };
}

/** Wilson score interval in percent; stays inside 0–100 and behaves at k = 0 and k = n. */
function wilsonInterval(k: number, n: number): Interval {
  const zSquared = Z95 ** 2;
  const denominator = n + zSquared;
  const centre = (k + zSquared / 2) / denominator;
  const halfWidth = (Z95 / denominator) * Math.sqrt((k * (n - k)) / n + zSquared / 4);
  return clampInterval([100 * (centre - halfWidth), 100 * (centre + halfWidth)], 0, 100);
}

/** Pooled two-proportion z-test; null when a sample is empty or the pooled share is 0 or 1. */
export function twoProportionZTest(x1: number, n1: number, x2: number, n2: number): ZTestResult | null {
  if (!isValidCount(x1, n1) || !isValidCount(x2, n2) || n1 === 0 || n2 === 0) return null;
  const pooled = (x1 + x2) / (n1 + n2);
  const se = Math.sqrt(pooled * (1 - pooled) * (1 / n1 + 1 / n2));
  if (!(se > 0)) return null;
  const z = (x1 / n1 - x2 / n2) / se;
  return { z, p: twoSidedNormalP(z) };
}

function isValidCount(k: number, n: number): boolean {
  return Number.isInteger(k) && Number.isInteger(n) && k >= 0 && k <= n;
}
