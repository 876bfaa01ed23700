import { describe, expect, it } from 'vitest';
import type { SurveyDefinition } from './definition.ts';
import { alertReasons, extractScoreFacts, scoringMap } from './scoring.ts';
import { getTemplate, surveyTemplates } from './templates/index.ts';

const industrial = getTemplate('industrial-relationship')!.definition;
const banking = getTemplate('banking-relationship')!.definition;
const transactional = getTemplate('transactional-ces')!.definition;

const keysOf = (definition: SurveyDefinition, metric: string) =>
  scoringMap(definition)
    .filter((item) => item.metric === metric)
    .map((item) => item.attribute);

const surveyOf = (...elements: Array<Record<string, unknown>>): SurveyDefinition => ({
  pages: [{ name: 'page', elements: elements as SurveyDefinition['pages'][number]['elements'] }],
});

describe('scoringMap', () => {
  it.each(surveyTemplates)('gives every scored question of $key a scale', ({ definition }) => {
    const items = scoringMap(definition);
    expect(items.length).toBeGreaterThan(0);
    for (const item of items) expect(item.scale.max).toBeGreaterThan(item.scale.min);
  });

  it('finds NPS, overall, and satisfaction and importance per attribute in the industrial survey', () => {
    const attributes = ['quality', 'delivery', 'price', 'support', 'documents', 'manager'];
    expect(scoringMap(industrial).filter((item) => item.metric === 'nps')).toEqual([
      {
        question: 'ltr',
        metric: 'nps',
        attribute: null,
        productCode: null,
        scale: { min: 0, max: 10 },
        rowsAreProducts: false,
      },
    ]);
    expect(scoringMap(industrial).find((item) => item.metric === 'overall')).toMatchObject({
      question: 'overall',
      scale: { min: 1, max: 5 },
    });
    expect(keysOf(industrial, 'importance')).toEqual(attributes);
    expect(keysOf(industrial, 'attribute')).toEqual([...attributes, null]);
    expect(scoringMap(industrial).find((item) => item.rowsAreProducts)).toEqual({
      question: 'product_sat',
      metric: 'attribute',
      attribute: null,
      productCode: null,
      scale: { min: 1, max: 5 },
      rowsAreProducts: true,
      columns: ['quality', 'delivery', 'price', 'support'],
    });
  });

  it('finds the product matrix, attributes, NPS and overall in the banking survey', () => {
    const attributes = ['tariffs', 'terms_speed', 'manager', 'remote_banking_quality'];
    expect(keysOf(banking, 'attribute')).toEqual([null, ...attributes]);
    expect(keysOf(banking, 'importance')).toEqual(attributes);
    expect(scoringMap(banking).find((item) => item.rowsAreProducts)?.columns).toEqual([
      'product_satisfaction',
    ]);
    expect(scoringMap(banking).find((item) => item.metric === 'nps')?.question).toBe('ltr');
    expect(scoringMap(banking).find((item) => item.metric === 'overall')?.question).toBe('overall');
  });

  it('finds CES on 1–7 and CSAT on 1–5 in the transactional survey', () => {
    expect(
      scoringMap(transactional).map(({ question, metric, scale }) => ({ question, metric, scale })),
    ).toEqual([
      { question: 'ces', metric: 'ces', scale: { min: 1, max: 7 } },
      { question: 'csat', metric: 'csat', scale: { min: 1, max: 5 } },
    ]);
  });

  it('refuses an attribute question without an attribute key', () => {
    const survey = surveyOf({
      type: 'rating',
      name: 'sat_x',
      rateMin: 1,
      rateMax: 5,
      scoreMetric: 'attribute',
    });
    expect(() => scoringMap(survey)).toThrow('sat_x: attribute needs a scoreAttribute');
  });

  it('refuses an unknown metric and a rating without explicit bounds', () => {
    expect(() =>
      scoringMap(surveyOf({ type: 'rating', name: 'a', rateMin: 1, rateMax: 5, scoreMetric: 'ltr' })),
    ).toThrow('unknown scoreMetric');
    expect(() =>
      scoringMap(surveyOf({ type: 'rating', name: 'b', rateCount: 10, scoreMetric: 'nps' })),
    ).toThrow('rateMin < rateMax');
  });

  it('reads scoreProduct on a single rating', () => {
    const survey = surveyOf({
      type: 'rating',
      name: 'sat_lending',
      rateMin: 1,
      rateMax: 5,
      scoreMetric: 'attribute',
      scoreAttribute: 'product_satisfaction',
      scoreProduct: 'lending',
    });
    expect(extractScoreFacts(survey, { sat_lending: 4 })).toEqual([
      {
        question: 'sat_lending',
        metric: 'attribute',
        attribute: 'product_satisfaction',
        productCode: 'lending',
        value: 4,
      },
    ]);
  });
});

describe('extractScoreFacts', () => {
  it('turns an industrial response into one fact per scored answer, product cells included', () => {
    const facts = extractScoreFacts(industrial, {
      overall: 4,
      ltr: 9,
      improve_first: 'Faster deliveries',
      sat_quality: 5,
      imp_quality: 5,
      sat_delivery: 2,
      product_sat: { pipes: { quality: 5, delivery: 3 }, valves: { price: 2 } },
      comments: 'Thank you',
      contact_request: true,
    });
    expect(facts).toEqual([
      { question: 'overall', metric: 'overall', attribute: null, productCode: null, value: 4 },
      { question: 'ltr', metric: 'nps', attribute: null, productCode: null, value: 9 },
      { question: 'sat_quality', metric: 'attribute', attribute: 'quality', productCode: null, value: 5 },
      { question: 'sat_delivery', metric: 'attribute', attribute: 'delivery', productCode: null, value: 2 },
      { question: 'imp_quality', metric: 'importance', attribute: 'quality', productCode: null, value: 5 },
      { question: 'product_sat', metric: 'attribute', attribute: 'quality', productCode: 'pipes', value: 5 },
      { question: 'product_sat', metric: 'attribute', attribute: 'delivery', productCode: 'pipes', value: 3 },
      { question: 'product_sat', metric: 'attribute', attribute: 'price', productCode: 'valves', value: 2 },
    ]);
  });

  it('gives banking product satisfaction per product, for the products answered only', () => {
    const facts = extractScoreFacts(banking, {
      product_sat: {
        cash_management: { product_satisfaction: 4 },
        lending: {},
        payroll: { product_satisfaction: 1 },
      },
    });
    expect(facts).toEqual([
      {
        question: 'product_sat',
        metric: 'attribute',
        attribute: 'product_satisfaction',
        productCode: 'cash_management',
        value: 4,
      },
      {
        question: 'product_sat',
        metric: 'attribute',
        attribute: 'product_satisfaction',
        productCode: 'payroll',
        value: 1,
      },
    ]);
  });

  it('skips answers that are not numbers within the scale', () => {
    const facts = extractScoreFacts(industrial, {
      overall: 6,
      ltr: '9',
      sat_quality: Number.NaN,
      sat_price: null,
      imp_price: 0,
      product_sat: { pipes: { quality: 7, price: '3' }, valves: 4 },
    });
    expect(facts).toEqual([]);
  });

  it('returns the same map for the same definition object', () => {
    expect(scoringMap(industrial)).toBe(scoringMap(industrial));
  });
});

describe('alertReasons', () => {
  it('flags a detractor at 6 but not at 7', () => {
    expect(alertReasons(industrial, { ltr: 6, overall: 4 })).toEqual(['detractor']);
    expect(alertReasons(industrial, { ltr: 7, overall: 4 })).toEqual([]);
  });

  it('flags an attribute rated 2 or lower, including a product cell', () => {
    expect(alertReasons(industrial, { ltr: 9, sat_documents: 2 })).toEqual(['low_score']);
    expect(alertReasons(industrial, { ltr: 9, sat_documents: 3 })).toEqual([]);
    expect(
      alertReasons(banking, { ltr: 10, product_sat: { acquiring: { product_satisfaction: 1 } } }),
    ).toEqual(['low_score']);
  });

  it('does not flag low importance or low overall satisfaction as a low score', () => {
    expect(alertReasons(industrial, { ltr: 9, imp_price: 1, overall: 1 })).toEqual([]);
  });

  it('flags a request to be contacted only when the answer is true', () => {
    expect(alertReasons(banking, { ltr: 9, contact_request: true })).toEqual(['contact_request']);
    expect(alertReasons(banking, { ltr: 9, contact_request: false })).toEqual([]);
    expect(alertReasons(transactional, { ces: 7, contact_request: true })).toEqual([]);
  });

  it('lists each reason once, in a fixed order', () => {
    const answers = { ltr: 0, sat_price: 1, sat_support: 1, contact_request: true };
    expect(alertReasons(industrial, answers)).toEqual(['detractor', 'low_score', 'contact_request']);
  });
});
