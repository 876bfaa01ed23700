import { Model, type QuestionMatrixDropdownModel } from 'survey-core';
import { describe, expect, it } from 'vitest';
import './annotations.ts';
import { withProductRows } from './product-rows.ts';
import { extractScoreFacts } from './scoring.ts';
import { getTemplate } from './templates/index.ts';
import { validateAnswers } from './validation.ts';

const banking = getTemplate('banking-relationship')!.definition;
const clientProducts = [
  { code: 'lending', nameEn: 'Loans and credit lines', nameRu: 'Кредитование' },
  { code: 'leasing', nameEn: 'Leasing', nameRu: 'Лизинг' },
];

describe('withProductRows', () => {
  it("lists the client's products as the rows of the product matrix", () => {
    const matrix = new Model(withProductRows(banking, clientProducts)).getQuestionByName(
      'product_sat',
    ) as QuestionMatrixDropdownModel;
    expect(matrix.visibleRows.map((row) => row.rowName)).toEqual(['lending', 'leasing']);
    expect(matrix.rows[1].locText.getLocaleText('ru')).toBe('Лизинг');
  });

  it('leaves the template itself unchanged', () => {
    const before = JSON.stringify(banking);
    withProductRows(banking, clientProducts);
    expect(JSON.stringify(banking)).toBe(before);
  });

  it("accepts answers for the client's products and refuses the template's other defaults", () => {
    const definition = withProductRows(banking, clientProducts);
    const answers = { product_sat: { leasing: { product_satisfaction: 4 } } };
    expect(validateAnswers(definition, answers, { complete: false }).ok).toBe(true);
    expect(
      validateAnswers(
        definition,
        { product_sat: { payroll: { product_satisfaction: 4 } } },
        { complete: false },
      ),
    ).toMatchObject({ ok: false, errors: [{ question: 'product_sat', message: 'unknown row payroll' }] });
    expect(extractScoreFacts(definition, answers)).toEqual([
      {
        question: 'product_sat',
        metric: 'attribute',
        attribute: 'product_satisfaction',
        productCode: 'leasing',
        value: 4,
      },
    ]);
  });

  it('hides the product matrix of a client with no products', () => {
    const model = new Model(withProductRows(banking, []));
    expect(model.getQuestionByName('product_sat').isVisible).toBe(false);
  });
});
