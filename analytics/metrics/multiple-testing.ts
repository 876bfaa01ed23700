import { isPresent } from './sample.ts';
import type { Maybe } from './types.ts';

/**
 * Benjamini–Hochberg step-up procedure at false discovery rate q: which of the p-values stay
 * significant when many comparisons are shown at once. A missing p-value (a suppressed cell) is
 * not a test: it is not counted in m and comes back false.
 */
export function benjaminiHochberg(pValues: readonly Maybe<number>[], q = 0.05): boolean[] | null {
  const tests = pValues
    .map((p, position) => ({ p, position }))
    .filter(
      (test): test is { p: number; position: number } => isPresent(test.p) && test.p >= 0 && test.p <= 1,
    )
    .sort((a, b) => a.p - b.p);
  if (tests.length === 0) return null;
  const m = tests.length;
  // Step-up: the largest rank whose p-value is under its threshold carries every smaller rank.
  let lastSignificantRank = 0;
  tests.forEach((test, index) => {
    if (test.p <= ((index + 1) * q) / m) lastSignificantRank = index + 1;
  });
  const significant = pValues.map(() => false);
  for (const test of tests.slice(0, lastSignificantRank)) significant[test.position] = true;
  return significant;
}
