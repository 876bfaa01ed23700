import type { SurveyDefinition } from '../definition.ts';
import banking from './banking-relationship.json' with { type: 'json' };
import industrial from './industrial-relationship.json' with { type: 'json' };
import transactionalCes from './transactional-ces.json' with { type: 'json' };

export type SurveyTemplateKey = 'industrial-relationship' | 'banking-relationship' | 'transactional-ces';

export interface SurveyTemplate {
  key: SurveyTemplateKey;
  titleEn: string;
  titleRu: string;
  definition: SurveyDefinition;
}

// Titles come from the definition so the library list and the questionnaire never disagree.
function template(
  key: SurveyTemplateKey,
  definition: SurveyDefinition & { title: { default: string; ru: string } },
) {
  return { key, titleEn: definition.title.default, titleRu: definition.title.ru, definition };
}

export const surveyTemplates: SurveyTemplate[] = [
  template('industrial-relationship', industrial),
  template('banking-relationship', banking),
  template('transactional-ces', transactionalCes),
];

export function getTemplate(key: string): SurveyTemplate | undefined {
  return surveyTemplates.find((candidate) => candidate.key === key);
}
