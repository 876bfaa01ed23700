import {
  baseStatus,
  meanSummaryFromMoments,
  type NpsCounts,
  npsFromCounts,
  proportion,
  type SampleMoments,
} from '#analytics/metrics/index.ts';
import type { Cell, CellKeys, Dimension, Thresholds } from './types.ts';

/** What a cell's figure is computed from: counts for NPS and shares, moments for means. */
export type MetricStatistics =
  | { kind: 'nps'; counts: NpsCounts }
  | { kind: 'proportion'; k: number; n: number }
  | { kind: 'mean'; moments: SampleMoments };

export interface KeyedStatistics {
  keys: CellKeys;
  statistics: MetricStatistics;
}

function sampleSize(statistics: MetricStatistics): number {
  if (statistics.kind === 'nps') {
    const { promoters, passives, detractors } = statistics.counts;
    return promoters + passives + detractors;
  }
  return statistics.kind === 'proportion' ? statistics.n : statistics.moments.n;
}

/** A cell as every screen, export and API shows it: suppressed below the threshold, never a number. */
export function toCell({ keys, statistics }: KeyedStatistics, thresholds: Thresholds): Cell {
  const n = sampleSize(statistics);
  const status = baseStatus(n, thresholds);
  const suppressed = status === 'suppressed';
  const lowBase = status !== 'reportable';
  const empty = { keys, n, value: null, ci95: null, suppressed, lowBase };
  if (statistics.kind === 'nps') {
    const result = suppressed ? null : npsFromCounts(statistics.counts);
    if (!result) return { ...empty, composition: null };
    const percent = (count: number) => (100 * count) / n;
    return {
      ...empty,
      value: result.score,
      ci95: result.ci95,
      composition: {
        promoters: percent(result.promoters),
        passives: percent(result.passives),
        detractors: percent(result.detractors),
      },
    };
  }
  if (suppressed) return empty;
  if (statistics.kind === 'proportion') {
    const result = proportion(statistics.k, statistics.n);
    return result ? { ...empty, value: result.percent, ci95: result.ci95 } : empty;
  }
  const summary = meanSummaryFromMoments(statistics.moments);
  return summary ? { ...empty, value: summary.mean, ci95: summary.ci95 } : empty;
}

/** Cells in a stable order: by each key in turn, missing values (null) last. */
export function compareKeys(by: readonly Dimension[]) {
  return (a: { keys: CellKeys }, b: { keys: CellKeys }) => {
    for (const dimension of by) {
      const x = a.keys[dimension] ?? null;
      const y = b.keys[dimension] ?? null;
      if (x === y) continue;
      if (x === null) return 1;
      if (y === null) return -1;
      return x < y ? -1 : 1;
    }
    return 0;
  };
}
