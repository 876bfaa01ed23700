import { Model } from 'survey-core';
import { describe, expect, it } from 'vitest';
import '../annotations.ts';
import { containersOf, questionsOf } from '../definition.ts';
import { getTemplate, surveyTemplates } from './index.ts';

/** Properties SurveyJS shows to the respondent; each must carry English and Russian. */
const LOCALIZED_PROPERTIES = new Set([
  'title',
  'description',
  'text',
  'minRateDescription',
  'maxRateDescription',
  'completedHtml',
  'html',
  'placeholder',
  'labelTrue',
  'labelFalse',
]);

function unlocalizedTexts(node: unknown, path: string): string[] {
  if (Array.isArray(node))
    return node.flatMap((child, index) => unlocalizedTexts(child, `${path}[${index}]`));
  if (typeof node !== 'object' || node === null) return [];
  return Object.entries(node).flatMap(([key, value]) => {
    if (!LOCALIZED_PROPERTIES.has(key)) return unlocalizedTexts(value, `${path}.${key}`);
    const localized =
      typeof value === 'object' &&
      value !== null &&
      typeof value.default === 'string' &&
      value.default.trim() !== '' &&
      typeof value.ru === 'string' &&
      value.ru.trim() !== '';
    return localized ? [] : [`${path}.${key}`];
  });
}

describe.each(surveyTemplates)('template $key', ({ key, definition, titleEn, titleRu }) => {
  it('parses in survey-core without unknown properties', () => {
    const model = new Model(definition);
    expect(model.jsonErrors ?? []).toEqual([]);
    expect(model.getAllQuestions().length).toBe(questionsOf(definition).length);
  });

  it('has unique snake_case names for questions, panels and pages', () => {
    const names = [
      ...questionsOf(definition).map(({ question }) => question.name),
      ...containersOf(definition).map((c) => c.name),
    ];
    expect(new Set(names).size).toBe(names.length);
    for (const name of names) expect(name).toMatch(/^[a-z][a-z0-9_]*$/);
  });

  it('has two to four pages so answers are saved on page change', () => {
    expect(definition.pages.length).toBeGreaterThanOrEqual(2);
    expect(definition.pages.length).toBeLessThanOrEqual(4);
  });

  it('gives every visible text in English and Russian', () => {
    expect(unlocalizedTexts(definition, key)).toEqual([]);
    for (const { question } of questionsOf(definition)) expect(question.title, question.name).toBeDefined();
  });

  it('shows the Russian wording when the locale is ru', () => {
    const model = new Model(definition);
    model.locale = 'ru';
    for (const { question } of questionsOf(definition)) {
      expect(model.getQuestionByName(question.name).title).toBe((question.title as { ru: string }).ru);
    }
    expect(model.title).toBe(titleRu);
    model.locale = 'en';
    expect(model.title).toBe(titleEn);
  });

  it('keeps the scoring annotations through a survey-core round trip', () => {
    const annotations = (json: { pages: unknown[] }) =>
      questionsOf(json as typeof definition).map(({ question }) => [
        question.name,
        question.scoreMetric,
        question.scoreAttribute,
        question.scoreProduct,
        question.scoreRowsAreProducts,
      ]);
    expect(annotations(new Model(definition).toJSON())).toEqual(annotations(definition));
  });

  it('is found by its key', () => {
    expect(getTemplate(key)?.definition).toBe(definition);
  });
});

describe('surveyTemplates', () => {
  it('flags texts that lack a Russian or English version', () => {
    const broken = { title: 'Only English', rows: [{ value: 'pipes', text: { default: 'Pipes' } }] };
    expect(unlocalizedTexts(broken, 'survey')).toEqual(['survey.title', 'survey.rows[0].text']);
  });

  it('requires LTR and overall satisfaction in the relationship surveys and CES in the transactional one', () => {
    const required = (templateKey: string) =>
      questionsOf(getTemplate(templateKey)!.definition)
        .filter(({ question }) => question.isRequired === true)
        .map(({ question }) => question.name)
        .sort();
    expect(required('industrial-relationship')).toEqual(['ltr', 'overall']);
    expect(required('banking-relationship')).toEqual(['ltr', 'overall']);
    expect(required('transactional-ces')).toEqual(['ces']);
  });

  it('returns undefined for an unknown key', () => {
    expect(getTemplate('retail-nps')).toBeUndefined();
  });
});
