import { respondent } from '#app/i18n/resources/respondent.ts';
import type { Locale } from '#app/i18n/locales.ts';

// The respondent's words, without i18next: the questionnaire page runs as a small standalone
// script (see browser-entry.tsx) and needs one namespace, two languages and `{{name}}`
// interpolation, which is a few lines here instead of i18next and every namespace in the bundle.

export type RespondentText = (key: string, values?: Record<string, string>) => string;

function lookup(resource: unknown, key: string): string | undefined {
  let node = resource;
  for (const part of key.split('.')) {
    if (typeof node !== 'object' || node === null) return undefined;
    node = (node as Record<string, unknown>)[part];
  }
  return typeof node === 'string' ? node : undefined;
}

/** The respondent namespace in one language, falling back to English (as i18next is set up to). */
export function respondentText(locale: Locale): RespondentText {
  return (key, values) => {
    const text = lookup(respondent[locale], key) ?? lookup(respondent.en, key) ?? key;
    return values
      ? text.replace(/\{\{\s*(\w+)\s*\}\}/g, (match, name: string) => values[name] ?? match)
      : text;
  };
}
