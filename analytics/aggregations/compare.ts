import {
  benjaminiHochberg,
  meanSummaryFromMoments,
  npsDifference,
  npsFromCounts,
  twoProportionZTest,
  welchTTestFromSummaries,
} from '#analytics/metrics/index.ts';
import type { Executor } from '#db/client.ts';
import { compareKeys, type MetricStatistics, toCell } from './cells.ts';
import { metricStatistics } from './aggregate-metric.ts';
import { loadThresholds } from './settings.ts';
import type {
  AnalyticsFilter,
  Cell,
  CellKeys,
  CsiWeighting,
  Dimension,
  MetricKey,
  Thresholds,
} from './types.ts';

export interface WaveComparisonQuery {
  metric: MetricKey;
  /** Dimensions other than 'wave'. */
  by: Dimension[];
  waveId: string;
  previousWaveId: string;
  filter?: AnalyticsFilter;
  thresholds?: Thresholds;
  csiWeights?: CsiWeighting;
}

export interface WaveComparison {
  keys: CellKeys;
  current: Cell;
  previous: Cell;
  /** current − previous; null when either cell is suppressed or empty. */
  diff: number | null;
  /** Two-sided p of the difference: NPS z-test, two-proportion z-test (CSAT) or Welch t (means). */
  p: number | null;
  /** Significant at q = 0.05 after Benjamini–Hochberg over all rows of the comparison. */
  significant: boolean;
}

/** Each cell of a wave against the same cell of an earlier wave, marked only when significant. */
export async function compareToPrevious(db: Executor, query: WaveComparisonQuery): Promise<WaveComparison[]> {
  if (query.by.includes('wave')) throw new RangeError('A wave comparison is already by wave');
  const inWave = (waveId: string) =>
    metricStatistics(db, {
      metric: query.metric,
      by: query.by,
      filter: { ...query.filter, waveIds: [waveId] },
      csiWeights: query.csiWeights,
    });
  const [current, previous, thresholds] = await Promise.all([
    inWave(query.waveId),
    inWave(query.previousWaveId),
    query.thresholds ?? loadThresholds(db),
  ]);
  const previousByKeys = new Map(previous.map((cell) => [JSON.stringify(cell.keys), cell]));
  const currentKeys = new Set(current.map((cell) => JSON.stringify(cell.keys)));
  const emptyStatistics = emptyOf(query.metric);
  const pairs = [
    ...current.map((cell) => ({ keys: cell.keys, current: cell.statistics })),
    ...previous
      .filter((cell) => !currentKeys.has(JSON.stringify(cell.keys)))
      .map((cell) => ({ keys: cell.keys, current: emptyStatistics })),
  ]
    .map((pair) => ({
      ...pair,
      previous: previousByKeys.get(JSON.stringify(pair.keys))?.statistics ?? emptyStatistics,
    }))
    .sort(compareKeys(query.by));

  const rows = pairs.map(({ keys, current: now, previous: before }) => {
    const currentCell = toCell({ keys, statistics: now }, thresholds);
    const previousCell = toCell({ keys, statistics: before }, thresholds);
    const comparable =
      currentCell.value !== null &&
      previousCell.value !== null &&
      !currentCell.suppressed &&
      !previousCell.suppressed;
    return {
      keys,
      current: currentCell,
      previous: previousCell,
      diff: comparable ? currentCell.value! - previousCell.value! : null,
      p: comparable ? pValue(now, before) : null,
    };
  });
  const significant = benjaminiHochberg(rows.map((row) => row.p)) ?? rows.map(() => false);
  return rows.map((row, i) => ({ ...row, significant: significant[i] }));
}

function emptyOf(metric: MetricKey): MetricStatistics {
  if (metric === 'nps') return { kind: 'nps', counts: { promoters: 0, passives: 0, detractors: 0 } };
  if (metric === 'csat') return { kind: 'proportion', k: 0, n: 0 };
  return { kind: 'mean', moments: { n: 0, sum: 0, sumOfSquares: 0 } };
}

function pValue(current: MetricStatistics, previous: MetricStatistics): number | null {
  if (current.kind === 'nps' && previous.kind === 'nps') {
    return npsDifference(npsFromCounts(current.counts), npsFromCounts(previous.counts))?.p ?? null;
  }
  if (current.kind === 'proportion' && previous.kind === 'proportion') {
    return twoProportionZTest(current.k, current.n, previous.k, previous.n)?.p ?? null;
  }
  if (current.kind === 'mean' && previous.kind === 'mean') {
    const summary = (statistics: typeof current) => {
      const result = meanSummaryFromMoments(statistics.moments);
      return result && result.sd !== null
        ? { n: result.n, mean: result.mean, variance: result.sd ** 2 }
        : null;
    };
    const a = summary(current);
    const b = summary(previous);
    return a && b ? (welchTTestFromSummaries(a, b)?.p ?? null) : null;
  }
  return null;
}
