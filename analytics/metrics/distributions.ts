import normalCdf from '@stdlib/stats-base-dists-normal-cdf';
import studentTCdf from '@stdlib/stats-base-dists-t-cdf';
import studentTQuantileOf from '@stdlib/stats-base-dists-t-quantile';

/** The 97.5% standard normal quantile, fixed by METHODOLOGY so SQL and TypeScript agree. */
export const Z95 = 1.959964;

export function standardNormalCdf(x: number): number {
  return normalCdf(x, 0, 1);
}

export function twoSidedNormalP(z: number): number {
  return 2 * standardNormalCdf(-Math.abs(z));
}

export function twoSidedStudentP(t: number, df: number): number {
  return 2 * studentTCdf(-Math.abs(t), df);
}

export function studentTQuantile(p: number, df: number): number {
  return studentTQuantileOf(p, df);
}
