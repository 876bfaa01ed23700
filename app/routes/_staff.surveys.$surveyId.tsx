import type { ActionFunctionArgs, LinksFunction, LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { data, redirect } from '@remix-run/node';
import { Link, useActionData, useLoaderData, useSearchParams } from '@remix-run/react';
import { lazy, Suspense, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import surveyStyles from 'survey-core/survey-core.fontless.min.css?url';
import { can } from '#app/auth/policy.ts';
import { requireUser } from '#app/auth/session.server.ts';
import { GeneralErrorBoundary } from '#app/components/error-boundary.tsx';
import { SurveyImportForm } from '#app/components/survey-import-form.tsx';
import type { Locale } from '#app/i18n/locales.ts';
import { clientAddress } from '#app/models/audit.server.ts';
import {
  getSurvey,
  importSurvey,
  readSurveyImportForm,
  SurveyImportError,
} from '#app/models/surveys.server.ts';
import { formatDate, localized } from '#app/utils/format.ts';
import styles from '#app/styles/campaigns.css?url';

// SurveyJS loads only here, after hydration, and only for this page (it is ~360 KB gzipped).
const SurveyPreview = lazy(() => import('#app/components/survey-preview.client.tsx'));

export const links: LinksFunction = () => [
  { rel: 'stylesheet', href: surveyStyles },
  { rel: 'stylesheet', href: styles },
];

export const meta: MetaFunction = () => [{ title: 'Survey · Barometer' }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUser(request, 'surveys:read');
  const version = new URL(request.url).searchParams.get('version');
  const survey = await getSurvey({ id: params.surveyId!, version });
  return { ...survey, canWrite: can(user.role, 'surveys:write') };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const user = await requireUser(request, 'surveys:write');
  try {
    const { text } = await readSurveyImportForm(request);
    const imported = await importSurvey({
      surveyId: params.surveyId!,
      text,
      actor: user,
      ipAddress: clientAddress(request),
    });
    const saved = imported.replacedDraft ? 'replaced' : 'new';
    return redirect(`/surveys/${imported.surveyId}?version=${imported.version}&saved=${saved}`);
  } catch (error) {
    if (error instanceof SurveyImportError) return data({ problems: error.problems }, { status: 400 });
    throw error;
  }
}

function useHydrated() {
  const [hydrated, setHydrated] = useState(false);
  useEffect(() => setHydrated(true), []);
  return hydrated;
}

export default function SurveyPage() {
  const { survey, versions, selected, canWrite } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const { t, i18n } = useTranslation('surveys');
  const locale = i18n.language;
  const [searchParams] = useSearchParams();
  const [previewLocale, setPreviewLocale] = useState<Locale>(locale === 'en' ? 'en' : 'ru');
  const hydrated = useHydrated();
  const saved = searchParams.get('saved');
  const latest = versions[0];
  const loading = <p className="muted">{t('preview.loading')}</p>;
  return (
    <>
      <div className="page-head">
        <h1>{localized(locale, survey.titleEn, survey.titleRu)}</h1>
        <span className="muted">{survey.key}</span>
        <Link to="/surveys">{t('title')}</Link>
      </div>
      {saved === 'new' || saved === 'replaced' ? (
        <p className="notice" role="status">
          {t(saved === 'new' ? 'import.savedNew' : 'import.savedReplaced', { version: selected.version })}
        </p>
      ) : null}

      <div className="table-wrap">
        <table>
          <thead>
            <tr>
              <th>{t('version')}</th>
              <th>{t('status')}</th>
              <th>{t('questions')}</th>
              <th>{t('created')}</th>
              <th>{t('usedBy')}</th>
              <th />
            </tr>
          </thead>
          <tbody>
            {versions.map((version) => (
              <tr key={version.id} aria-current={version.id === selected.id ? 'true' : undefined}>
                <td>
                  <Link to={`?version=${version.version}`}>
                    {t('versionN', { version: version.version })}
                  </Link>
                </td>
                <td>
                  {version.frozenAt
                    ? t('frozenOn', { date: formatDate(version.frozenAt, locale) })
                    : t('notFrozen')}
                </td>
                <td>{t('questionCount', { questions: version.questions, scored: version.scored })}</td>
                <td>{formatDate(version.createdAt, locale)}</td>
                <td>
                  {version.waves.length === 0 ? (
                    <span className="muted">{t('notUsed')}</span>
                  ) : (
                    version.waves.map((wave, index) => (
                      <span key={wave.id}>
                        {index > 0 ? ', ' : null}
                        <Link to={`/waves/${wave.id}`}>{wave.name}</Link>
                      </span>
                    ))
                  )}
                </td>
                <td>
                  <a href={`/surveys/${survey.id}/definition?version=${version.version}`} download>
                    {t('download')}
                  </a>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>

      <section aria-labelledby="preview-title">
        <div className="page-head">
          <h2 id="preview-title">{t('preview.title', { version: selected.version })}</h2>
          <fieldset className="segmented" aria-label={t('preview.language')}>
            {(['ru', 'en'] as const).map((option) => (
              <button
                key={option}
                type="button"
                className={option === previewLocale ? 'active' : undefined}
                aria-pressed={option === previewLocale}
                onClick={() => setPreviewLocale(option)}
              >
                {option === 'ru' ? 'Русский' : 'English'}
              </button>
            ))}
          </fieldset>
        </div>
        <p className="muted">{t('preview.note')}</p>
        <div className="card">
          {hydrated ? (
            <Suspense fallback={loading}>
              <SurveyPreview key={selected.id} definition={selected.definition} locale={previewLocale} />
            </Suspense>
          ) : (
            loading
          )}
        </div>
      </section>

      {canWrite && latest ? (
        <SurveyImportForm
          title={t('import.versionTitle')}
          hint={
            latest.frozenAt
              ? t('import.createsVersion', { version: latest.version, next: latest.version + 1 })
              : t('import.replacesDraft', { version: latest.version })
          }
          problems={actionData?.problems ?? []}
        />
      ) : null}
    </>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
