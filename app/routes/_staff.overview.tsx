import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { Link, useLoaderData } from '@remix-run/react';
import { useTranslation } from 'react-i18next';
import { requireUser } from '#app/auth/session.server.ts';
import { HorizontalBars } from '#app/charts/horizontal-bars.tsx';
import { GeneralErrorBoundary } from '#app/components/error-boundary.tsx';
import { getOverview } from '#app/models/overview.server.ts';
import { formatDate, formatMoney, formatNumber } from '#app/utils/format.ts';

export const meta: MetaFunction = () => [{ title: 'Overview · Barometer' }];

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request, 'overview:read');
  return { overview: await getOverview({ viewer: user }), isManager: user.role === 'manager' };
}

export default function OverviewPage() {
  const { overview, isManager } = useLoaderData<typeof loader>();
  const { t, i18n } = useTranslation('overview');
  const locale = i18n.language;
  return (
    <>
      <h1>{t('title')}</h1>
      <div className="cards">
        <section className="card">
          <h2>{isManager ? t('portfolio') : t('clientBase')}</h2>
          <p className="figure">
            <Link to="/clients">{formatNumber(overview.totalClients, locale)}</Link>
          </p>
          <p className="muted">
            {t('revenue')}: {formatMoney(overview.totalRevenueRub, locale)}
          </p>
          <HorizontalBars
            title={t('clientsBySize')}
            bars={overview.bySize.map((row) => ({
              key: row.sizeSegment,
              label: t(`common:sizes.${row.sizeSegment}`),
              value: row.clients,
              valueLabel: formatNumber(row.clients, locale),
            }))}
          />
        </section>
        <section className="card">
          <h2>{t('openFollowUps')}</h2>
          <p className="figure">{formatNumber(overview.followUps.open, locale)}</p>
          <p className="muted">
            {formatNumber(overview.followUps.overdue, locale)} {t('overdue')}
          </p>
        </section>
      </div>
      <section>
        <h2>{t('waves')}</h2>
        {overview.waves.length === 0 ? (
          <p className="empty">{t('noWaves')}</p>
        ) : (
          <div className="table-wrap">
            <table>
              <thead>
                <tr>
                  <th>{t('wave')}</th>
                  <th>{t('status')}</th>
                  <th className="number">{t('invited')}</th>
                  <th className="number">{t('completed')}</th>
                  <th className="number">{t('responseRate')}</th>
                </tr>
              </thead>
              <tbody>
                {overview.waves.map((wave) => (
                  <tr key={wave.id}>
                    <td>
                      {wave.name}
                      <span className="muted"> · {formatDate(wave.launchedAt, locale)}</span>
                    </td>
                    <td>{t(`waveStatus.${wave.status}`)}</td>
                    <td className="number">{formatNumber(wave.invited, locale)}</td>
                    <td className="number">{formatNumber(wave.completed, locale)}</td>
                    <td className="number">
                      {wave.responseRate === null
                        ? '—'
                        : `${formatNumber(wave.responseRate * 100, locale, 1)}%`}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>
    </>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
