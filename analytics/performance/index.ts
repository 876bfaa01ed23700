/**
 * Manager performance (METHODOLOGY §7): period targets and actuals, direction-aware attainment, the
 * scorecard, and portfolio satisfaction adjusted for case mix and shrunk for small n.
 */
export { type Direction, directionalAttainment, isBelowTarget } from './attainment.ts';
export {
  type FairScore,
  type FairScoreMetric,
  type FairScoreSet,
  fairScores,
  type PortfolioAccount,
} from './fair-scores.ts';
export {
  type Aggregation,
  type AnnualTarget,
  type CalendarMonth,
  type MonthlyActual,
  monthStart,
  type PeriodActual,
  type PeriodRange,
  periodActualFor,
  periodMonths,
  periodTargetFor,
  satisfactionWindow,
} from './period-figures.ts';
export { portfolioAccounts } from './portfolio-accounts.ts';
export {
  assembleScorecard,
  type ScorecardKpiInput,
  type ScorecardKpiLine,
  type ScorecardResult,
  type ScorecardSettings,
} from './scorecard.ts';
