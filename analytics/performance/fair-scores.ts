import { type Interval, managerScores } from '../metrics/index.ts';

/** A responding account in a manager's portfolio, with the cell its case mix is judged by. */
export interface PortfolioAccount {
  clientId: string;
  managerId: string;
  size: string | null;
  industrySection: string | null;
  /** Account CSI, 0–100. */
  csi: number | null;
  /** Account net score s_a ∈ [−1, 1]. */
  netScore: number | null;
}

export type FairScoreMetric = 'csi' | 'nps';

export interface FairScore {
  managerId: string;
  /** Responding accounts with the measure. */
  n: number;
  /**
   * One account, one vote, so the Kish effective n of the equal account weights is the number of
   * responding accounts; it is what the scorecard's n ≥ 30 rule reads.
   */
  effectiveN: number;
  observed: number;
  expected: number;
  adjusted: number;
  shrunk: number;
  /** B_m: the share of the manager's own deviation from the mean that shrinkage keeps. */
  reliability: number;
  ci95: Interval;
  /** Whether the interval lies wholly above or below the company mean. */
  versusMean: 'above' | 'below' | 'overlaps';
}

export interface FairScoreSet {
  metric: FairScoreMetric;
  /** The company mean over all responding accounts, μ. */
  mean: number;
  managers: FairScore[];
}

/** The account's score on the metric's reporting scale: CSI 0–100, account NPS −100…100. */
function accountScore(account: PortfolioAccount, metric: FairScoreMetric): number | null {
  if (metric === 'csi') return account.csi;
  return account.netScore === null ? null : 100 * account.netScore;
}

/**
 * Each manager's portfolio score observed, expected from the portfolio's size × industry mix,
 * adjusted, and shrunk towards the company mean for small n (METHODOLOGY §7). Null when there is
 * too little to estimate the spread (fewer than two managers, or nobody with two accounts).
 */
export function fairScores(
  accounts: readonly PortfolioAccount[],
  metric: FairScoreMetric,
): FairScoreSet | null {
  const scores = managerScores(
    accounts.map((account) => ({
      managerId: account.managerId,
      size: account.size,
      industrySection: account.industrySection,
      score: accountScore(account, metric),
    })),
  );
  if (!scores) return null;
  const mean = scores.overallMean;
  return {
    metric,
    mean,
    managers: scores.managers.map((manager) => ({
      managerId: manager.managerId,
      n: manager.n,
      effectiveN: manager.n,
      observed: manager.observed,
      expected: manager.expected,
      adjusted: manager.adjusted,
      shrunk: manager.shrunk,
      reliability: manager.reliability,
      ci95: manager.ci95,
      versusMean: manager.ci95[1] < mean ? 'below' : manager.ci95[0] > mean ? 'above' : 'overlaps',
    })),
  };
}
