import type { LinksFunction, LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { Link, useLoaderData } from '@remix-run/react';
import { useTranslation } from 'react-i18next';
import { can } from '#app/auth/policy.ts';
import { requireUser } from '#app/auth/session.server.ts';
import { GeneralErrorBoundary } from '#app/components/error-boundary.tsx';
import { PageHead } from '#app/components/page-head.tsx';
import { listWaves } from '#app/models/waves.server.ts';
import { formatDate, formatNumber, localized } from '#app/utils/format.ts';
import styles from '#app/styles/campaigns.css?url';

export const links: LinksFunction = () => [{ rel: 'stylesheet', href: styles }];

export const meta: MetaFunction = () => [{ title: 'Waves · Barometer' }];

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request, 'waves:read');
  return { waves: await listWaves(), canWrite: can(user.role, 'waves:write') };
}

export default function WavesPage() {
  const { waves, canWrite } = useLoaderData<typeof loader>();
  const { t, i18n } = useTranslation('waves');
  const locale = i18n.language;
  return (
    <>
      <PageHead title={t('title')}>
        {canWrite ? (
          <Link to="/waves/new" className="button">
            {t('new')}
          </Link>
        ) : null}
      </PageHead>
      {waves.length === 0 ? (
        <p className="empty">{t('empty')}</p>
      ) : (
        <div className="table-wrap">
          <table>
            <thead>
              <tr>
                <th>{t('name')}</th>
                <th>{t('survey')}</th>
                <th>{t('status')}</th>
                <th>{t('sendFrom')}</th>
                <th>{t('expiresAt')}</th>
                <th className="number">{t('invited')}</th>
                <th className="number">{t('completed')}</th>
                <th className="number">{t('responseRate')}</th>
              </tr>
            </thead>
            <tbody>
              {waves.map((wave) => (
                <tr key={wave.id}>
                  <td>
                    <Link to={`/waves/${wave.id}`}>{wave.name}</Link>
                  </td>
                  <td>
                    <Link to={`/surveys/${wave.surveyId}?version=${wave.version}`}>
                      {t('versionOption', {
                        title: localized(locale, wave.surveyTitleEn, wave.surveyTitleRu),
                        version: wave.version,
                      })}
                    </Link>
                  </td>
                  <td>
                    <span className={`status status-${wave.status}`}>{t(`statuses.${wave.status}`)}</span>
                  </td>
                  <td>{formatDate(wave.sendFrom, locale)}</td>
                  <td>{formatDate(wave.expiresAt, locale)}</td>
                  <td className="number">{formatNumber(wave.invited, locale)}</td>
                  <td className="number">{formatNumber(wave.completed, locale)}</td>
                  <td className="number">
                    {wave.invited > 0 ? formatNumber((100 * wave.completed) / wave.invited, locale, 1) : '—'}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
