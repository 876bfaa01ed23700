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
  const totalVariance = sampleVariance(respondents.map(sum));
  if (!(totalVariance > 0)) return null;
  return (itemCount / (itemCount - 1)) * (1 - sum(itemVariances) / totalVariance);
}
