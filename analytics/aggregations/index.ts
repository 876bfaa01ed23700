/**
 * Barometer's analytics engine: METHODOLOGY's metrics aggregated in SQL over score facts and the
 * response snapshot, read from rollup tables where a query allows it (see rollup-plan.ts).
 */
export {
  type Account,
  type AccountGroup,
  type AccountRollup,
  type AccountRollupQuery,
  type AccountSummary,
  accountRollup,
  accountScores,
} from './account-rollup.ts';
export { aggregateMetric, type MetricQuery } from './aggregate-metric.ts';
export {
  type AttributeImportance,
  type AttributeImportanceQuery,
  type AttributeImportanceRow,
  attributeImportance,
} from './attribute-importance.ts';
export { compareToPrevious, type WaveComparison, type WaveComparisonQuery } from './compare.ts';
export { rollupPlan } from './rollup-plan.ts';
export { applyResponsesToRollups, applyResponseToRollups } from './rollup-maintenance.ts';
export {
  type FoldOptions,
  type FoldOutcome,
  type FoldStep,
  foldAllPendingRollups,
  foldPendingRollups,
  foldSteps,
  pendingRollupCount,
  rebuildRollups,
} from './rollup-folder.ts';
export type {
  AnalyticsFilter,
  Cell,
  CellKeys,
  CsiWeighting,
  Dimension,
  MetricKey,
  NpsComposition,
  SegmentDimension,
  StatisticsSource,
  Thresholds,
} from './types.ts';
export { segmentDimensions } from './types.ts';
export { type Verbatim, type VerbatimsQuery, verbatims } from './verbatims.ts';
