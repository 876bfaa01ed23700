import type { LinksFunction, LoaderFunctionArgs } from '@remix-run/node';
import { NavLink, Outlet, useLoaderData, useLocation } from '@remix-run/react';
import { useTranslation } from 'react-i18next';
import { can } from '#app/auth/policy.ts';
import { requireUser } from '#app/auth/session.server.ts';
import { GeneralErrorBoundary } from '#app/components/error-boundary.tsx';
import { filterQuery } from '#app/models/analytics-params.ts';
import stylesheet from '#app/styles/analytics.css?url';

export const links: LinksFunction = () => [{ rel: 'stylesheet', href: stylesheet }];

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request, 'analytics:read');
  return { companyViews: can(user.role, 'analytics:company') };
}

/** The dashboards' tabs; moving between them keeps the filters. */
export default function AnalyticsLayout() {
  const { companyViews } = useLoaderData<typeof loader>();
  const { t } = useTranslation('analytics');
  const location = useLocation();
  const query = filterQuery(new URLSearchParams(location.search));
  const tabs = [
    { to: '/analytics', label: t('tabs.overview'), end: true },
    { to: '/analytics/heatmap', label: t('tabs.heatmap') },
    ...(companyViews ? [{ to: '/analytics/drivers', label: t('tabs.drivers') }] : []),
    { to: '/analytics/trends', label: t('tabs.trends') },
    { to: '/analytics/accounts', label: t('tabs.accounts') },
    { to: '/analytics/verbatims', label: t('tabs.verbatims') },
  ];
  return (
    <>
      <nav className="analytics-tabs" aria-label={t('tabs.label')}>
        <ul>
          {tabs.map((tab) => (
            <li key={tab.to}>
              <NavLink to={`${tab.to}${query}`} end={tab.end}>
                {tab.label}
              </NavLink>
            </li>
          ))}
        </ul>
      </nav>
      <Outlet />
    </>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
