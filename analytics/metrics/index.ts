/**
 * Barometer's metrics as defined in shared/METHODOLOGY.md, pure functions with no I/O. Conventions:
 * missing answers (null, undefined, NaN) are skipped and n counts the rest; a function with no
 * valid input returns null, never NaN; an invalid setting (scale, profile, weights) throws.
 */
export {
  type AaporDisposition,
  type AaporDispositions,
  type AaporRateName,
  type AaporRates,
  aaporDisposition,
  aaporRates,
  type InvitationOutcome,
} from './aapor.ts';
export {
  type AccountNps,
  type AccountScore,
  type AudienceAccount,
  accountClass,
  accountCsi,
  accountMeanLtr,
  accountNetScore,
  accountNps,
  accountScore,
  type ClassifiedAccount,
  type ContactAnswer,
  type ContactRole,
  contactWeights,
  DEFAULT_ROLE_WEIGHTS,
  type HoldingCompany,
  holdingScore,
  kishEffectiveN,
  meanLtrClass,
  type RevenueCoverage,
  type RevenueWeightedAccount,
  type RevenueWeightedNps,
  type RoleWeights,
  revenueAtRisk,
  revenueCoverage,
  revenueWeightedNps,
} from './account-rollup.ts';
export {
  type AttributeAnswers,
  type AttributeWeights,
  type CsiResult,
  csi,
  equalWeights,
  respondentCsi,
  statedImportanceWeights,
} from './csi.ts';
export {
  standardNormalCdf,
  studentTQuantile,
  twoSidedNormalP,
  twoSidedStudentP,
  Z95,
} from './distributions.ts';
export {
  type IpaAttribute,
  type IpaCrosshair,
  type IpaPlacement,
  type IpaQuadrant,
  ipaQuadrants,
} from './ipa.ts';
export {
  attainment,
  type CaseMixAdjustment,
  type CaseMixOptions,
  caseMixAdjustment,
  DEFAULT_ATTAINMENT_CAP,
  DEFAULT_MIN_CELL_SIZE,
  DEFAULT_SATISFACTION_WEIGHT,
  type ExcludedComponent,
  FLAT_SEASONAL_PROFILE,
  MIN_SATISFACTION_EFFECTIVE_N,
  type ManagerAccount,
  type ManagerCaseMix,
  type ManagerEstimate,
  type ManagerScore,
  type ManagerScores,
  managerScores,
  monthlyTargets,
  periodTarget,
  pooledWithinVariance,
  type Scorecard,
  type ScorecardComponent,
  type ScorecardLine,
  type ScorecardOptions,
  type Shrinkage,
  type ShrinkageInput,
  type ShrunkManagerScore,
  scorecard,
  shrinkManagerScores,
} from './manager-adjustment.ts';
export {
  type MeanSummary,
  meanSummary,
  meanSummaryFromMoments,
  type SampleMoments,
  type SampleSummary,
  type TTestResult,
  welchTTest,
  welchTTestFromSummaries,
} from './means.ts';
export { benjaminiHochberg } from './multiple-testing.ts';
export {
  isValidLtr,
  type LtrClass,
  ltrClass,
  type NpsCounts,
  type NpsDifference,
  type NpsResult,
  nps,
  npsDifference,
  npsFromCounts,
} from './nps.ts';
export {
  INDUSTRY_SECTIONS,
  type IndustrySection,
  type IndustrySectionInfo,
  industrySection,
  isValidOkved2,
} from './okved2.ts';
export {
  type ProportionResult,
  proportion,
  type TopBoxOptions,
  topBox,
  twoProportionZTest,
  type ZTestResult,
} from './proportions.ts';
export {
  type RelativeWeights,
  relativeWeights,
  relativeWeightsFromCorrelations,
} from './relative-weights.ts';
export { cronbachAlpha, cronbachAlphaFromCovariance } from './reliability.ts';
export {
  type Company,
  DEFAULT_SIZE_THRESHOLDS,
  type SizeBounds,
  type SizeSegment,
  type SizeSegmentOptions,
  type SizeThresholds,
  sizeSegment,
} from './size-segment.ts';
export { type BaseStatus, type BaseThresholds, baseStatus, DEFAULT_BASE_THRESHOLDS } from './suppression.ts';
export type { Interval, Maybe, Scale } from './types.ts';
