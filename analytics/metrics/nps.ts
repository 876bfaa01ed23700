import { twoSidedNormalP, Z95 } from './distributions.ts';
import { clampInterval, isPresent } from './sample.ts';
import type { Interval, Maybe } from './types.ts';

export type LtrClass = 'promoter' | 'passive' | 'detractor';

export interface NpsCounts {
  promoters: number;
  passives: number;
  detractors: number;
}

export interface NpsResult extends NpsCounts {
  n: number;
  score: number;
  se: number;
  ci95: Interval;
}

export interface NpsDifference {
  diff: number;
  se: number;
  z: number;
  p: number;
}

const LTR_MIN = 0;
const LTR_MAX = 10;

/**
 * Promoter 9–10, passive 7–8, detractor 0–6. Written as thresholds so that a weighted mean LTR
 * (account class, METHODOLOGY §5) is classified by the same rule: ≥ 9 promoter, ≤ 6 detractor.
 */
export function ltrClass(ltr: number): LtrClass {
  if (ltr >= 9) return 'promoter';
  if (ltr <= 6) return 'detractor';
  return 'passive';
}

export function isValidLtr(ltr: Maybe<number>): ltr is number {
  return isPresent(ltr) && ltr >= LTR_MIN && ltr <= LTR_MAX;
}

/** NPS of likelihood-to-recommend answers (0–10); answers off the scale count as missing. */
export function nps(scores: readonly Maybe<number>[]): NpsResult | null {
  const counts: NpsCounts = { promoters: 0, passives: 0, detractors: 0 };
  for (const ltr of scores) {
    if (!isValidLtr(ltr)) continue;
    const ltrGroup = ltrClass(ltr);
    if (ltrGroup === 'promoter') counts.promoters += 1;
    else if (ltrGroup === 'passive') counts.passives += 1;
    else counts.detractors += 1;
  }
  return npsFromCounts(counts);
}

/** NPS from counts, so SQL aggregates (COUNT … FILTER) get the same se and interval. */
export function npsFromCounts({ promoters, passives, detractors }: NpsCounts): NpsResult | null {
  if (![promoters, passives, detractors].every(isCount)) return null;
  const n = promoters + passives + detractors;
  if (n === 0) return null;
  const p = promoters / n;
  const d = detractors / n;
  return {
    n,
    promoters,
    passives,
    detractors,
    score: 100 * (p - d),
    se: 100 * Math.sqrt(netVariance(p, d) / n),
    ci95: adjustedWaldInterval(promoters, detractors, n),
  };
}

/** Adjusted Wald: add 3 answers (0.75 promoter, 0.75 detractor, 1.5 passive) for coverage at small n. */
function adjustedWaldInterval(promoters: number, detractors: number, n: number): Interval {
  const nAdjusted = n + 3;
  const p = (promoters + 0.75) / nAdjusted;
  const d = (detractors + 0.75) / nAdjusted;
  const centre = 100 * (p - d);
  const halfWidth = Z95 * 100 * Math.sqrt(netVariance(p, d) / nAdjusted);
  return clampInterval([centre - halfWidth, centre + halfWidth], -100, 100);
}

/** Variance of one answer scored +1/0/−1; never negative, but rounding can push it below 0. */
function netVariance(p: number, d: number): number {
  return Math.max(0, p + d - (p - d) ** 2);
}

function isCount(value: number): boolean {
  return Number.isInteger(value) && value >= 0;
}

/** z-test of two independent NPS scores with their Wald se's; null when neither has any spread. */
export function npsDifference(
  a: Maybe<Pick<NpsResult, 'score' | 'se'>>,
  b: Maybe<Pick<NpsResult, 'score' | 'se'>>,
): NpsDifference | null {
  if (!a || !b) return null;
  const diff = a.score - b.score;
  const se = Math.sqrt(a.se ** 2 + b.se ** 2);
  if (!(se > 0)) return null;
  const z = diff / se;
  return { diff, se, z, p: twoSidedNormalP(z) };
}
