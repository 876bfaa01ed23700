import { useEffect, useState } from 'react';
import { type Locale, supportedLocales } from '#app/i18n/locales.ts';
import { respondentText } from '#app/respondent/texts.ts';

// The frame of every page a client's contact sees through a personal link: the company's name and
// a language switch above one narrow column. No navigation, no sign-in, nothing about other clients.
// It is rendered on the server for every respondent page and hydrated in the browser only on the
// open questionnaire (app/respondent/browser-entry.tsx), so it imports nothing from Remix or i18next.

/** The query parameter that carries the respondent's chosen language from page to page. */
export const languageParameter = 'lang';

export function RespondentShell({
  locale,
  clientName,
  onLocaleChange,
  children,
}: {
  locale: Locale;
  clientName: string;
  /** Switches in place (keeping unsaved answers); without it, or without JavaScript, the form reloads the page in the other language. */
  onLocaleChange?: (locale: Locale) => void;
  children: React.ReactNode;
}) {
  const t = respondentText(locale);
  return (
    <div className="respondent" lang={locale}>
      <header className="respondent-head">
        <p className="respondent-company">{t('surveyFor', { name: clientName })}</p>
        <form method="get" className="respondent-language-form">
          <fieldset className="language-switch respondent-language">
            <legend className="visually-hidden">{t('language')}</legend>
            {supportedLocales.map((candidate) => (
              <button
                key={candidate}
                type="submit"
                name={languageParameter}
                value={candidate}
                lang={candidate}
                aria-pressed={candidate === locale}
                className={candidate === locale ? 'active' : undefined}
                onClick={
                  onLocaleChange
                    ? (event) => {
                        event.preventDefault();
                        onLocaleChange(candidate);
                      }
                    : undefined
                }
              >
                {candidate === 'ru' ? 'Русский' : 'English'}
              </button>
            ))}
          </fieldset>
        </form>
      </header>
      <main className="respondent-main">{children}</main>
    </div>
  );
}

/** A page that only says where the link stands: closed, opted out, already answered. */
export function RespondentMessage({ title, text }: { title: string; text: string }) {
  return (
    <section className="respondent-card respondent-message">
      <h1>{title}</h1>
      <p>{text}</p>
    </section>
  );
}

/** A respondent page's URL with the language the respondent is reading in. */
export function withLanguage(path: string, locale: Locale): string {
  return `${path}?${languageParameter}=${locale}`;
}

export function useHydrated(): boolean {
  const [hydrated, setHydrated] = useState(false);
  useEffect(() => setHydrated(true), []);
  return hydrated;
}

/** A SurveyJS localizable string in the given language, falling back to its default text. */
export function localizedText(value: unknown, locale: Locale): string {
  if (typeof value === 'string') return value;
  if (typeof value === 'object' && value !== null) {
    const texts = value as Record<string, unknown>;
    const text = texts[locale] ?? texts.default ?? texts.en;
    return typeof text === 'string' ? text : '';
  }
  return '';
}
