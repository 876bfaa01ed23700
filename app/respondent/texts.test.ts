import { describe, expect, it } from 'vitest';
import { respondent } from '#app/i18n/resources/respondent.ts';
import { respondentText } from './texts.ts';

describe('respondentText', () => {
  it('reads nested keys in the chosen language and fills in values', () => {
    expect(respondentText('ru')('optOut.confirm')).toBe(respondent.ru.optOut.confirm);
    expect(respondentText('en')('surveyFor', { name: 'ООО «Ромашка»' })).toBe(
      'Questionnaire for ООО «Ромашка»',
    );
  });

  it('leaves a placeholder without a value as it is, and names a missing key', () => {
    expect(respondentText('en')('invalidAnswers')).toContain('{{questions}}');
    expect(respondentText('ru')('no.such.key')).toBe('no.such.key');
  });

  it('has every English key in Russian too, so no respondent reads a fallback', () => {
    const keys = (value: object, prefix = ''): string[] =>
      Object.entries(value).flatMap(([key, child]) =>
        typeof child === 'object' && child !== null ? keys(child, `${prefix}${key}.`) : [`${prefix}${key}`],
      );
    expect(keys(respondent.ru).sort()).toEqual(keys(respondent.en).sort());
  });
});
