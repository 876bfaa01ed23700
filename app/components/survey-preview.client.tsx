import 'survey-core/i18n/russian';
import { useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Model } from 'survey-core';
import { Survey } from 'survey-react-ui';
import type { Locale } from '#app/i18n/locales.ts';
import { registerScoringProperties } from '#surveys/annotations.ts';
import type { SurveyDefinition } from '#surveys/definition.ts';

// A staff preview of a survey version, rendered by SurveyJS exactly as respondents see it. Browser
// only, loaded lazily by the survey page after hydration; answers stay in the browser.

export default function SurveyPreview({
  definition,
  locale,
}: {
  definition: SurveyDefinition;
  locale: Locale;
}) {
  const { t } = useTranslation('surveys');
  const [run, setRun] = useState(0);
  // biome-ignore lint/correctness/useExhaustiveDependencies: a new run starts a fresh model
  const model = useMemo(() => {
    registerScoringProperties();
    const created = new Model(definition);
    created.locale = locale;
    created.showProgressBar = true;
    created.progressBarType = 'pages';
    return created;
  }, [definition, run]);
  useEffect(() => {
    model.locale = locale;
  }, [model, locale]);
  useEffect(() => () => model.dispose(), [model]);
  return (
    <div className="survey-preview">
      <div className="survey-preview-actions">
        <button type="button" onClick={() => setRun((n) => n + 1)}>
          {t('preview.restart')}
        </button>
      </div>
      <Survey model={model} />
    </div>
  );
}
