import { meanSummary } from './means.ts';
import { isValidLtr, type LtrClass, ltrClass } from './nps.ts';
import { clampInterval, isPresent, sum } from './sample.ts';
import type { Interval, Maybe } from './types.ts';

// The contact roles of the client base (db/schema/domain.ts), spelled the same so weights pass through.
export type ContactRole = 'decision_maker' | 'influencer' | 'user' | 'finance' | 'other';

export type RoleWeights = Readonly<Record<ContactRole, number>>;

/** A setting; these are the defaults of METHODOLOGY §5, where finance, not named there, weighs like other. */
export const DEFAULT_ROLE_WEIGHTS: RoleWeights = {
  decision_maker: 0.5,
  influencer: 0.3,
  user: 0.2,
  finance: 0.2,
  other: 0.2,
};

export interface ContactAnswer {
  role: ContactRole;
  /** Likelihood to recommend, 0–10. */
  ltr?: Maybe<number>;
  /** The contact's CSI, 0–100. */
  csi?: Maybe<number>;
}

export interface AccountScore {
  /** Contacts with a valid LTR. */
  respondents: number;
  /** Net score s_a ∈ [−1, 1]. */
  netScore: number;
  meanLtr: number;
  accountClass: LtrClass;
  /** Weighted mean of the contacts' CSI; null when no contact has one. */
  csi: number | null;
}

export interface AccountNps {
  /** Accounts with a net score. */
  n: number;
  score: number;
  /** t interval of the accounts' 100·s_a, as for CSI; null with one account. */
  ci95: Interval | null;
}

export interface RevenueWeightedNps {
  /** Accounts with a net score and positive revenue. */
  n: number;
  score: number;
  /** Kish effective n, (ΣR)²/ΣR²; this, not n, decides suppression. */
  effectiveN: number;
}

export interface RevenueWeightedAccount {
  netScore: Maybe<number>;
  /** Trailing-12-month revenue (or margin) of the account. */
  revenue: Maybe<number>;
}

export interface HoldingCompany {
  /** The company's net score, CSI or other score. */
  score: Maybe<number>;
  revenue: Maybe<number>;
}

export interface ClassifiedAccount {
  accountClass: Maybe<LtrClass>;
  revenue: Maybe<number>;
}

export interface AudienceAccount {
  revenue: Maybe<number>;
  /** At least one complete response from the account. */
  responded: boolean;
}

export interface RevenueCoverage {
  coveredRevenue: number;
  audienceRevenue: number;
  /** coveredRevenue / audienceRevenue, 0–100. */
  percent: number;
}

/**
 * Weight of each responding contact: the role weight shared equally among the account's
 * responding contacts of that role, so five users together weigh as much as one.
 */
export function contactWeights(
  roles: readonly ContactRole[],
  roleWeights: RoleWeights = DEFAULT_ROLE_WEIGHTS,
): number[] {
  const contactsPerRole = new Map<ContactRole, number>();
  for (const role of roles) contactsPerRole.set(role, (contactsPerRole.get(role) ?? 0) + 1);
  return roles.map((role) => roleWeights[role] / (contactsPerRole.get(role) ?? 1));
}

/** Net score s_a = Σw·(+1 promoter, 0 passive, −1 detractor)/Σw over contacts with an LTR. */
export function accountNetScore(
  contacts: readonly ContactAnswer[],
  roleWeights?: RoleWeights,
): number | null {
  return weightedContactMean(
    contacts,
    (contact) => (isValidLtr(contact.ltr) ? netValue(contact.ltr) : null),
    roleWeights,
  );
}

export function accountMeanLtr(contacts: readonly ContactAnswer[], roleWeights?: RoleWeights): number | null {
  return weightedContactMean(
    contacts,
    (contact) => (isValidLtr(contact.ltr) ? contact.ltr : null),
    roleWeights,
  );
}

/** Promoter, passive or detractor account by its weighted mean LTR (≥ 9 promoter, ≤ 6 detractor). */
export function accountClass(contacts: readonly ContactAnswer[], roleWeights?: RoleWeights): LtrClass | null {
  const meanLtr = accountMeanLtr(contacts, roleWeights);
  return meanLtr === null ? null : meanLtrClass(meanLtr);
}

/**
 * Account class of a weighted mean LTR (also one summed in SQL). Role-weight shares such as 0.2/2
 * are inexact in floating point, so a mean of exactly 6 can come out as 6.000000000000001;
 * rounding first keeps such an account on the threshold it sits on.
 */
export function meanLtrClass(meanLtr: number): LtrClass {
  return ltrClass(Math.round(meanLtr * 1e9) / 1e9);
}

export function accountCsi(contacts: readonly ContactAnswer[], roleWeights?: RoleWeights): number | null {
  return weightedContactMean(
    contacts,
    (contact) => (isPresent(contact.csi) ? contact.csi : null),
    roleWeights,
  );
}

/** Everything an account contributes to segment figures; null when no contact gave an LTR. */
export function accountScore(
  contacts: readonly ContactAnswer[],
  roleWeights?: RoleWeights,
): AccountScore | null {
  const netScore = accountNetScore(contacts, roleWeights);
  const meanLtr = accountMeanLtr(contacts, roleWeights);
  if (netScore === null || meanLtr === null) return null;
  return {
    respondents: contacts.filter((contact) => isValidLtr(contact.ltr)).length,
    netScore,
    meanLtr,
    accountClass: meanLtrClass(meanLtr),
    csi: accountCsi(contacts, roleWeights),
  };
}

/** Account NPS: 100 · mean of the accounts' net scores, one account one vote. */
export function accountNps(netScores: readonly Maybe<number>[]): AccountNps | null {
  const summary = meanSummary(netScores.map((netScore) => (isPresent(netScore) ? 100 * netScore : null)));
  if (!summary) return null;
  return {
    n: summary.n,
    score: summary.mean,
    ci95: summary.ci95 && clampInterval(summary.ci95, -100, 100),
  };
}

/** Revenue-weighted NPS, 100·ΣR·s/ΣR, with the Kish effective n that governs its suppression. */
export function revenueWeightedNps(accounts: readonly RevenueWeightedAccount[]): RevenueWeightedNps | null {
  const weighted = revenueWeighted(accounts.map(({ netScore, revenue }) => ({ score: netScore, revenue })));
  if (!weighted) return null;
  return { n: weighted.n, score: 100 * weighted.mean, effectiveN: weighted.effectiveN };
}

/** A client group's (holding's) score: its companies' scores weighted by revenue. */
export function holdingScore(companies: readonly HoldingCompany[]): number | null {
  return revenueWeighted(companies)?.mean ?? null;
}

/** Kish effective sample size of a set of weights; null when they sum to nothing. */
export function kishEffectiveN(weights: readonly number[]): number | null {
  const sumOfSquares = sum(weights.map((weight) => weight ** 2));
  return sumOfSquares > 0 ? sum(weights) ** 2 / sumOfSquares : null;
}

/** Revenue of detractor accounts; null when no account has a revenue. */
export function revenueAtRisk(accounts: readonly ClassifiedAccount[]): number | null {
  const withRevenue = accounts.filter(hasRevenue);
  if (withRevenue.length === 0) return null;
  return sum(
    withRevenue.filter((account) => account.accountClass === 'detractor').map((account) => account.revenue),
  );
}

/** Share of the audience's revenue that comes from accounts with a response. */
export function revenueCoverage(audience: readonly AudienceAccount[]): RevenueCoverage | null {
  const withRevenue = audience.filter(hasRevenue);
  const audienceRevenue = sum(withRevenue.map((account) => account.revenue));
  if (!(audienceRevenue > 0)) return null;
  const coveredRevenue = sum(
    withRevenue.filter((account) => account.responded).map((account) => account.revenue),
  );
  return { coveredRevenue, audienceRevenue, percent: (100 * coveredRevenue) / audienceRevenue };
}

function netValue(ltr: number): number {
  const ltrGroup = ltrClass(ltr);
  if (ltrGroup === 'promoter') return 1;
  return ltrGroup === 'detractor' ? -1 : 0;
}

/** Contacts without the value are not responding for this measure and do not share role weight. */
function weightedContactMean(
  contacts: readonly ContactAnswer[],
  measure: (contact: ContactAnswer) => number | null,
  roleWeights: RoleWeights = DEFAULT_ROLE_WEIGHTS,
): number | null {
  const responding = contacts.flatMap((contact) => {
    const value = measure(contact);
    return value === null ? [] : [{ role: contact.role, value }];
  });
  const weights = contactWeights(
    responding.map((contact) => contact.role),
    roleWeights,
  );
  const totalWeight = sum(weights);
  if (!(totalWeight > 0)) return null;
  return sum(responding.map((contact, i) => weights[i] * contact.value)) / totalWeight;
}

/** A negative margin cannot serve as a weight, so only positive revenue counts. */
function isRevenue(revenue: Maybe<number>): revenue is number {
  return isPresent(revenue) && revenue > 0;
}

function hasRevenue<T extends { revenue: Maybe<number> }>(account: T): account is T & { revenue: number } {
  return isRevenue(account.revenue);
}

function revenueWeighted(
  companies: readonly HoldingCompany[],
): { n: number; mean: number; effectiveN: number } | null {
  const weighted = companies
    .filter(hasRevenue)
    .filter((company): company is { score: number; revenue: number } => isPresent(company.score));
  const revenues = weighted.map((company) => company.revenue);
  const effectiveN = kishEffectiveN(revenues);
  if (effectiveN === null) return null;
  const mean = sum(weighted.map((company) => company.revenue * company.score)) / sum(revenues);
  return { n: weighted.length, mean, effectiveN };
}
