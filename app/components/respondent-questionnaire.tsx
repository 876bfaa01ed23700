import { type ComponentType, useEffect, useState } from 'react';
import type { Locale } from '#app/i18n/locales.ts';
import type { QuestionnaireData } from '#app/respondent/questionnaire-data.ts';
import { respondentText } from '#app/respondent/texts.ts';
import type { SurveyDefinition } from '#surveys/definition.ts';
import {
  languageParameter,
  localizedText,
  RespondentShell,
  useHydrated,
  withLanguage,
} from './respondent-shell.tsx';

// The open questionnaire. The server renders it (with a "loading" line where the survey goes); in
// the browser app/respondent/browser-entry.tsx hydrates the same tree and hands it the SurveyJS
// runner. The Remix route never imports the runner, so SurveyJS is only in that one script.

export interface RunnerProps {
  definition: SurveyDefinition;
  answers: Record<string, unknown>;
  currentPage: number;
  locale: Locale;
  submitUrl: string;
}

export function QuestionnairePage({
  data,
  Runner,
}: {
  data: QuestionnaireData;
  /** The SurveyJS runner; only the browser has it. */
  Runner?: ComponentType<RunnerProps>;
}) {
  const [locale, setLocale] = useState<Locale>(data.locale);
  const hydrated = useHydrated();
  useEffect(() => {
    document.documentElement.lang = locale;
  }, [locale]);
  // Switching in place keeps the answers not saved yet; the address follows, so a reload keeps it.
  const switchLocale = (next: Locale) => {
    setLocale(next);
    const url = new URL(window.location.href);
    url.searchParams.set(languageParameter, next);
    window.history.replaceState(window.history.state, '', url);
  };
  const t = respondentText(locale);
  const description = localizedText(data.definition.description, locale);
  const loading = (
    <p className="respondent-loading" role="status">
      {t('loading')}
    </p>
  );
  return (
    <RespondentShell locale={locale} clientName={data.clientName} onLocaleChange={switchLocale}>
      <section className="respondent-card respondent-intro">
        <h1>{localizedText(data.definition.title, locale) || t('questionnaire')}</h1>
        {description ? <p>{description}</p> : null}
      </section>
      <div className="respondent-survey">
        {hydrated && Runner ? (
          <Runner
            definition={data.definition}
            answers={data.answers}
            currentPage={data.currentPage}
            locale={locale}
            submitUrl={data.submitUrl}
          />
        ) : (
          loading
        )}
        <noscript>
          <p className="respondent-problem">{t('needsJavaScript')}</p>
        </noscript>
      </div>
      <footer className="respondent-foot">
        {t('optOutLink')} <a href={withLanguage(data.optOutUrl, locale)}>{t('optOutAction')}</a>
      </footer>
    </RespondentShell>
  );
}
