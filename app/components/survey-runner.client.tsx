import 'survey-core/i18n/russian';
import { useEffect, useRef, useState } from 'react';
import { type CompletingEvent, DefaultTheme, Model, type SurveyModel, settings } from 'survey-core';
import { Survey } from 'survey-react-ui';
import type { RunnerProps } from '#app/components/respondent-questionnaire.tsx';
import type { Locale } from '#app/i18n/locales.ts';
import { respondentText } from '#app/respondent/texts.ts';
import { registerScoringProperties } from '#surveys/annotations.ts';
import type { SurveyDefinition } from '#surveys/definition.ts';

// The SurveyJS runner. Browser only: the questionnaire's standalone script
// (app/respondent/browser-entry.tsx) imports it, so survey-core and survey-react-ui are in that
// script and in no other page's JavaScript.

interface Submission {
  answers: Record<string, unknown>;
  currentPage: number;
  complete: boolean;
  language: Locale;
}

type Outcome =
  | { kind: 'ok' }
  | { kind: 'invalid'; errors: Array<{ question: string; message: string }> }
  | { kind: 'refused' }
  | { kind: 'unreachable' };

const retryDelaysMs = [1000, 3000, 8000];
const wait = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Posts a submission, retrying when the server cannot be reached; a completion retried is still one. */
async function submit(url: string, submission: Submission): Promise<Outcome> {
  for (let attempt = 0; ; attempt++) {
    try {
      const response = await fetch(url, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify(submission),
        credentials: 'same-origin',
      });
      if (response.ok) return { kind: 'ok' };
      if (response.status === 400) {
        const body = (await response.json().catch(() => ({}))) as { errors?: [] };
        return { kind: 'invalid', errors: body.errors ?? [] };
      }
      if (response.status < 500) return { kind: 'refused' };
    } catch {
      // Offline or the connection dropped: retry below.
    }
    if (attempt >= retryDelaysMs.length) return { kind: 'unreachable' };
    await wait(retryDelaysMs[attempt]);
  }
}

// The default theme asks for Open Sans (not loaded: the fontless CSS keeps respondents off font CDNs)
// and a teal too light for white button text; use the app's system font and accent instead.
const theme = {
  cssVariables: {
    '--sjs2-typography-font-family-text':
      'system-ui, -apple-system, "Segoe UI", Roboto, "Noto Sans", sans-serif',
    '--sjs2-color-project-brand-600': '#1f5fbf',
  },
};

// Page and panel titles as headings under the page's h1, so the questionnaire has an outline.
settings.titleTags.page = 'h2';
settings.titleTags.panel = 'h3';

function createModel(
  definition: SurveyDefinition,
  answers: Record<string, unknown>,
  page: number,
  locale: Locale,
) {
  registerScoringProperties();
  const model = new Model(definition);
  model.applyTheme(theme, DefaultTheme);
  model.locale = locale;
  // The page shows the title and description itself, as its heading.
  model.showTitle = false;
  model.showProgressBar = true;
  model.progressBarType = 'pages';
  model.data = answers;
  if (page > 0) model.currentPageNo = Math.min(page, Math.max(0, model.visiblePageCount - 1));
  return model;
}

export default function SurveyRunner({ definition, answers, currentPage, locale, submitUrl }: RunnerProps) {
  const t = respondentText(locale);
  const [model] = useState(() => createModel(definition, answers, currentPage, locale));
  const [saveState, setSaveState] = useState<'idle' | 'saving' | 'saved' | 'failed'>('idle');
  const [problem, setProblem] = useState<string | null>(null);
  const localeRef = useRef(locale);
  localeRef.current = locale;
  const tRef = useRef(t);
  tRef.current = t;

  useEffect(() => {
    model.locale = locale;
  }, [model, locale]);

  useEffect(() => {
    let completed = false;
    let dirty = false;
    let inFlight: Promise<void> | null = null;
    let pending = false;

    const snapshot = (survey: SurveyModel, complete: boolean): Submission => ({
      answers: survey.data,
      currentPage: survey.currentPageNo,
      complete,
      language: localeRef.current,
    });

    // Saves run one at a time; page changes during a save are folded into one follow-up save.
    const save = (): Promise<void> => {
      if (inFlight) {
        pending = true;
        return inFlight;
      }
      dirty = false;
      setSaveState('saving');
      inFlight = submit(submitUrl, snapshot(model, false)).then((outcome) => {
        inFlight = null;
        if (outcome.kind === 'refused') window.location.reload();
        setSaveState(outcome.kind === 'ok' ? 'saved' : 'failed');
        if (outcome.kind !== 'ok') dirty = true;
        if (pending) {
          pending = false;
          return save();
        }
      });
      return inFlight;
    };

    const onValueChanged = () => {
      dirty = true;
    };
    const onPageChanged = () => {
      void save();
    };
    const onCompleting = async (survey: SurveyModel, options: CompletingEvent) => {
      setProblem(null);
      if (inFlight) await inFlight;
      const outcome = await submit(submitUrl, snapshot(survey, true));
      if (outcome.kind === 'ok') {
        completed = true;
        return;
      }
      options.allow = false;
      if (outcome.kind === 'refused') {
        window.location.reload();
        return;
      }
      if (outcome.kind === 'unreachable') {
        setProblem(tRef.current('completeFailed'));
        return;
      }
      const titles = outcome.errors.map(({ question }) => {
        const found = survey.getQuestionByName(question);
        found?.addError(tRef.current('checkAnswer'));
        return found?.processedTitle ?? question;
      });
      setProblem(tRef.current('invalidAnswers', { questions: titles.join('; ') }));
      if (outcome.errors[0]) survey.focusQuestion(outcome.errors[0].question);
    };
    // Closing the tab between page changes: hand the latest answers to the browser to deliver.
    const onPageHide = () => {
      if (completed || !dirty) return;
      const body = new Blob([JSON.stringify(snapshot(model, false))], { type: 'application/json' });
      navigator.sendBeacon(submitUrl, body);
    };

    model.onValueChanged.add(onValueChanged);
    model.onCurrentPageChanged.add(onPageChanged);
    model.onCompleting.add(onCompleting);
    window.addEventListener('pagehide', onPageHide);
    return () => {
      model.onValueChanged.remove(onValueChanged);
      model.onCurrentPageChanged.remove(onPageChanged);
      model.onCompleting.remove(onCompleting);
      window.removeEventListener('pagehide', onPageHide);
    };
  }, [model, submitUrl]);

  return (
    <>
      <Survey model={model} />
      {problem ? (
        <p className="respondent-problem" role="alert">
          {problem}
        </p>
      ) : null}
      <p className="respondent-save-state" role="status" aria-live="polite">
        {saveState === 'saving'
          ? t('saving')
          : saveState === 'saved'
            ? t('saved')
            : saveState === 'failed'
              ? t('saveFailed')
              : ''}
      </p>
    </>
  );
}
