import {
  type ElementJson,
  isPlainObject,
  questionsOf,
  ratingColumns,
  ratingScale,
  type Scale,
  type SurveyDefinition,
} from './definition.ts';

// The same vocabulary as db/schema/domain.ts, repeated because surveys/ must not depend on db/.
export const scoreMetrics = ['nps', 'csat', 'ces', 'overall', 'attribute', 'importance'] as const;
export type ScoreMetric = (typeof scoreMetrics)[number];

export const alertReasonKinds = ['detractor', 'low_score', 'contact_request'] as const;
export type AlertReason = (typeof alertReasonKinds)[number];

export interface ScoredItem {
  question: string;
  metric: ScoreMetric;
  attribute: string | null;
  productCode: string | null;
  scale: Scale;
  /** A matrixdropdown whose rows are product codes and whose columns are attribute keys. */
  rowsAreProducts: boolean;
  columns?: string[];
}

export interface ScoreFactInput {
  question: string;
  metric: ScoreMetric;
  attribute: string | null;
  productCode: string | null;
  value: number;
}

/** LTR 0–6 on the 0–10 scale (METHODOLOGY §2). */
const DETRACTOR_MAX = 6;

/** The question that asks whether the client wants to be contacted about the answers. */
const CONTACT_REQUEST = 'contact_request';

const maps = new WeakMap<SurveyDefinition, ScoredItem[]>();

/** What each scored question measures, read from its scoring annotations; cached per definition object. */
export function scoringMap(definition: SurveyDefinition): ScoredItem[] {
  let items = maps.get(definition);
  if (!items) {
    items = questionsOf(definition).flatMap(({ question }) =>
      question.scoreMetric === undefined ? [] : [scoredItem(question)],
    );
    maps.set(definition, items);
  }
  return items;
}

function scoredItem(question: ElementJson): ScoredItem {
  const metric = question.scoreMetric as ScoreMetric;
  if (!scoreMetrics.includes(metric)) throw new Error(`${question.name}: unknown scoreMetric ${metric}`);
  const attribute = optionalString(question, 'scoreAttribute');
  const productCode = optionalString(question, 'scoreProduct');

  if (question.scoreRowsAreProducts === true) {
    if (question.type !== 'matrixdropdown') {
      throw new Error(`${question.name}: scoreRowsAreProducts needs a matrixdropdown`);
    }
    if (productCode !== null)
      throw new Error(`${question.name}: a product matrix takes products from its rows`);
    const columns = ratingColumns(question);
    const scale = columns[0]?.scale;
    if (
      !scale ||
      columns.some((column) => column.scale.min !== scale.min || column.scale.max !== scale.max)
    ) {
      throw new Error(`${question.name}: product matrix columns need one common rating scale`);
    }
    return {
      question: question.name,
      metric,
      attribute,
      productCode: null,
      scale,
      rowsAreProducts: true,
      columns: columns.map((column) => column.name),
    };
  }

  if (question.type !== 'rating')
    throw new Error(`${question.name}: only ratings and product matrices are scored`);
  // score_facts refuses attribute and importance facts without an attribute key.
  if ((metric === 'attribute' || metric === 'importance') && attribute === null) {
    throw new Error(`${question.name}: ${metric} needs a scoreAttribute`);
  }
  return {
    question: question.name,
    metric,
    attribute,
    productCode,
    scale: ratingScale(question, question.name),
    rowsAreProducts: false,
  };
}

function optionalString(question: ElementJson, property: string): string | null {
  const value = question[property];
  if (value === undefined) return null;
  if (typeof value !== 'string' || value === '')
    throw new Error(`${question.name}: ${property} must be a string`);
  return value;
}

/**
 * One fact per scored answer that is a number within its scale. A product matrix gives one fact per
 * answered cell: the column is the attribute, the row the product. Rows are read from the answers,
 * not the definition, because the runner replaces the template's rows with the client's products.
 */
export function extractScoreFacts(
  definition: SurveyDefinition,
  answers: Record<string, unknown>,
): ScoreFactInput[] {
  return scoredAnswers(definition, answers).map(({ fact }) => fact);
}

function scoredAnswers(
  definition: SurveyDefinition,
  answers: Record<string, unknown>,
): Array<{ item: ScoredItem; fact: ScoreFactInput }> {
  const found: Array<{ item: ScoredItem; fact: ScoreFactInput }> = [];
  for (const item of scoringMap(definition)) {
    const answer = answers[item.question];
    const { question, metric } = item;
    if (!item.rowsAreProducts) {
      if (inScale(answer, item.scale)) {
        found.push({
          item,
          fact: { question, metric, attribute: item.attribute, productCode: item.productCode, value: answer },
        });
      }
      continue;
    }
    if (!isPlainObject(answer)) continue;
    for (const [productCode, row] of Object.entries(answer)) {
      if (!isPlainObject(row)) continue;
      for (const attribute of item.columns ?? []) {
        const value = row[attribute];
        if (inScale(value, item.scale))
          found.push({ item, fact: { question, metric, attribute, productCode, value } });
      }
    }
  }
  return found;
}

function inScale(value: unknown, scale: Scale): value is number {
  return typeof value === 'number' && Number.isFinite(value) && value >= scale.min && value <= scale.max;
}

/**
 * Why a response needs a follow-up by the personal manager: an NPS detractor, an attribute rated in
 * the bottom two boxes of its scale (1–2 on 1–5), or a request to be contacted.
 */
export function alertReasons(definition: SurveyDefinition, answers: Record<string, unknown>): AlertReason[] {
  const reasons = new Set<AlertReason>();
  for (const { item, fact } of scoredAnswers(definition, answers)) {
    if (fact.metric === 'nps' && fact.value <= DETRACTOR_MAX) reasons.add('detractor');
    if (fact.metric === 'attribute' && fact.value <= item.scale.min + 1) reasons.add('low_score');
  }
  const asksForContact = questionsOf(definition).some(
    ({ question }) => question.name === CONTACT_REQUEST && question.type === 'boolean',
  );
  if (asksForContact && answers[CONTACT_REQUEST] === true) reasons.add('contact_request');
  return alertReasonKinds.filter((reason) => reasons.has(reason));
}
