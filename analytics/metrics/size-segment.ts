import { isPresent } from './sample.ts';
import type { Maybe } from './types.ts';

export type SizeSegment = 'micro' | 'small' | 'medium' | 'large';

/** Inclusive upper bounds of micro, small and medium; anything above medium is large. */
export interface SizeBounds {
  micro: number;
  small: number;
  medium: number;
}

export interface SizeThresholds {
  revenueRub: SizeBounds;
  headcount: SizeBounds;
}

export interface Company {
  /** Annual revenue, RUB. */
  revenueRub: Maybe<number>;
  /** Average headcount. */
  headcount: Maybe<number>;
}

export interface SizeSegmentOptions {
  /** The banking view folds micro into small ("small business"). */
  view?: 'standard' | 'banking';
}

/** 209-FZ art. 4 with Government Decree 265 (2016); a versioned setting may replace them. */
export const DEFAULT_SIZE_THRESHOLDS: SizeThresholds = {
  revenueRub: { micro: 120_000_000, small: 800_000_000, medium: 2_000_000_000 },
  headcount: { micro: 15, small: 100, medium: 250 },
};

const SIZE_ORDER: readonly SizeSegment[] = ['micro', 'small', 'medium', 'large'];

/**
 * Size of a company: the larger of its revenue class and headcount class, so a company is small
 * only if it is small by both. With one criterion missing the size is known only if that one
 * already says large; otherwise null.
 */
export function sizeSegment(
  company: Company,
  thresholds: SizeThresholds = DEFAULT_SIZE_THRESHOLDS,
  { view = 'standard' }: SizeSegmentOptions = {},
): SizeSegment | null {
  const byRevenue = criterionClass(company.revenueRub, thresholds.revenueRub);
  const byHeadcount = criterionClass(company.headcount, thresholds.headcount);
  const size = largerClass(byRevenue, byHeadcount);
  if (size === 'micro' && view === 'banking') return 'small';
  return size;
}

function criterionClass(value: Maybe<number>, bounds: SizeBounds): SizeSegment | null {
  if (!isPresent(value) || value < 0) return null;
  if (value <= bounds.micro) return 'micro';
  if (value <= bounds.small) return 'small';
  if (value <= bounds.medium) return 'medium';
  return 'large';
}

function largerClass(a: SizeSegment | null, b: SizeSegment | null): SizeSegment | null {
  if (a === null || b === null) return a === 'large' || b === 'large' ? 'large' : null;
  return SIZE_ORDER[Math.max(SIZE_ORDER.indexOf(a), SIZE_ORDER.indexOf(b))];
}
