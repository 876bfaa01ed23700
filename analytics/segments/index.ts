/**
 * Segmentation of the client base: size, industry, territory, age, VIP, group and custom segments
 * as pure rules (age bands, share of business, target-segment ranking, centralisation) and SQL
 * read models over today's client records.
 */
export { type AgeBand, ageBand, ageBands, completedYears } from './age-band.ts';
export { type CentralisationCheck, centralisation, type GroupCompanyService } from './centralisation.ts';
export {
  type AccountClassValue,
  accountClassValues,
  clientRevenueSql,
  definitionConditions,
  type Range,
  type SegmentDefinition,
  shareOfBusinessSql,
} from './definition.ts';
export {
  ageBandSql,
  dimensionKey,
  type ExplorerDimension,
  explorerDimensions,
  overlappingDimensions,
  type SizeView,
  sizeInView,
  sizeKeySql,
} from './dimensions.ts';
export {
  type SegmentBaseFigures,
  type SegmentQuery,
  segmentBaseFigures,
  segmentMembers,
} from './read-model.ts';
export { type ProductVolume, type ShareOfBusiness, shareOfBusiness } from './share-of-business.ts';
export {
  DEFAULT_MIN_WEIGHT,
  rankTargetSegments,
  roomToImprove,
  type TargetBase,
  type TargetSegment,
  type TargetSegmentInput,
  weakestAttributes,
} from './target-segments.ts';
