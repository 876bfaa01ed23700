import { meanSummary } from './means.ts';
import { assertScale, isOnScale, mean } from './sample.ts';
import type { Interval, Maybe, Scale } from './types.ts';

/** One respondent's attribute answers, keyed by attribute. */
export type AttributeAnswers = Readonly<Record<string, Maybe<number>>>;

/** Attribute weights keyed by attribute; an attribute without a positive weight is not in the index. */
export type AttributeWeights = Readonly<Record<string, number>>;

export interface CsiResult {
  n: number;
  score: number;
  ci95: Interval | null;
}

/** Customer Satisfaction Index 0–100: mean of the respondents' weighted, rescaled attribute scores. */
export function csi(
  rows: readonly AttributeAnswers[],
  weights: AttributeWeights,
  scale: Scale,
): CsiResult | null {
  const scores = rows.map((answers) => respondentCsi(answers, weights, scale));
  const summary = meanSummary(scores);
  if (!summary) return null;
  return { n: summary.n, score: summary.mean, ci95: summary.ci95 };
}

/**
 * CSI of one respondent over the weighted attributes they answered, so a skipped attribute
 * re-weights the rest instead of counting as zero; null when none was answered.
 */
export function respondentCsi(
  answers: AttributeAnswers,
  weights: AttributeWeights,
  scale: Scale,
): number | null {
  assertScale(scale);
  let weightedSum = 0;
  let totalWeight = 0;
  for (const [attribute, weight] of Object.entries(weights)) {
    const answer = answers[attribute];
    if (!(weight > 0) || !isOnScale(answer, scale)) continue;
    weightedSum += (weight * (answer - scale.min)) / (scale.max - scale.min);
    totalWeight += weight;
  }
  return totalWeight > 0 ? (100 * weightedSum) / totalWeight : null;
}

/** Stated importance: mean importance answer per attribute over the wave. */
export function statedImportanceWeights(rows: readonly AttributeAnswers[], scale: Scale): AttributeWeights {
  assertScale(scale);
  const answersByAttribute = new Map<string, number[]>();
  for (const row of rows) {
    for (const [attribute, answer] of Object.entries(row)) {
      if (!isOnScale(answer, scale)) continue;
      const answers = answersByAttribute.get(attribute) ?? [];
      answers.push(answer);
      answersByAttribute.set(attribute, answers);
    }
  }
  return Object.fromEntries(
    [...answersByAttribute].map(([attribute, answers]) => [attribute, mean(answers)]),
  );
}

export function equalWeights(attributes: readonly string[]): AttributeWeights {
  return Object.fromEntries(attributes.map((attribute) => [attribute, 1]));
}
