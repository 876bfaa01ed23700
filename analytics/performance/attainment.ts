import { attainment, DEFAULT_ATTAINMENT_CAP } from '../metrics/index.ts';

export type Direction = 'higher_is_better' | 'lower_is_better';

/**
 * Attainment a_k of METHODOLOGY §7, turned round for a KPI where less is better (cost, overdue
 * share): target/actual, so beating a target by a fifth scores 1.2 either way; capped likewise.
 * An actual of zero on a lower-is-better KPI is the best possible result and scores the cap.
 */
export function directionalAttainment(
  direction: Direction,
  actual: number | null,
  target: number | null,
  cap: number = DEFAULT_ATTAINMENT_CAP,
): number | null {
  if (direction === 'higher_is_better') return attainment(actual, target, cap);
  if (actual === null || target === null || !Number.isFinite(actual) || !(target > 0)) return null;
  if (actual <= 0) return cap;
  return Math.min(cap, target / actual);
}

/** Whether the figure missed its target, in the KPI's direction (meeting it exactly is not a miss). */
export function isBelowTarget(direction: Direction, actual: number | null, target: number | null): boolean {
  if (actual === null || target === null) return false;
  return direction === 'higher_is_better' ? actual < target : actual > target;
}
