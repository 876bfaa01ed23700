import type { UIMatch } from '@remix-run/react';
import { isLocale, type Locale } from '#app/i18n/locales.ts';

/** What a route module's `handle` export may tell the document (app/root.tsx). */
export interface PageHandle {
  /**
   * `false`: the page is rendered on the server and the Remix client runtime is left out (the
   * documented "disabling JavaScript" pattern, inverted so that staff pages hydrate by default).
   * Links and forms still work as plain HTML; such a page brings its own small script where it
   * needs one (the respondent questionnaire does).
   */
  hydrate?: boolean;
  /** The language the page is written in, when it is not the visitor's (a respondent's page). */
  language?: (data: unknown) => Locale | undefined;
}

const handleOf = (match: UIMatch) => (match.handle ?? {}) as PageHandle;

export function wantsHydration(matches: UIMatch[]): boolean {
  return !matches.some((match) => handleOf(match).hydrate === false);
}

/** The deepest matched route's own language, if it names one. */
export function pageLanguage(matches: UIMatch[]): Locale | undefined {
  for (const match of [...matches].reverse()) {
    const language = handleOf(match).language?.(match.data);
    if (isLocale(language)) return language;
  }
  return undefined;
}

/** A respondent page's language: its loader data's `language` (the contact's, or the one switched to). */
export const respondentLanguage = (data: unknown): Locale | undefined => {
  const language = (data as { language?: unknown } | null)?.language;
  return isLocale(language) ? language : undefined;
};
