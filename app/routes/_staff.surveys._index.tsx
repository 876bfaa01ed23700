import type { ActionFunctionArgs, LinksFunction, LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { data, redirect } from '@remix-run/node';
import { Link, useActionData, useLoaderData } from '@remix-run/react';
import { useTranslation } from 'react-i18next';
import { can } from '#app/auth/policy.ts';
import { requireUser } from '#app/auth/session.server.ts';
import { GeneralErrorBoundary } from '#app/components/error-boundary.tsx';
import { SurveyImportForm } from '#app/components/survey-import-form.tsx';
import { clientAddress } from '#app/models/audit.server.ts';
import {
  ensureTemplateSurveys,
  importSurvey,
  listSurveys,
  readSurveyImportForm,
  SurveyImportError,
} from '#app/models/surveys.server.ts';
import { formatDate, localized } from '#app/utils/format.ts';
import styles from '#app/styles/campaigns.css?url';

export const links: LinksFunction = () => [{ rel: 'stylesheet', href: styles }];

export const meta: MetaFunction = () => [{ title: 'Surveys · Barometer' }];

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request, 'surveys:read');
  await ensureTemplateSurveys();
  return { surveys: await listSurveys(), canWrite: can(user.role, 'surveys:write') };
}

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireUser(request, 'surveys:write');
  try {
    const { text } = await readSurveyImportForm(request);
    const imported = await importSurvey({ text, actor: user, ipAddress: clientAddress(request) });
    return redirect(`/surveys/${imported.surveyId}?version=${imported.version}&saved=new`);
  } catch (error) {
    if (error instanceof SurveyImportError) return data({ problems: error.problems }, { status: 400 });
    throw error;
  }
}

export default function SurveysPage() {
  const { surveys, canWrite } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const { t, i18n } = useTranslation('surveys');
  const locale = i18n.language;
  return (
    <>
      <div className="page-head">
        <h1>{t('title')}</h1>
      </div>
      <p className="muted">{t('intro')}</p>
      {surveys.length === 0 ? (
        <p className="empty">{t('empty')}</p>
      ) : (
        <div className="table-wrap">
          <table>
            <thead>
              <tr>
                <th>{t('survey')}</th>
                <th>{t('versions')}</th>
              </tr>
            </thead>
            <tbody>
              {surveys.map((survey) => (
                <tr key={survey.id}>
                  <td>
                    <Link to={`/surveys/${survey.id}`}>
                      {localized(locale, survey.titleEn, survey.titleRu)}
                    </Link>
                    <div className="muted">{survey.key}</div>
                  </td>
                  <td>
                    <ul className="plain-list">
                      {survey.versions.map((version) => (
                        <li key={version.id}>
                          <Link to={`/surveys/${survey.id}?version=${version.version}`}>
                            {t('versionN', { version: version.version })}
                          </Link>
                          <span className={version.frozenAt ? 'badge muted-badge' : 'badge'}>
                            {version.frozenAt ? t('frozen') : t('draft')}
                          </span>
                          <span className="muted">
                            {' '}
                            {t('questionCount', { questions: version.questions, scored: version.scored })} ·{' '}
                            {formatDate(version.createdAt, locale)} · {t('usedBy')}:{' '}
                          </span>
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
                        </li>
                      ))}
                    </ul>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {canWrite ? (
        <SurveyImportForm title={t('import.newTitle')} problems={actionData?.problems ?? []} />
      ) : null}
    </>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
