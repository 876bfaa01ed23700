import type { Executor } from '#db/client.ts';
import type { ScoreMetric } from '#db/schema/domain.ts';
import { compareKeys, type KeyedStatistics, toCell } from './cells.ts';
import { csiWeightsByWave } from './csi-weights.ts';
import { assertDimensions } from './dimensions.ts';
import { normaliseFilter } from './filters.ts';
import { profileMoments } from './profile-moments.ts';
import { csiMoments } from './profile-statistics.ts';
import { loadWaveScales } from './scales.ts';
import { scoreStatistics } from './score-statistics.ts';
import { loadThresholds } from './settings.ts';
import type {
  AnalyticsFilter,
  Cell,
  CellKeys,
  CsiWeighting,
  Dimension,
  MetricKey,
  StatisticsSource,
  Thresholds,
} from './types.ts';

export interface MetricQuery {
  metric: MetricKey;
  /** Zero, one or two dimensions. */
  by: Dimension[];
  filter?: AnalyticsFilter;
  /** Settings 'suppression_threshold' and 'low_base_threshold' when not given. */
  thresholds?: Thresholds;
  /** CSI weights; stated importance unless said otherwise. */
  csiWeights?: CsiWeighting;
  /** 'facts' bypasses the rollups (tests prove both give the same figures). */
  source?: StatisticsSource;
}

/** The score facts behind each metric that is not CSI; CSAT counts both kinds of item (see MetricKey). */
const factMetrics: Record<Exclude<MetricKey, 'csi'>, ScoreMetric[]> = {
  nps: ['nps'],
  csat: ['overall', 'csat'],
  ces: ['ces'],
  overall: ['overall'],
  attribute: ['attribute'],
  importance: ['importance'],
};

/** Any metric by up to two dimensions: one cell per combination of keys that has answers. */
export async function aggregateMetric(db: Executor, query: MetricQuery): Promise<Cell[]> {
  const [statistics, thresholds] = await Promise.all([
    metricStatistics(db, query),
    query.thresholds ?? loadThresholds(db),
  ]);
  return statistics.map((cell) => toCell(cell, thresholds));
}

/** The statistics behind aggregateMetric's cells, for significance tests between cells. */
export async function metricStatistics(db: Executor, query: MetricQuery): Promise<KeyedStatistics[]> {
  assertDimensions(query.by);
  const filter = normaliseFilter(query.filter);
  const source = query.source ?? 'auto';
  const cells =
    query.metric === 'csi'
      ? await csiStatistics(db, { by: query.by, filter, source, weighting: query.csiWeights ?? 'stated' })
      : await scoreMetricStatistics(db, { metric: query.metric, by: query.by, filter, source });
  return cells.sort(compareKeys(query.by));
}

async function scoreMetricStatistics(
  db: Executor,
  query: {
    metric: Exclude<MetricKey, 'csi'>;
    by: Dimension[];
    filter: AnalyticsFilter;
    source: StatisticsSource;
  },
): Promise<KeyedStatistics[]> {
  const topBox = query.metric === 'csat';
  const cells = await scoreStatistics(db, {
    metrics: factMetrics[query.metric],
    by: query.by,
    filter: query.filter,
    source: query.source,
    topBox,
  });
  return cells.map(({ keys, statistics }) => {
    if (query.metric === 'nps') return { keys, statistics: { kind: 'nps', counts: statistics } };
    if (topBox)
      return { keys, statistics: { kind: 'proportion', k: statistics.topBox, n: statistics.answers } };
    return {
      keys,
      statistics: {
        kind: 'mean',
        moments: { n: statistics.answers, sum: statistics.sum, sumOfSquares: statistics.sumOfSquares },
      },
    };
  });
}

async function csiStatistics(
  db: Executor,
  query: { by: Dimension[]; filter: AnalyticsFilter; source: StatisticsSource; weighting: CsiWeighting },
): Promise<KeyedStatistics[]> {
  // The scales of every wave the filter allows, fetched alongside rather than after the profiles.
  const [profiles, scales] = await Promise.all([
    profileMoments(db, query),
    loadWaveScales(db, query.filter.waveIds),
  ]);
  const weights = await csiWeightsByWave(db, { weighting: query.weighting, scales, source: query.source });
  const attributeScales = new Map([...scales].map(([waveId, version]) => [waveId, version.byAttribute]));
  const cells = new Map<string, { keys: CellKeys; profiles: typeof profiles }>();
  for (const profile of profiles) {
    const id = JSON.stringify(profile.keys);
    const cell = cells.get(id) ?? { keys: profile.keys, profiles: [] };
    cell.profiles.push(profile);
    cells.set(id, cell);
  }
  return [...cells.values()].flatMap(({ keys, profiles: cellProfiles }) => {
    const moments = csiMoments(cellProfiles, weights, attributeScales, query.filter.attributes);
    // Respondents who answered no weighted attribute have no CSI; a cell of only them has no cell.
    return moments.n > 0 ? [{ keys, statistics: { kind: 'mean' as const, moments } }] : [];
  });
}
