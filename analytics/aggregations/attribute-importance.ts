import { type IpaCrosshair, type IpaPlacement, ipaQuadrants } from '#analytics/metrics/index.ts';
import type { Executor } from '#db/client.ts';
import { toCell } from './cells.ts';
import { normaliseFilter } from './filters.ts';
import { type ProfileMoments, profileMoments, sumMoments } from './profile-moments.ts';
import {
  attributesIn,
  completeCaseSums,
  cronbachAlphaOf,
  relativeWeightsOf,
  variableMoments,
} from './profile-statistics.ts';
import { scoreStatistics } from './score-statistics.ts';
import { loadThresholds } from './settings.ts';
import type { AnalyticsFilter, Cell, CsiWeighting, StatisticsSource, Thresholds } from './types.ts';

export interface AttributeImportanceQuery {
  filter?: AnalyticsFilter;
  thresholds?: Thresholds;
  source?: StatisticsSource;
}

export interface AttributeImportanceRow {
  key: string;
  /** Mean satisfaction with the attribute (relationship-level items). */
  performance: Cell;
  /** Mean stated importance. */
  statedImportance: Cell;
  /** Relative weight on overall satisfaction, percent of R²; null when not estimable or suppressed. */
  derivedImportance: number | null;
}

export interface AttributeImportance {
  attributes: AttributeImportanceRow[];
  rSquared: number | null;
  cronbachAlpha: number | null;
  /** Respondents with at least one relationship-level attribute answer. */
  n: number;
  /** Respondents who rated every attribute and overall satisfaction: the base of the weights. */
  completeCases: number;
  quadrants: { stated: IpaPlacement[]; derived: IpaPlacement[] };
  /** Mean importance and performance of the attributes placed (the IPA crosshair). */
  crosshair: { stated: IpaCrosshair | null; derived: IpaCrosshair | null };
  /** The weighting aggregateMetric uses for CSI by default, to say so next to the chart. */
  csiWeights: CsiWeighting;
}

/**
 * Importance–performance analysis and key drivers of overall satisfaction over the filtered
 * responses, pooled across the waves in the filter. Performance, derived importance and alpha use
 * relationship-level attribute items only (product-matrix ratings are not the attribute scale);
 * figures whose base is below the suppression threshold are left out.
 */
export async function attributeImportance(
  db: Executor,
  query: AttributeImportanceQuery = {},
): Promise<AttributeImportance> {
  const filter = normaliseFilter(query.filter);
  const source = query.source ?? 'auto';
  const [profiles, importance, thresholds] = await Promise.all([
    profileMoments(db, { by: [], filter, source }),
    scoreStatistics(db, { metrics: ['importance'], by: ['attribute'], filter, source }),
    query.thresholds ?? loadThresholds(db),
  ]);
  const pooled = poolWaves(profiles.map((entry) => entry.moments));
  const inFilter = (attribute: string) => !filter.attributes || filter.attributes.includes(attribute);
  const rated = attributesIn(pooled).filter(inFilter);
  const keys = [
    ...new Set([...rated, ...importance.flatMap(({ keys }) => (keys.attribute ? [keys.attribute] : []))]),
  ].sort();

  const weights = relativeWeightsOf(pooled, rated);
  const weightsShown = weights !== null && weights.cases >= thresholds.suppressBelow;
  const alphaCases = completeCaseSums(pooled, rated).n;

  const attributes = keys.map((key): AttributeImportanceRow => {
    const stated = importance.find((cell) => cell.keys.attribute === key)?.statistics;
    const j = rated.indexOf(key);
    return {
      key,
      performance: toCell(
        { keys: { attribute: key }, statistics: { kind: 'mean', moments: variableMoments(pooled, key) } },
        thresholds,
      ),
      statedImportance: toCell(
        {
          keys: { attribute: key },
          statistics: {
            kind: 'mean',
            moments: {
              n: stated?.answers ?? 0,
              sum: stated?.sum ?? 0,
              sumOfSquares: stated?.sumOfSquares ?? 0,
            },
          },
        },
        thresholds,
      ),
      derivedImportance: weightsShown && j >= 0 ? weights.percent[j] : null,
    };
  });

  const stated = placements(
    attributes.map((row) => ({
      key: row.key,
      importance: row.statedImportance.value,
      performance: row.performance.value,
    })),
  );
  const derived = placements(
    attributes.map((row) => ({
      key: row.key,
      importance: row.derivedImportance,
      performance: row.performance.value,
    })),
  );
  return {
    attributes,
    rSquared: weightsShown ? weights.rSquared : null,
    cronbachAlpha: alphaCases >= thresholds.suppressBelow ? cronbachAlphaOf(pooled, rated) : null,
    n: pooled.reduce(
      (sum, profile) =>
        sum + (profile.pattern.some((variable) => rated.includes(variable)) ? profile.respondents : 0),
      0,
    ),
    completeCases: weights?.cases ?? 0,
    quadrants: { stated: stated.quadrants, derived: derived.quadrants },
    crosshair: { stated: stated.crosshair, derived: derived.crosshair },
    csiWeights: 'stated',
  };
}

/** The same answer pattern from several waves is one pattern for a pooled analysis. */
function poolWaves(profiles: readonly ProfileMoments[]): ProfileMoments[] {
  const byPattern = new Map<string, ProfileMoments[]>();
  for (const profile of profiles) {
    const id = JSON.stringify(profile.pattern);
    const group = byPattern.get(id);
    if (group) group.push(profile);
    else byPattern.set(id, [profile]);
  }
  return [...byPattern.values()].map(sumMoments);
}

/** Quadrants around the default crosshair (mean importance and performance of the placed attributes). */
function placements(points: Array<{ key: string; importance: number | null; performance: number | null }>) {
  const placed = points.filter((point) => point.importance !== null && point.performance !== null);
  if (placed.length === 0) return { quadrants: [], crosshair: null };
  const mean = (values: number[]) => values.reduce((sum, value) => sum + value, 0) / values.length;
  const crosshair = {
    importance: mean(placed.map((point) => point.importance!)),
    performance: mean(placed.map((point) => point.performance!)),
  };
  return { quadrants: ipaQuadrants(placed, crosshair) ?? [], crosshair };
}
