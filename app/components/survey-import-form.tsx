import { Form, useNavigation } from '@remix-run/react';
import { useTranslation } from 'react-i18next';
import type { ImportProblem } from '#surveys/import-check.ts';

/** Why an import was refused, one line per problem, in the viewer's language. */
export function ImportProblems({ problems }: { problems: ImportProblem[] }) {
  const { t } = useTranslation('surveys');
  if (problems.length === 0) return null;
  return (
    <div className="form-error" role="alert">
      <p>{t('import.refused')}</p>
      <ul>
        {problems.map((problem, index) => {
          const { code, ...params } = problem;
          return (
            // biome-ignore lint/suspicious/noArrayIndexKey: problems have no identity beyond their order
            <li key={index}>{t(`problems.${code}`, params)}</li>
          );
        })}
      </ul>
    </div>
  );
}

/** The SurveyJS JSON import: a file or pasted text, posted as multipart so files of any name work. */
export function SurveyImportForm({
  title,
  hint,
  problems,
}: {
  title: string;
  hint?: string;
  problems: ImportProblem[];
}) {
  const { t } = useTranslation('surveys');
  const navigation = useNavigation();
  const busy = navigation.state === 'submitting' && navigation.formMethod?.toUpperCase() === 'POST';
  return (
    <section className="card stack survey-import" aria-labelledby="survey-import-title">
      <h2 id="survey-import-title">{title}</h2>
      {hint ? <p>{hint}</p> : null}
      <p className="muted">{t('import.rules')}</p>
      <ImportProblems problems={problems} />
      <Form method="post" encType="multipart/form-data" className="stack">
        <label>
          {t('import.file')}
          <input type="file" name="file" accept="application/json,.json" />
        </label>
        <label>
          {t('import.paste')}
          <textarea name="json" rows={8} spellCheck={false} className="code" />
        </label>
        <div>
          <button type="submit" className="primary" disabled={busy}>
            {t('import.submit')}
          </button>
        </div>
      </Form>
    </section>
  );
}
