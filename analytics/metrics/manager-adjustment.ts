import { Z95 } from './distributions.ts';
import { isPresent, mean, presentValues, sampleVariance, sum } from './sample.ts';
import type { Interval, Maybe } from './types.ts';

export interface ManagerAccount {
  managerId: string;
  size: Maybe<string>;
  industrySection: Maybe<string>;
  /** The account's score (net score, CSI, …); accounts without one are not responding. */
  score: Maybe<number>;
}

export interface CaseMixOptions {
  /** A size × industry cell with fewer accounts falls back to size alone. */
  minCellSize?: number;
}

export interface ManagerCaseMix {
  managerId: string;
  /** Responding accounts of the manager. */
  n: number;
  observed: number;
  expected: number;
  adjusted: number;
}

export interface CaseMixAdjustment {
  overallMean: number;
  managers: ManagerCaseMix[];
}

export interface ManagerEstimate {
  managerId: string;
  n: number;
  adjusted: number;
}

export interface ShrinkageInput {
  managers: readonly ManagerEstimate[];
  /** μ, the mean the scores shrink towards. */
  mean: number;
  /** σ², pooled within-manager variance of account scores. */
  withinVariance: number;
}

export interface ShrunkManagerScore extends ManagerEstimate {
  /** B_m = τ²/(τ² + σ²/n_m): how much of the manager's own deviation is kept. */
  reliability: number;
  shrunk: number;
  /** Posterior sd, √(B_m·σ²/n_m); it ignores the uncertainty in μ and τ². */
  se: number;
  ci95: Interval;
}

export interface Shrinkage {
  /** τ², between-manager variance. */
  betweenVariance: number;
  managers: ShrunkManagerScore[];
}

export type ManagerScore = ManagerCaseMix & Omit<ShrunkManagerScore, keyof ManagerEstimate>;

export interface ManagerScores {
  overallMean: number;
  withinVariance: number;
  betweenVariance: number;
  managers: ManagerScore[];
}

export interface ScorecardComponent {
  kpi: string;
  /** v_k for the period; weights of a card normally sum to 1. */
  weight: number;
  attainment: Maybe<number>;
  /** Survey-based components (satisfaction) only: the effective n behind the figure, null if none. */
  effectiveN?: Maybe<number>;
}

export interface ScorecardOptions {
  minEffectiveN?: number;
}

export interface ScorecardLine {
  kpi: string;
  /** Weight after redistributing the weight of excluded components. */
  weight: number;
  attainment: number;
  contribution: number;
}

export interface ExcludedComponent {
  kpi: string;
  weight: number;
  reason: 'low-base' | 'no-data';
}

export interface Scorecard {
  score: number;
  lines: ScorecardLine[];
  /** Components whose weight was spread over the others; the card must say so. */
  excluded: ExcludedComponent[];
}

export const DEFAULT_MIN_CELL_SIZE = 5;
export const DEFAULT_ATTAINMENT_CAP = 1.5;
export const DEFAULT_SATISFACTION_WEIGHT = 0.25;
export const MIN_SATISFACTION_EFFECTIVE_N = 30;
export const FLAT_SEASONAL_PROFILE: readonly number[] = Array.from({ length: 12 }, () => 1);

/**
 * Case-mix adjustment: each manager's observed mean against the mean the company as a whole gets
 * from accounts like theirs (same size × industry cell), so a portfolio of hard segments is not
 * penalised. adjusted = overall mean + (observed − expected).
 */
export function caseMixAdjustment(
  accounts: readonly ManagerAccount[],
  { minCellSize = DEFAULT_MIN_CELL_SIZE }: CaseMixOptions = {},
): CaseMixAdjustment | null {
  const scored = scoredAccounts(accounts);
  if (scored.length === 0) return null;
  const overallMean = meanScore(scored);
  const expectedScore = expectedScoreModel(scored, overallMean, minCellSize);
  const managers = [...groupBy(scored, (account) => account.managerId)].map(([managerId, portfolio]) => {
    const observed = meanScore(portfolio);
    const expected = mean(portfolio.map(expectedScore));
    return {
      managerId,
      n: portfolio.length,
      observed,
      expected,
      adjusted: overallMean + observed - expected,
    };
  });
  return { overallMean, managers };
}

type ScoredAccount = ManagerAccount & { score: number };

function scoredAccounts(accounts: readonly ManagerAccount[]): ScoredAccount[] {
  return accounts.filter((account): account is ScoredAccount => isPresent(account.score));
}

/**
 * Company-wide mean score of an account's cell; a thin cell falls back to size alone, and an
 * account of unknown size to the overall mean (nothing narrower is known about it).
 */
function expectedScoreModel(
  accounts: readonly ScoredAccount[],
  overallMean: number,
  minCellSize: number,
): (account: ManagerAccount) => number {
  const cells = groupBy(accounts, cellKey);
  const sizeCells = groupBy(accounts, (account) => account.size || null);
  return (account) => {
    const key = cellKey(account);
    const cell = key === null ? undefined : cells.get(key);
    if (cell && cell.length >= minCellSize) return meanScore(cell);
    const sizeCell = account.size ? sizeCells.get(account.size) : undefined;
    return sizeCell ? meanScore(sizeCell) : overallMean;
  };
}

function cellKey(account: ManagerAccount): string | null {
  if (!account.size || !account.industrySection) return null;
  return `${account.size}\u0000${account.industrySection}`;
}

function meanScore(accounts: readonly ScoredAccount[]): number {
  return mean(accounts.map((account) => account.score));
}

function groupBy<T>(items: readonly T[], keyOf: (item: T) => string | null): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const item of items) {
    const key = keyOf(item);
    if (key === null) continue;
    const group = groups.get(key);
    if (group) group.push(item);
    else groups.set(key, [item]);
  }
  return groups;
}

/** Σ(n_m − 1)s_m² / Σ(n_m − 1); null when no manager has two scored accounts. */
export function pooledWithinVariance(groups: readonly (readonly Maybe<number>[])[]): number | null {
  const samples = groups.map(presentValues).filter((scores) => scores.length >= 2);
  const degreesOfFreedom = sum(samples.map((scores) => scores.length - 1));
  if (degreesOfFreedom === 0) return null;
  return sum(samples.map((scores) => (scores.length - 1) * sampleVariance(scores))) / degreesOfFreedom;
}

/**
 * Empirical-Bayes shrinkage of managers' adjusted scores towards μ, so a manager with three
 * accounts cannot top the ranking by luck. τ² by the method of moments; null with fewer than two
 * managers, where between-manager variance cannot be estimated.
 */
export function shrinkManagerScores({
  managers,
  mean: mu,
  withinVariance,
}: ShrinkageInput): Shrinkage | null {
  const estimates = managers.filter((manager) => manager.n >= 1 && isPresent(manager.adjusted));
  if (estimates.length < 2 || !isPresent(mu) || !(withinVariance >= 0)) return null;
  const samplingVariances = estimates.map((manager) => withinVariance / manager.n);
  const betweenVariance = Math.max(
    0,
    sampleVariance(estimates.map((manager) => manager.adjusted)) - mean(samplingVariances),
  );
  return {
    betweenVariance,
    managers: estimates.map((manager, i) => {
      // With no within-manager noise the observed score is exact and keeps all of its deviation.
      const reliability =
        samplingVariances[i] === 0 ? 1 : betweenVariance / (betweenVariance + samplingVariances[i]);
      const shrunk = mu + reliability * (manager.adjusted - mu);
      const se = Math.sqrt(reliability * samplingVariances[i]);
      return { ...manager, reliability, shrunk, se, ci95: [shrunk - Z95 * se, shrunk + Z95 * se] as const };
    }),
  };
}

/** Case-mix adjustment followed by shrinkage towards the overall mean: the figures a ranking shows. */
export function managerScores(
  accounts: readonly ManagerAccount[],
  options: CaseMixOptions = {},
): ManagerScores | null {
  const caseMix = caseMixAdjustment(accounts, options);
  if (!caseMix) return null;
  const portfolios = groupBy(scoredAccounts(accounts), (account) => account.managerId);
  const withinVariance = pooledWithinVariance(
    [...portfolios.values()].map((portfolio) => portfolio.map((account) => account.score)),
  );
  if (withinVariance === null) return null;
  const shrinkage = shrinkManagerScores({
    managers: caseMix.managers,
    mean: caseMix.overallMean,
    withinVariance,
  });
  if (!shrinkage) return null;
  // Every case-mix manager has n ≥ 1 and a finite adjusted score, so none is dropped by shrinkage.
  const shrunkById = new Map(shrinkage.managers.map((manager) => [manager.managerId, manager]));
  return {
    overallMean: caseMix.overallMean,
    withinVariance,
    betweenVariance: shrinkage.betweenVariance,
    managers: caseMix.managers.map((manager) => {
      const { reliability, shrunk, se, ci95 } = shrunkById.get(manager.managerId)!;
      return { ...manager, reliability, shrunk, se, ci95 };
    }),
  };
}

/** Monthly targets T·S_m/12 with the profile normalised to sum 12; null without an annual target. */
export function monthlyTargets(
  annualTarget: Maybe<number>,
  seasonalProfile: readonly number[] = FLAT_SEASONAL_PROFILE,
): number[] | null {
  assertSeasonalProfile(seasonalProfile);
  if (!isPresent(annualTarget)) return null;
  const profileTotal = sum(seasonalProfile);
  return seasonalProfile.map((share) => (annualTarget * share) / profileTotal);
}

/** Target of a period: the sum of its months' targets (months 1–12). */
export function periodTarget(
  annualTarget: Maybe<number>,
  months: readonly number[],
  seasonalProfile: readonly number[] = FLAT_SEASONAL_PROFILE,
): number | null {
  if (!months.every((month) => Number.isInteger(month) && month >= 1 && month <= 12)) {
    throw new RangeError(`Months must be 1–12: ${months.join(', ')}`);
  }
  const targets = monthlyTargets(annualTarget, seasonalProfile);
  return targets && sum(months.map((month) => targets[month - 1]));
}

function assertSeasonalProfile(profile: readonly number[]): void {
  const valid =
    profile.length === 12 && profile.every((share) => isPresent(share) && share >= 0) && sum(profile) > 0;
  if (!valid) throw new RangeError('A seasonal profile has 12 non-negative shares with a positive total');
}

/** a_k = min(cap, actual/target); null without an actual or a positive target. */
export function attainment(
  actual: Maybe<number>,
  target: Maybe<number>,
  cap: number = DEFAULT_ATTAINMENT_CAP,
): number | null {
  if (!isPresent(actual) || !isPresent(target) || target <= 0) return null;
  return Math.min(cap, actual / target);
}

/**
 * Scorecard Σ v_k·a_k. A component resting on fewer than minEffectiveN effective answers, or with
 * no attainment, drops out and its weight is spread over the others in proportion to theirs.
 */
export function scorecard(
  components: readonly ScorecardComponent[],
  { minEffectiveN = MIN_SATISFACTION_EFFECTIVE_N }: ScorecardOptions = {},
): Scorecard | null {
  if (!components.every((component) => isPresent(component.weight) && component.weight >= 0)) {
    throw new RangeError('Scorecard weights must be non-negative numbers');
  }
  const excluded: ExcludedComponent[] = [];
  const counted: (ScorecardComponent & { attainment: number })[] = [];
  for (const component of components) {
    const { kpi, weight, attainment: achieved } = component;
    if (!isPresent(achieved)) excluded.push({ kpi, weight, reason: 'no-data' });
    else if (isLowBase(component, minEffectiveN)) excluded.push({ kpi, weight, reason: 'low-base' });
    else counted.push({ ...component, attainment: achieved });
  }
  const countedWeight = sum(counted.map((component) => component.weight));
  if (!(countedWeight > 0)) return null;
  const scale = sum(components.map((component) => component.weight)) / countedWeight;
  const lines = counted.map(({ kpi, weight, attainment: achieved }) => ({
    kpi,
    weight: weight * scale,
    attainment: achieved,
    contribution: weight * scale * achieved,
  }));
  return { score: sum(lines.map((line) => line.contribution)), lines, excluded };
}

/** Only survey-based components carry an effective n; for them a missing one means no answers. */
function isLowBase({ effectiveN }: ScorecardComponent, minEffectiveN: number): boolean {
  return effectiveN !== undefined && !(isPresent(effectiveN) && effectiveN >= minEffectiveN);
}
