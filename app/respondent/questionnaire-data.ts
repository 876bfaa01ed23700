import type { Locale } from '#app/i18n/locales.ts';
import type { SurveyDefinition } from '#surveys/definition.ts';

// What the server hands the questionnaire's standalone script: everything the page was rendered
// from, as JSON in a <script type="application/json"> element, so the browser renders exactly the
// same tree (hydration) and needs no request of its own to start.

export interface QuestionnaireData {
  locale: Locale;
  clientName: string;
  definition: SurveyDefinition;
  answers: Record<string, unknown>;
  currentPage: number;
  /** Where saves and the completion are posted. */
  submitUrl: string;
  /** The opt-out page, without the language parameter. */
  optOutUrl: string;
}

/** The element the questionnaire is rendered into, and the one holding its data. */
export const questionnaireRootId = 'questionnaire';
export const questionnaireDataId = 'questionnaire-data';

/**
 * JSON safe inside a <script> element: `<` cannot close the element (a client named
 * `</script><script>…` stays text), and the line separators JSON allows but scripts did not.
 */
export function scriptSafeJson(value: unknown): string {
  return JSON.stringify(value)
    .replace(/</g, '\\u003c')
    .replace(/>/g, '\\u003e')
    .replace(/&/g, '\\u0026')
    .replace(/\u2028/g, '\\u2028')
    .replace(/\u2029/g, '\\u2029');
}

export function readQuestionnaireData(document: Document): QuestionnaireData | null {
  const text = document.getElementById(questionnaireDataId)?.textContent;
  return text ? (JSON.parse(text) as QuestionnaireData) : null;
}
