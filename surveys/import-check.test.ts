import { describe, expect, it } from 'vitest';
import {
  checkSurveyDefinition,
  checkSurveyImport,
  type ImportProblem,
  unsafeMarkup,
} from './import-check.ts';
import { surveyTemplates } from './templates/index.ts';

const productCodes = ['cash_management', 'lending', 'pipes'];

function survey(elements: unknown[], extra: Record<string, unknown> = {}) {
  return {
    title: { default: 'Client survey', ru: 'Опрос клиентов' },
    pages: [{ name: 'main', elements }],
    ...extra,
  };
}

const rating = (name: string, annotations: Record<string, unknown> = {}) => ({
  type: 'rating',
  name,
  title: { default: name, ru: name },
  rateMin: 1,
  rateMax: 5,
  ...annotations,
});

function problemsOf(json: unknown): ImportProblem[] {
  const result = checkSurveyImport(JSON.stringify(json, null, 2), { productCodes });
  return result.ok ? [] : result.problems;
}

describe('checkSurveyImport', () => {
  it.each(surveyTemplates)('accepts the $key template as it ships', ({ definition, titleEn, titleRu }) => {
    const result = checkSurveyDefinition(structuredClone(definition), {
      productCodes: ['cash_management', 'lending', 'pipes', 'fittings'],
    });
    expect(result.ok && { titleEn: result.titleEn, titleRu: result.titleRu }).toEqual({ titleEn, titleRu });
  });

  it('reports the line and column of a JSON syntax error', () => {
    const text = '{\n  "title": "A",\n  "pages": [\n    { "name": "p1" }\n    { "name": "p2" }\n  ]\n}';
    const result = checkSurveyImport(text, { productCodes });
    expect(result.ok).toBe(false);
    const [problem] = result.ok ? [] : result.problems;
    expect(problem).toMatchObject({ code: 'notJson', line: 5, column: 5 });
    expect((problem as { detail: string }).detail).not.toMatch(/position/);
  });

  it('reports the end of the text for truncated JSON', () => {
    const result = checkSurveyImport('{\n "pages": [', { productCodes });
    expect(result.ok ? null : result.problems[0]).toMatchObject({ code: 'notJson', line: 2 });
  });

  it('refuses empty input, a non-object and a survey without pages', () => {
    expect(checkSurveyImport('  ', { productCodes })).toEqual({ ok: false, problems: [{ code: 'empty' }] });
    expect(problemsOf([1, 2])).toEqual([{ code: 'notObject' }]);
    expect(problemsOf({ title: 'x', pages: [] })).toEqual([{ code: 'noPages' }]);
  });

  it('turns top-level elements into a single page', () => {
    const result = checkSurveyImport(JSON.stringify({ title: 'Quick', elements: [rating('q1')] }), {
      productCodes,
    });
    expect(result.ok && result.definition.pages).toEqual([{ name: 'page1', elements: [rating('q1')] }]);
  });

  it('names every duplicated question, with how often it occurs', () => {
    const problems = problemsOf(
      survey([
        rating('q1'),
        { type: 'panel', name: 'group', elements: [rating('q1'), rating('q2')] },
        rating('q2'),
        rating('q1'),
      ]),
    );
    expect(problems).toEqual([
      { code: 'duplicateName', name: 'q1', count: 3 },
      { code: 'duplicateName', name: 'q2', count: 2 },
    ]);
  });

  it('refuses an element without a name, pointing at it', () => {
    expect(problemsOf(survey([rating('q1'), { type: 'rating', rateMin: 1, rateMax: 5 }]))).toEqual([
      { code: 'missingName', path: 'pages[0].elements[1]' },
    ]);
  });

  it('refuses annotations that point nowhere', () => {
    const problems = problemsOf(
      survey([
        rating('q_metric', { scoreMetric: 'loyalty' }),
        rating('q_attr', { scoreMetric: 'attribute' }),
        rating('q_imp', { scoreMetric: 'importance' }),
        rating('q_product', { scoreMetric: 'overall', scoreProduct: 'spaceships' }),
        rating('q_orphan', { scoreAttribute: 'quality' }),
        rating('sat_price', { scoreMetric: 'attribute', scoreAttribute: 'price' }),
        rating('imp_price', { scoreMetric: 'importance', scoreAttribute: 'price' }),
        rating('imp_speed', { scoreMetric: 'importance', scoreAttribute: 'speed' }),
      ]),
    );
    expect(problems).toEqual([
      { code: 'unknownMetric', question: 'q_metric', metric: 'loyalty' },
      { code: 'attributeMissing', question: 'q_attr', metric: 'attribute' },
      { code: 'attributeMissing', question: 'q_imp', metric: 'importance' },
      { code: 'unknownProduct', question: 'q_product', product: 'spaceships' },
      { code: 'annotationWithoutMetric', question: 'q_orphan', property: 'scoreAttribute' },
      { code: 'importanceWithoutSatisfaction', question: 'imp_speed', attribute: 'speed' },
    ]);
  });

  it('counts the columns of a product matrix as satisfaction items', () => {
    const matrix = {
      type: 'matrixdropdown',
      name: 'product_sat',
      title: { default: 'Products', ru: 'Продукты' },
      scoreMetric: 'attribute',
      scoreRowsAreProducts: true,
      columns: [{ name: 'speed', cellType: 'rating', rateMin: 1, rateMax: 5 }],
      rows: [{ value: 'lending', text: 'Lending' }],
    };
    const result = checkSurveyImport(
      JSON.stringify(
        survey([matrix, rating('imp_speed', { scoreMetric: 'importance', scoreAttribute: 'speed' })]),
      ),
      { productCodes },
    );
    expect(result.ok ? [] : result.problems).toEqual([]);
  });

  it('refuses html questions and markup that could run in the browser', () => {
    const problems = problemsOf(
      survey([{ type: 'html', name: 'banner', html: '<b>Hi</b>' }, rating('q1')], {
        completedHtml: { default: '<h3>Thanks</h3><img src=x onerror="alert(1)">', ru: '<p>Спасибо</p>' },
        completedHtmlOnCondition: [{ expression: '{q1} < 3', html: '<script>steal()</script>' }],
        navigateToUrl: 'javascript:alert(1)',
        logo: ' java\tscript:alert(1)',
      }),
    );
    expect(problems).toEqual([
      { code: 'navigation', property: 'navigateToUrl' },
      { code: 'htmlQuestion', question: 'banner' },
      { code: 'unsafeHtml', path: 'completedHtml.default', fragment: '<img src=x onerror="alert(1)">' },
      { code: 'unsafeHtml', path: 'completedHtmlOnCondition[0].html', fragment: '<script>' },
      { code: 'scriptUrl', path: 'logo' },
    ]);
  });

  it('accepts plain formatting in completedHtml', () => {
    expect(
      unsafeMarkup('<h3>Thank you!</h3><p>Score < 5 means <strong>we call</strong>.<br/></p>'),
    ).toBeNull();
    expect(unsafeMarkup('<p style="color:red">x</p>')).toBe('<p style="color:red">');
    expect(unsafeMarkup('<a href="https://x">x</a>')).toBe('<a href="https://x">');
    expect(unsafeMarkup('<!-- x -->')).toBe('<!-- x -->');
    expect(unsafeMarkup('<svg/onload=alert(1)')).toBe('<svg/onload=alert(1)');
  });

  it('refuses a survey without a title', () => {
    expect(problemsOf({ pages: [{ name: 'p', elements: [rating('q1')] }] })).toEqual([{ code: 'noTitle' }]);
  });

  it('takes a plain title for both languages', () => {
    const result = checkSurveyImport(JSON.stringify(survey([rating('q1')], { title: 'Pulse' })), {
      productCodes,
    });
    expect(result.ok && [result.titleEn, result.titleRu]).toEqual(['Pulse', 'Pulse']);
  });

  it('reports properties survey-core does not know', () => {
    const problems = problemsOf(survey([{ ...rating('q1'), colour: 'red' }]));
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatchObject({ code: 'surveyCore' });
    expect((problems[0] as { detail: string }).detail).toContain(
      "q1: Unknown property in class 'rating': 'colour'",
    );
  });

  it('refuses what the server cannot check answers for', () => {
    const problems = problemsOf(
      survey([{ type: 'checkbox', name: 'channels', title: 'Channels', choices: ['a', 'b'] }]),
    );
    expect(problems).toEqual([
      { code: 'unsupported', detail: 'channels: question type checkbox is not supported' },
    ]);
  });

  it('refuses a scored question of a type that cannot be scored', () => {
    const problems = problemsOf(
      survey([{ type: 'comment', name: 'note', title: 'Note', scoreMetric: 'nps' }]),
    );
    expect(problems).toEqual([
      { code: 'unsupported', detail: 'note: only ratings and product matrices are scored' },
    ]);
  });

  it('refuses definitions over the size limit', () => {
    const result = checkSurveyImport(`{"title":"${'x'.repeat(1_000_001)}"}`, { productCodes });
    expect(result.ok ? null : result.problems[0]).toMatchObject({ code: 'tooLarge' });
  });
});
