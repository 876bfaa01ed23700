import { Model, type Question, type QuestionMatrixDropdownModel } from 'survey-core';
import { describe, expect, it } from 'vitest';
import './annotations.ts';
import type { SurveyDefinition } from './definition.ts';
import { referenceValidate } from './reference-validation.ts';
import { getTemplate, surveyTemplates } from './templates/index.ts';
import { compileValidator, MAX_TEXT_LENGTH, validateAnswers } from './validation.ts';

const industrial = getTemplate('industrial-relationship')!.definition;
const banking = getTemplate('banking-relationship')!.definition;

/** Exercises what the templates do not: required questions behind nested page, panel and own conditions; text. */
const conditional: SurveyDefinition = {
  pages: [
    {
      name: 'lending',
      elements: [
        { type: 'boolean', name: 'uses_lending' },
        {
          type: 'rating',
          name: 'lending_sat',
          rateMin: 1,
          rateMax: 5,
          isRequired: true,
          visibleIf: '{uses_lending} = true',
        },
        {
          type: 'panel',
          name: 'lending_problem_panel',
          visibleIf: '{lending_sat} <= 2',
          elements: [
            { type: 'comment', name: 'lending_problem', isRequired: true, maxLength: 200 },
            { type: 'text', name: 'ticket_number', maxLength: 20, visibleIf: '{lending_problem} notempty' },
          ],
        },
      ],
    },
    {
      name: 'recommendation',
      visibleIf: '{uses_lending} notempty',
      elements: [
        { type: 'rating', name: 'ltr', rateMin: 0, rateMax: 10, isRequired: true },
        {
          type: 'panel',
          name: 'detractor_panel',
          visibleIf: '{ltr} <= 6',
          elements: [
            { type: 'comment', name: 'ltr_reason', isRequired: true },
            { type: 'boolean', name: 'may_call', isRequired: true },
          ],
        },
      ],
    },
  ],
};

const complete = { complete: true };
const partial = { complete: false };

describe('validateAnswers', () => {
  it('accepts a complete industrial response and returns its answers', () => {
    const answers = {
      overall: 4,
      ltr: 8,
      sat_quality: 5,
      imp_quality: 4,
      product_sat: { pipes: { quality: 4, support: 2 }, valves: {} },
      comments: 'Delivery to Kazan takes too long.',
      contact_request: false,
    };
    expect(validateAnswers(industrial, answers, complete)).toEqual({ ok: true, answers });
  });

  it('refuses unknown questions, rows and columns', () => {
    const result = validateAnswers(
      banking,
      { ltr: 9, overall: 5, nps: 9, product_sat: { leasing: { product_satisfaction: 5 } } },
      partial,
    );
    expect(result).toEqual({
      ok: false,
      errors: [
        { question: 'nps', message: 'unknown question' },
        { question: 'product_sat', message: 'unknown row leasing' },
      ],
    });
    expect(validateAnswers(banking, { product_sat: { lending: { quality: 5 } } }, partial)).toMatchObject({
      ok: false,
      errors: [{ question: 'product_sat', message: 'unknown column quality in row lending' }],
    });
  });

  it.each([
    ['a rating above the scale', { ltr: 11 }, 'ltr', 'must be an integer from 0 to 10'],
    ['a rating below the scale', { overall: 0 }, 'overall', 'must be an integer from 1 to 5'],
    ['a fractional rating', { overall: 3.5 }, 'overall', 'must be an integer from 1 to 5'],
    ['a rating sent as a string', { ltr: '9' }, 'ltr', 'must be an integer from 0 to 10'],
    ['null for a rating', { ltr: null }, 'ltr', 'must be an integer from 0 to 10'],
    ['a string for a boolean', { contact_request: 'yes' }, 'contact_request', 'must be true or false'],
    ['a number for a comment', { comments: 42 }, 'comments', 'must be text'],
    [
      'an over-long comment',
      { comments: 'x'.repeat(MAX_TEXT_LENGTH + 1) },
      'comments',
      'must be at most 5000 characters',
    ],
    ['an array for a matrix', { product_sat: [4] }, 'product_sat', 'must be an object of rows'],
    [
      'a bare number for a matrix row',
      { product_sat: { pipes: 4 } },
      'product_sat',
      'row pipes must be an object of columns',
    ],
    [
      'an out-of-range matrix cell',
      { product_sat: { pipes: { price: 6 } } },
      'product_sat',
      'pipes, price: must be an integer from 1 to 5',
    ],
  ])('refuses %s', (_case, answers, question, message) => {
    expect(validateAnswers(industrial, answers, partial)).toEqual({
      ok: false,
      errors: [{ question, message }],
    });
  });

  it('refuses answers that are not an object', () => {
    expect(validateAnswers(industrial, [], partial).ok).toBe(false);
    expect(validateAnswers(industrial, null, partial).ok).toBe(false);
  });

  it('requires visible required questions only on completion', () => {
    expect(validateAnswers(industrial, { sat_quality: 3 }, partial).ok).toBe(true);
    expect(validateAnswers(industrial, { sat_quality: 3 }, complete)).toEqual({
      ok: false,
      errors: [
        { question: 'overall', message: 'an answer is required' },
        { question: 'ltr', message: 'an answer is required' },
      ],
    });
  });

  it('requires a question only while its page, panel and own conditions show it', () => {
    expect(validateAnswers(conditional, {}, complete).ok).toBe(true);
    expect(validateAnswers(conditional, { uses_lending: false }, complete)).toMatchObject({
      errors: [{ question: 'ltr' }],
    });
    expect(validateAnswers(conditional, { uses_lending: true, ltr: 9 }, complete)).toMatchObject({
      errors: [{ question: 'lending_sat' }],
    });
    expect(
      validateAnswers(conditional, { uses_lending: true, lending_sat: 2, ltr: 9 }, complete),
    ).toMatchObject({
      errors: [{ question: 'lending_problem' }],
    });
    expect(
      validateAnswers(
        conditional,
        { uses_lending: true, lending_sat: 2, lending_problem: '   ', ltr: 9 },
        complete,
      ),
    ).toMatchObject({ errors: [{ question: 'lending_problem' }] });
    expect(
      validateAnswers(conditional, { uses_lending: false, ltr: 3, may_call: false }, complete),
    ).toMatchObject({
      errors: [{ question: 'ltr_reason' }],
    });
    // The page is hidden, so neither its required questions nor its answers count.
    expect(validateAnswers(conditional, { ltr: 3 }, complete)).toEqual({ ok: true, answers: {} });
  });

  it('drops answers to hidden questions on completion but keeps them in a partial save', () => {
    const answers = { overall: 5, ltr: 10, improve_first: 'Nothing, really' };
    expect(validateAnswers(industrial, answers, partial)).toEqual({ ok: true, answers });
    expect(validateAnswers(industrial, answers, complete)).toEqual({
      ok: true,
      answers: { overall: 5, ltr: 10 },
    });
  });

  it('applies a template maxLength below the global limit', () => {
    expect(validateAnswers(conditional, { ticket_number: 'x'.repeat(21) }, partial)).toMatchObject({
      errors: [{ question: 'ticket_number', message: 'must be at most 20 characters' }],
    });
  });

  it('refuses to compile features it does not implement', () => {
    const survey = (element: Record<string, unknown>): SurveyDefinition => ({
      pages: [
        { name: 'page', elements: [{ type: 'rating', name: 'q', rateMin: 1, rateMax: 5, ...element }] },
      ],
    });
    expect(() => compileValidator(survey({ requiredIf: '{a} = 1' }))).toThrow('requiredIf is not supported');
    expect(() => compileValidator(survey({ rateValues: [1, 2] }))).toThrow('rateValues is not supported');
    expect(() => compileValidator(survey({ type: 'checkbox' }))).toThrow(
      'question type checkbox is not supported',
    );
    expect(() => compileValidator({ pages: [{ name: 'p', visibleIf: '{a} = 1', readOnly: true }] })).toThrow(
      'readOnly is not supported',
    );
  });
});

// Differential test: the compiled validator must accept and refuse exactly what the survey-core
// reference does, on answers generated from survey-core's own model of each survey.

function mulberry32(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

class Generator {
  constructor(private readonly random: () => number) {}

  chance(probability: number): boolean {
    return this.random() < probability;
  }

  pick<T>(values: readonly T[]): T {
    return values[Math.floor(this.random() * values.length)];
  }

  validValue(question: Question): unknown {
    switch (question.getType()) {
      case 'rating':
        return this.pick(
          (question as Question & { visibleRateValues: Array<{ value: number }> }).visibleRateValues,
        ).value;
      case 'boolean':
        return this.chance(0.5);
      case 'comment':
      case 'text':
        return this.pick([
          'Faster quotes, please.',
          'Спасибо!',
          '',
          '   ',
          'x'.repeat(this.textLimit(question)),
        ]);
      case 'matrixdropdown': {
        const matrix: Record<string, Record<string, unknown>> = {};
        for (const row of (question as QuestionMatrixDropdownModel).visibleRows) {
          if (!this.chance(0.5)) continue;
          const cells: Record<string, unknown> = {};
          for (const cell of row.cells)
            if (this.chance(0.7)) cells[cell.column.name] = this.validValue(cell.question);
          matrix[row.rowName] = cells;
        }
        return matrix;
      }
      default:
        throw new Error(`no generator for ${question.getType()}`);
    }
  }

  invalidValue(question: Question): unknown {
    switch (question.getType()) {
      case 'rating': {
        const points = (question as Question & { visibleRateValues: Array<{ value: number }> })
          .visibleRateValues;
        const min = points[0].value;
        const max = points[points.length - 1].value;
        return this.pick([max + 1, min - 1, min + 0.5, String(max), null, true, [min], {}, Number.NaN]);
      }
      case 'boolean':
        return this.pick(['true', 1, 0, null, 'Да']);
      case 'comment':
      case 'text':
        return this.pick([42, null, ['text'], { text: 'x' }, 'x'.repeat(this.textLimit(question) + 1)]);
      case 'matrixdropdown': {
        const matrix = question as QuestionMatrixDropdownModel;
        const row = this.pick(matrix.visibleRows);
        const column = this.pick(row.cells).column.name;
        return this.pick([
          [],
          'pipes',
          null,
          { unknown_product: { [column]: 3 } },
          { [row.rowName]: { unknown_attribute: 3 } },
          { [row.rowName]: 3 },
          { [row.rowName]: [3] },
          { [row.rowName]: { [column]: this.invalidValue(this.pick(row.cells).question) } },
        ]);
      }
      default:
        throw new Error(`no generator for ${question.getType()}`);
    }
  }

  answers(model: Model): Record<string, unknown> {
    const questions = model.getAllQuestions();
    const answers: Record<string, unknown> = {};
    for (const question of questions)
      if (this.chance(0.75)) answers[question.name] = this.validValue(question);
    const mutations = this.chance(0.5) ? 0 : 1 + Math.floor(this.random() * 2);
    for (let index = 0; index < mutations; index += 1) {
      const question = this.pick(questions);
      const mutation = this.pick(['invalid', 'unknown', 'missing'] as const);
      if (mutation === 'invalid') answers[question.name] = this.invalidValue(question);
      if (mutation === 'unknown')
        answers[this.pick(['nps', 'ltr_2', 'Overall', '__proto_', 'attr_manager'])] = 5;
      if (mutation === 'missing') delete answers[question.name];
    }
    return answers;
  }

  private textLimit(question: Question): number {
    const own = question.getPropertyValue('maxLength') as number;
    return own > 0 ? Math.min(own, MAX_TEXT_LENGTH) : MAX_TEXT_LENGTH;
  }
}

/**
 * survey-core leaves blank text of hidden questions in place on completion (it clears only
 * non-empty values); the compiled validator drops it. Nothing else may differ.
 */
function withoutHiddenBlanks(reference: Record<string, unknown>, fast: Record<string, unknown>) {
  return Object.fromEntries(
    Object.entries(reference).filter(
      ([name, value]) => name in fast || !(typeof value === 'string' && value.trim() === ''),
    ),
  );
}

const surveysUnderTest = [
  ...surveyTemplates.map(({ key, definition }) => ({ key, definition })),
  { key: 'conditional fixture', definition: conditional },
];

// The reference builds a survey-core model per call (about 15 ms for the industrial survey).
const RUNS = 300;

describe('validateAnswers against the survey-core reference', () => {
  it.each(surveysUnderTest)(
    'agrees on generated answers to $key',
    ({ definition }) => {
      const generate = new Generator(mulberry32(20_240_917));
      const model = new Model(definition);
      const outcomes = { accepted: 0, refused: 0 };
      for (let run = 0; run < RUNS; run += 1) {
        const answers = generate.answers(model);
        const options = { complete: generate.chance(0.6) };
        const fast = validateAnswers(definition, answers, options);
        const reference = referenceValidate(definition, answers, options);
        const context = JSON.stringify({ answers, options, fast, reference }).slice(0, 2000);
        expect(fast.ok, context).toBe(reference.ok);
        if (fast.ok && reference.ok)
          expect(fast.answers, context).toEqual(withoutHiddenBlanks(reference.answers, fast.answers));
        if (!fast.ok && !reference.ok) {
          const questions = (result: typeof fast) =>
            result.ok ? [] : [...new Set(result.errors.map((e) => e.question))].sort();
          expect(questions(fast), context).toEqual(questions(reference));
        }
        outcomes[fast.ok ? 'accepted' : 'refused'] += 1;
      }
      // Both outcomes must be common, or the agreement above proves little.
      expect(outcomes.accepted).toBeGreaterThan(RUNS / 5);
      expect(outcomes.refused).toBeGreaterThan(RUNS / 5);
    },
    60_000,
  );
});
