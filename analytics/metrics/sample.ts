import type { Interval, Maybe, Scale } from './types.ts';

export function isPresent(value: Maybe<number>): value is number {
  return typeof value === 'number' && Number.isFinite(value);
}

/** The answers that count towards n: missing and non-finite values are skipped. */
export function presentValues(values: readonly Maybe<number>[]): number[] {
  return values.filter(isPresent);
}

export function isOnScale(value: Maybe<number>, scale: Scale): value is number {
  return isPresent(value) && value >= scale.min && value <= scale.max;
}

export function assertScale(scale: Scale): void {
  if (!(Number.isFinite(scale.min) && Number.isFinite(scale.max) && scale.min < scale.max)) {
    throw new RangeError(`Invalid scale ${scale.min}..${scale.max}`);
  }
}

export function sum(values: readonly number[]): number {
  return values.reduce((total, value) => total + value, 0);
}

/** Callers guarantee at least one value. */
export function mean(values: readonly number[]): number {
  return sum(values) / values.length;
}

/** Sample variance (n − 1); callers guarantee at least two values. Two-pass for accuracy. */
export function sampleVariance(values: readonly number[]): number {
  const centre = mean(values);
  return sum(values.map((value) => (value - centre) ** 2)) / (values.length - 1);
}

export function clampInterval([low, high]: Interval, min: number, max: number): Interval {
  return [Math.max(min, low), Math.min(max, high)];
}
