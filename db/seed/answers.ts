import { questionsOf, type SurveyDefinition } from '../../surveys/definition.ts';
import { type ScoredItem, scoringMap } from '../../surveys/scoring.ts';
import type { Locale } from '../schema/domain.ts';
import { commentFor, type Sentiment } from './comments.ts';
import type { Random } from './random.ts';
import { type AttributeKey, attributeKeys, type Opinion, onScale } from './satisfaction.ts';

type Answers = Record<string, unknown>;

/**
 * Answers to the survey's scored questions, found by walking its scoring map, so they use the
 * real question names, scales and product rows. A partial response stops after a few questions.
 */
export function answerSurvey(
  random: Random,
  definition: SurveyDefinition,
  opinion: Opinion,
  options: { productCodes: readonly string[]; language: Locale; partial: boolean },
): Answers {
  const items = scoringMap(definition);
  const answered = options.partial ? items.slice(0, random.int(1, 4)) : items;
  const answers: Answers = {};
  for (const item of answered) {
    if (item.rowsAreProducts) {
      answers[item.question] = productMatrixAnswer(item, opinion, options.productCodes);
    } else {
      answers[item.question] = itemValue(item, opinion);
    }
  }
  if (!options.partial) {
    const numberFor = (metric: ScoredItem['metric']) => {
      const item = items.find((candidate) => candidate.metric === metric && !candidate.rowsAreProducts);
      const value = item && answers[item.question];
      return typeof value === 'number' ? value : null;
    };
    addFreeText(random, answers, opinion, {
      ltr: numberFor('nps'),
      overall: numberFor('overall'),
      language: options.language,
    });
  }
  return answers;
}

function productMatrixAnswer(item: ScoredItem, opinion: Opinion, productCodes: readonly string[]) {
  const rows: Record<string, Record<string, number>> = {};
  for (const code of productCodes) {
    rows[code] = Object.fromEntries(
      (item.columns ?? []).map((column) => [
        column,
        onScale(opinion.products[code], item.scale, 'satisfaction'),
      ]),
    );
  }
  return rows;
}

function itemValue(item: ScoredItem, opinion: Opinion): number {
  const attribute = item.attribute as AttributeKey | null;
  const known = attribute !== null && attributeKeys.includes(attribute);
  switch (item.metric) {
    case 'nps':
      return onScale(opinion.recommend, item.scale, 'recommend');
    case 'importance':
      return known ? opinion.importance[attribute] : Math.round((item.scale.min + item.scale.max) / 2);
    case 'attribute':
      return onScale(known ? opinion.attributes[attribute] : opinion.general, item.scale, 'satisfaction');
    default:
      return onScale(opinion.overall, item.scale, 'satisfaction');
  }
}

// Question names of the banking survey's free-text and contact questions.
const IMPROVE_FIRST = 'improve_first';
const COMMENTS = 'comments';
const CONTACT_REQUEST = 'contact_request';

/**
 * Comments for about a third of respondents (unhappy ones write more), about what they liked
 * least or most; a request to be contacted from some detractors.
 */
function addFreeText(
  random: Random,
  answers: Answers,
  opinion: Opinion,
  { ltr, overall, language }: { ltr: number | null; overall: number | null; language: Locale },
) {
  const sentiment: Sentiment =
    ltr === null ? 'neutral' : ltr <= 6 ? 'negative' : ltr >= 9 ? 'positive' : 'neutral';
  const commentShare = { negative: 0.5, neutral: 0.25, positive: 0.22 }[sentiment];
  const ranked = [...attributeKeys].sort((a, b) => opinion.attributes[a] - opinion.attributes[b]);
  const weakest = ranked[0];
  const strongest = ranked[ranked.length - 1];
  const weakProduct = Object.entries(opinion.products).sort(([, a], [, b]) => a - b)[0]?.[0];

  if (random.chance(commentShare)) {
    const topic =
      sentiment === 'positive' ? strongest : random.chance(0.25) && weakProduct ? weakProduct : weakest;
    // The "what to improve first" box shows only to those rating overall 3 or below.
    const key = overall !== null && overall <= 3 && sentiment !== 'positive' ? IMPROVE_FIRST : COMMENTS;
    answers[key] = commentFor(random, { topic, sentiment, language });
  }

  const contactShare = { negative: 0.35, neutral: 0.05, positive: 0.01 }[sentiment];
  if (random.chance(contactShare)) answers[CONTACT_REQUEST] = true;
  else if (random.chance(0.6)) answers[CONTACT_REQUEST] = false;
}

/** The page a respondent who stopped part-way was on, so resuming opens there. */
export function pageReached(definition: SurveyDefinition, answers: Answers): number {
  let reached = 0;
  definition.pages.forEach((page, index) => {
    const names = questionsOf({ pages: [page] }).map(({ question }) => question.name);
    if (names.some((name) => name in answers)) reached = index;
  });
  return reached;
}
