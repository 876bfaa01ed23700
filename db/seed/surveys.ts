import type { SurveyDefinition } from '../../surveys/definition.ts';
import { type SurveyTemplateKey, surveyTemplates } from '../../surveys/templates/index.ts';
import type { surveys, surveyVersions } from '../schema/index.ts';
import { dateOf } from './calendar.ts';
import type { Random } from './random.ts';

/** The bank asks its corporate clients with this template; the other two wait in the library. */
const DEMO_SURVEY_KEY: SurveyTemplateKey = 'banking-relationship';

type SurveyRow = typeof surveys.$inferInsert & { id: string };
type SurveyVersionRow = typeof surveyVersions.$inferInsert & { id: string };

/** Every template as a survey with version 1; only the one the waves used is frozen. */
export function planSurveys(
  random: Random,
  { createdBy, frozenOn }: { createdBy: string; frozenOn: string },
) {
  const surveyRows: SurveyRow[] = [];
  const versionRows: SurveyVersionRow[] = [];
  let demo: { versionId: string; definition: SurveyDefinition } | undefined;
  for (const template of surveyTemplates) {
    const survey: SurveyRow = {
      id: random.uuid(),
      key: template.key,
      titleEn: template.titleEn,
      titleRu: template.titleRu,
    };
    const isDemo = template.key === DEMO_SURVEY_KEY;
    const version: SurveyVersionRow = {
      id: random.uuid(),
      surveyId: survey.id,
      version: 1,
      definition: template.definition,
      frozenAt: isDemo ? dateOf(frozenOn) : null,
      createdBy,
    };
    surveyRows.push(survey);
    versionRows.push(version);
    if (isDemo) demo = { versionId: version.id, definition: template.definition };
  }
  if (!demo) throw new Error(`The survey library has no ${DEMO_SURVEY_KEY} template`);
  return { surveyRows, versionRows, demo };
}
