import { isLocale, type Locale } from '#app/i18n/locales.ts';
import { languageParameter } from '#app/components/respondent-shell.tsx';

/** The language the respondent switched to (the `lang` query parameter), if any. */
export function chosenLanguage(request: Request): Locale | undefined {
  const value = new URL(request.url).searchParams.get(languageParameter);
  return isLocale(value) ? value : undefined;
}
