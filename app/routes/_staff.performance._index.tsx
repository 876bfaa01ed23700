import type { LinksFunction, LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { Link, useLoaderData } from '@remix-run/react';
import { useTranslation } from 'react-i18next';
import { can } from '#app/auth/policy.ts';
import { requireUser } from '#app/auth/session.server.ts';
import { GeneralErrorBoundary } from '#app/components/error-boundary.tsx';
import { PageHead } from '#app/components/page-head.tsx';
import { FairScoreSection } from '#app/components/performance-fair-scores.tsx';
import { PeriodFilter } from '#app/components/performance-period-filter.tsx';
import { getFairScoreCharts, periodFairScores } from '#app/models/fair-scores.server.ts';
import { listReviewPeriods, resolveReviewPeriod } from '#app/models/kpis.server.ts';
import { listScorecards } from '#app/models/scorecards.server.ts';
import { formatNumber, localized } from '#app/utils/format.ts';
import analyticsStyles from '#app/styles/analytics.css?url';
import styles from '#app/styles/performance.css?url';

export const links: LinksFunction = () => [
  { rel: 'stylesheet', href: analyticsStyles },
  { rel: 'stylesheet', href: styles },
];

export const meta: MetaFunction = () => [{ title: 'Performance · Barometer' }];

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request, 'performance:read');
  // Management sees every manager, a unit head their unit, a manager a list of one: their own card.
  const periodId = new URL(request.url).searchParams.get('period');
  const [periods, period] = await Promise.all([listReviewPeriods(), resolveReviewPeriod(periodId)]);
  const canManage = can(user.role, 'performance:manage');
  if (!period) return { periods, period: null, scorecards: [], fair: null, canManage };
  const fairScores = await periodFairScores(period);
  const [scorecards, fair] = await Promise.all([
    listScorecards({ viewer: user, period, fairScores }),
    getFairScoreCharts({ viewer: user, period, fairScores }),
  ]);
  return { periods, period, scorecards, fair, canManage };
}

export default function PerformancePage() {
  const { periods, period, scorecards, fair, canManage } = useLoaderData<typeof loader>();
  const { t, i18n } = useTranslation('performance');
  const query = period ? `?period=${period.id}` : '';
  return (
    <>
      <PageHead title={t('title')}>
        {canManage ? (
          <nav className="performance-links" aria-label={t('title')}>
            <Link to="/performance/setup">{t('links.setup')}</Link>
            <Link to="/performance/targets">{t('links.targets')}</Link>
            <Link to="/performance/actuals">{t('links.actuals')}</Link>
          </nav>
        ) : null}
      </PageHead>
      {periods.length === 0 || !period ? (
        <p className="empty">{t('noPeriods')}</p>
      ) : (
        <>
          <PeriodFilter periods={periods} periodId={period.id} />
          <h2>{t('overview.scorecards')}</h2>
          {scorecards.length > 0 && scorecards.every((card) => !card.weighted) ? (
            <p className="muted">{t('overview.noWeights')}</p>
          ) : null}
          {scorecards.length === 0 ? (
            <p className="empty">{t('overview.empty')}</p>
          ) : (
            <div className="table-wrap">
              <table>
                <thead>
                  <tr>
                    <th>{t('overview.manager')}</th>
                    <th>{t('overview.unit')}</th>
                    <th className="number">{t('overview.score')}</th>
                    <th className="number">{t('overview.belowTarget')}</th>
                    <th className="number">{t('overview.missingExplanations')}</th>
                    <th className="number">{t('overview.pendingAdjustments')}</th>
                    <th>{t('overview.review')}</th>
                  </tr>
                </thead>
                <tbody>
                  {scorecards.map((card) => (
                    <tr key={card.manager.id}>
                      <td>
                        <Link to={`/performance/managers/${card.manager.id}${query}`}>
                          {card.manager.fullName}
                        </Link>
                      </td>
                      <td>{localized(i18n.language, card.manager.unitNameEn, card.manager.unitNameRu)}</td>
                      <td className="number">
                        {card.score === null
                          ? t('common:none')
                          : `${formatNumber(100 * card.score, i18n.language, 1)}%`}
                      </td>
                      <td className="number">{card.belowTarget}</td>
                      <td className="number">
                        {card.missingExplanations > 0 ? (
                          <span className="badge missing-badge">{card.missingExplanations}</span>
                        ) : (
                          0
                        )}
                      </td>
                      <td className="number">{card.pendingAdjustments}</td>
                      <td>
                        <span
                          className={`badge ${card.status === 'signed' ? 'signed-badge' : 'muted-badge'}`}
                        >
                          {t(`status.${card.status}`)}
                        </span>
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
          {fair ? <FairScoreSection window={fair.window} charts={fair.charts} /> : null}
        </>
      )}
    </>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
