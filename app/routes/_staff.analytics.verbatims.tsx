import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { Link, useLoaderData } from '@remix-run/react';
import { useTranslation } from 'react-i18next';
import { requireUser } from '#app/auth/session.server.ts';
import { AnalyticsFilterBar } from '#app/components/analytics-filter-bar.tsx';
import { ExportLinks } from '#app/components/data-table-view.tsx';
import { GeneralErrorBoundary } from '#app/components/error-boundary.tsx';
import { Pagination } from '#app/components/pagination.tsx';
import { resolveLocale } from '#app/i18n/locale.server.ts';
import { parseAnalyticsParams } from '#app/models/analytics-params.server.ts';
import { getVerbatimsDashboard } from '#app/models/analytics.server.ts';
import { formatDate, formatNumber } from '#app/utils/format.ts';

export const meta: MetaFunction = () => [{ title: 'Verbatims · Barometer' }];

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request, 'analytics:read');
  const params = parseAnalyticsParams(new URL(request.url).searchParams);
  return getVerbatimsDashboard({ viewer: user, params, locale: await resolveLocale(request, user.locale) });
}

const ltrClass = (ltr: number | null) =>
  ltr === null ? '' : ltr >= 9 ? 'promoter' : ltr >= 7 ? 'passive' : 'detractor';

export default function VerbatimsPage() {
  const data = useLoaderData<typeof loader>();
  const { t, i18n } = useTranslation('analytics');
  const locale = i18n.language;
  return (
    <>
      <div className="page-head">
        <h1>{t('verbatims.title')}</h1>
        <span className="muted">
          {t('verbatims.count', { count: data.total, formatted: formatNumber(data.total, locale) })}
        </span>
        <ExportLinks view="verbatims" />
      </div>
      <AnalyticsFilterBar data={data.filterBar}>
        <div className="filter-field">
          <label htmlFor="verbatim-search">{t('verbatims.search')}</label>
          <input id="verbatim-search" type="search" name="q" defaultValue={data.q ?? ''} />
        </div>
      </AnalyticsFilterBar>
      {data.rows.length === 0 ? (
        <p className="empty">{t('verbatims.empty')}</p>
      ) : (
        <ul className="verbatim-list" aria-label={t('verbatims.title')}>
          {data.rows.map((row) => (
            <li key={row.responseId} className={`verbatim ${ltrClass(row.ltr)}`}>
              <blockquote lang={row.language}>{row.text}</blockquote>
              <p>
                {row.clientHref ? <Link to={row.clientHref}>{row.clientName}</Link> : row.clientName}
                {' · '}
                {row.waveName}
                {' · '}
                {formatDate(row.completedAt, locale)}
                {row.ltr === null ? null : (
                  <>
                    {' · '}
                    {t('verbatims.ltrValue', { ltr: row.ltr })}
                    {ltrClass(row.ltr) ? ` (${t(`accountClasses.${ltrClass(row.ltr)}`)})` : null}
                  </>
                )}
              </p>
            </li>
          ))}
        </ul>
      )}
      <Pagination page={data.page} pageCount={data.pageCount} />
    </>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
