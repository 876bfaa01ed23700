import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { Link, useLoaderData, useSearchParams } from '@remix-run/react';
import { useTranslation } from 'react-i18next';
import { requireUser } from '#app/auth/session.server.ts';
import { AnalyticsFilterBar } from '#app/components/analytics-filter-bar.tsx';
import { DataTableView } from '#app/components/data-table-view.tsx';
import { GeneralErrorBoundary } from '#app/components/error-boundary.tsx';
import { Pagination } from '#app/components/pagination.tsx';
import { useAnalyticsFormat } from '#app/components/use-analytics-format.ts';
import { resolveLocale } from '#app/i18n/locale.server.ts';
import type { ShownCell } from '#app/models/analytics-params.ts';
import { parseAnalyticsParams } from '#app/models/analytics-params.server.ts';
import { getAccountsDashboard } from '#app/models/analytics.server.ts';
import { formatMoney } from '#app/utils/format.ts';

export const meta: MetaFunction = () => [{ title: 'Accounts · Barometer' }];

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request, 'analytics:read');
  const params = parseAnalyticsParams(new URL(request.url).searchParams);
  return getAccountsDashboard({ viewer: user, params, locale: await resolveLocale(request, user.locale) });
}

export default function AccountsPage() {
  const data = useLoaderData<typeof loader>();
  const { t } = useTranslation('analytics');
  const [searchParams] = useSearchParams();
  const suppressedLabel = t('suppressed', { threshold: data.filterBar.thresholds.suppressBelow });
  const format = useAnalyticsFormat(suppressedLabel);
  const { summary } = data;
  const withClass = (accountClass: string | null) => {
    const params = new URLSearchParams(searchParams);
    params.delete('page');
    if (accountClass) params.set('class', accountClass);
    else params.delete('class');
    return `?${params}#accounts`;
  };
  const npsFigure = (cell: ShownCell) =>
    cell.suppressed || cell.value === null ? (
      <p className="figure suppressed">{suppressedLabel}</p>
    ) : (
      <>
        <p className="figure">
          {format.metricValue('nps', cell.value)}
          {cell.lowBase ? <span className="low-base-mark">{t('lowBaseMark')}</span> : null}
        </p>
        {cell.ci95 ? (
          <p className="muted">{t('ciText', { interval: format.interval('nps', cell.ci95) })}</p>
        ) : null}
      </>
    );
  return (
    <>
      <h1>{t('accounts.title')}</h1>
      <AnalyticsFilterBar data={data.filterBar} />
      <div className="tiles">
        <section className="tile" aria-label={t('accounts.accountNps')}>
          <h2>{t('accounts.accountNps')}</h2>
          {npsFigure(summary.accountNps)}
          <p className="muted">{t('accounts.accountsN', { n: format.number(summary.accounts) })}</p>
          <p>
            <Link to={withClass(null)}>{t('accounts.showAccounts')}</Link>
          </p>
        </section>
        <section className="tile" aria-label={t('accounts.revenueWeightedNps')}>
          <h2>{t('accounts.revenueWeightedNps')}</h2>
          {npsFigure(summary.revenueWeightedNps)}
          {summary.revenueWeightedNps.effectiveN === null ? null : (
            <p className="muted">
              {t('accounts.effectiveN', { n: format.number(summary.revenueWeightedNps.effectiveN, 1) })}
            </p>
          )}
          <p>
            <Link to={withClass(null)}>{t('accounts.showAccounts')}</Link>
          </p>
        </section>
        <section className="tile" aria-label={t('accounts.revenueAtRisk')}>
          <h2>{t('accounts.revenueAtRisk')}</h2>
          <p className="figure">{formatMoney(summary.revenueAtRisk, format.locale)}</p>
          <p className="muted">
            {t('accounts.detractorAccounts', { n: format.number(summary.detractorAccounts) })}
          </p>
          <p>
            <Link to={withClass('detractor')}>{t('accounts.showDetractors')}</Link>
          </p>
        </section>
        <section className="tile" aria-label={t('accounts.revenueCoverage')}>
          <h2>{t('accounts.revenueCoverage')}</h2>
          <p className="figure">
            {summary.revenueCoverage.percent === null
              ? '—'
              : `${format.number(summary.revenueCoverage.percent, 1)}%`}
          </p>
          <p className="muted">
            {t('accounts.coverageText', {
              covered: formatMoney(summary.revenueCoverage.coveredRevenue, format.locale),
              audience: formatMoney(summary.revenueCoverage.audienceRevenue, format.locale),
            })}
          </p>
        </section>
      </div>
      <p className="muted">{t('accounts.method')}</p>

      <h2 id="accounts">{data.tables.accounts.title}</h2>
      <nav className="export-links" aria-label={t('accounts.class')}>
        <Link to={withClass(null)} aria-current={data.accountClass === null ? 'true' : undefined}>
          {t('accounts.allClasses')}
        </Link>
        {data.classes.map((accountClass) => (
          <Link
            key={accountClass}
            to={withClass(accountClass)}
            aria-current={data.accountClass === accountClass ? 'true' : undefined}
          >
            {t(`accountClasses.${accountClass}`)}
          </Link>
        ))}
      </nav>
      <DataTableView table={data.tables.accounts} caption={false} />
      <Pagination page={data.page} pageCount={data.pageCount} />

      <h2>{t('accounts.groupsTitle')}</h2>
      <DataTableView table={data.tables.groups} caption={false} />
    </>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
