import { isRouteErrorResponse, useRouteError } from '@remix-run/react';
import { useEffect, useState } from 'react';
import { I18nextProvider, useTranslation } from 'react-i18next';
import { getI18n } from '#app/i18n/i18n.ts';
import { type Locale, supportedLocales } from '#app/i18n/locales.ts';

// The pages a client's contact sees through a personal link. They are not staff pages: no
// navigation, no sign-in, the contact's own language with a switch, and nothing about other clients.

/** The respondent's language: starts as the contact's, switchable in place without a reload. */
export function useRespondentLocale(initial: Locale): [Locale, (locale: Locale) => void] {
  const [locale, setLocale] = useState<Locale>(initial);
  useEffect(() => {
    document.documentElement.lang = locale;
  }, [locale]);
  return [locale, setLocale];
}

export function RespondentShell({
  locale,
  onLocaleChange,
  clientName,
  children,
}: {
  locale: Locale;
  onLocaleChange: (locale: Locale) => void;
  clientName: string;
  children: React.ReactNode;
}) {
  return (
    <I18nextProvider i18n={getI18n(locale)}>
      <div className="respondent" lang={locale}>
        <RespondentHeader clientName={clientName} locale={locale} onLocaleChange={onLocaleChange} />
        <main className="respondent-main">{children}</main>
      </div>
    </I18nextProvider>
  );
}

function RespondentHeader({
  clientName,
  locale,
  onLocaleChange,
}: {
  clientName: string;
  locale: Locale;
  onLocaleChange: (locale: Locale) => void;
}) {
  const { t } = useTranslation('respondent');
  return (
    <header className="respondent-head">
      <p className="respondent-company">{t('surveyFor', { name: clientName })}</p>
      <fieldset className="language-switch respondent-language">
        <legend className="visually-hidden">{t('language')}</legend>
        {supportedLocales.map((candidate) => (
          <button
            key={candidate}
            type="button"
            lang={candidate}
            aria-pressed={candidate === locale}
            className={candidate === locale ? 'active' : undefined}
            onClick={() => onLocaleChange(candidate)}
          >
            {candidate === 'ru' ? 'Русский' : 'English'}
          </button>
        ))}
      </fieldset>
    </header>
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

const texts = {
  en: () => getI18n('en').getFixedT('en', 'respondent'),
  ru: () => getI18n('ru').getFixedT('ru', 'respondent'),
};

/**
 * An unknown link: the language is not known either, so the page says it in both. It names no
 * client and looks the same whatever the token was.
 */
export function InvalidLinkPage() {
  return <BilingualMessage titleKey="invalid.title" textKey="invalid.text" />;
}

function BilingualMessage({ titleKey, textKey }: { titleKey: string; textKey: string }) {
  return (
    <div className="respondent">
      <main className="respondent-main">
        {(['ru', 'en'] as const).map((locale, index) => {
          const t = texts[locale]();
          const Heading = index === 0 ? 'h1' : 'h2';
          return (
            <section key={locale} lang={locale} className="respondent-card respondent-message">
              <Heading>{t(titleKey)}</Heading>
              <p>{t(textKey)}</p>
            </section>
          );
        })}
      </main>
    </div>
  );
}

/** The error view of respondent routes: bilingual, with no way into the staff side. */
export function RespondentErrorBoundary() {
  const error = useRouteError();
  const missing = isRouteErrorResponse(error) && error.status === 404;
  if (!missing) console.error(error);
  return missing ? <InvalidLinkPage /> : <BilingualMessage titleKey="errorTitle" textKey="errorText" />;
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
