import { isPresent, sampleVariance, sum } from './sample.ts';
import type { Maybe } from './types.ts';

/**
 * Cronbach's alpha of items (respondents × items) on complete cases, with sample variances.
 * Null with fewer than two items or respondents, or when total scores have no spread.
 */
export function cronbachAlpha(items: readonly (readonly Maybe<number>[])[]): number | null {
  const itemCount = items[0]?.length ?? 0;
  const respondents = items.filter(
    (answers): answers is number[] => answers.length === itemCount && answers.every(isPresent),
  );
  if (itemCount < 2 || respondents.length < 2) return null;
  const itemVariances = Array.from({ length: itemCount }, (_, i) =>
    sampleVariance(respondents.map((answers) => answers[i])),
  );
  return alphaOf(itemVariances, sampleVariance(respondents.map(sum)));
}

/**
 * Cronbach's alpha from the items' sample covariance matrix (complete cases): the total score's
 * variance is the sum of all its entries. For cross-products summed in SQL.
 */
export function cronbachAlphaFromCovariance(covariance: readonly (readonly number[])[]): number | null {
  if (covariance.length < 2) return null;
  return alphaOf(
    covariance.map((row, i) => row[i]),
    sum(covariance.map((row) => sum(row))),
  );
}

function alphaOf(itemVariances: readonly number[], totalVariance: number): number | null {
  if (!(totalVariance > 0)) return null;
  const itemCount = itemVariances.length;
  return (itemCount / (itemCount - 1)) * (1 - sum(itemVariances) / totalVariance);
}
