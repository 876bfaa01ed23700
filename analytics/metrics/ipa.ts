import { isPresent, mean } from './sample.ts';
import type { Maybe } from './types.ts';

export type IpaQuadrant = 'concentrate' | 'keep' | 'low-priority' | 'overkill';

export interface IpaAttribute {
  key: string;
  importance: Maybe<number>;
  performance: Maybe<number>;
}

export interface IpaCrosshair {
  importance: number;
  performance: number;
}

export interface IpaPlacement {
  key: string;
  quadrant: IpaQuadrant;
}

/**
 * Relative tolerance for "equal to the crosshair": the default crosshair is a computed mean, and
 * rounding must not push an attribute that sits exactly on it into the low half.
 */
const CROSSHAIR_TOLERANCE = 1e-9;

/**
 * Importance–performance quadrants (Martilla & James 1977). Attributes missing either coordinate
 * are left out; the default crosshair is the mean importance and mean performance of the others.
 */
export function ipaQuadrants(
  attributes: readonly IpaAttribute[],
  crosshair?: IpaCrosshair,
): IpaPlacement[] | null {
  const placed = attributes.filter(
    (attribute): attribute is IpaAttribute & IpaCrosshair =>
      isPresent(attribute.importance) && isPresent(attribute.performance),
  );
  if (placed.length === 0) return null;
  const centre = crosshair ?? {
    importance: mean(placed.map((attribute) => attribute.importance)),
    performance: mean(placed.map((attribute) => attribute.performance)),
  };
  return placed.map((attribute) => ({
    key: attribute.key,
    quadrant: quadrant(
      isAtLeast(attribute.importance, centre.importance),
      isAtLeast(attribute.performance, centre.performance),
    ),
  }));
}

function quadrant(highImportance: boolean, highPerformance: boolean): IpaQuadrant {
  if (highImportance) return highPerformance ? 'keep' : 'concentrate';
  return highPerformance ? 'overkill' : 'low-priority';
}

function isAtLeast(value: number, threshold: number): boolean {
  return value >= threshold - CROSSHAIR_TOLERANCE * Math.max(1, Math.abs(threshold));
}
