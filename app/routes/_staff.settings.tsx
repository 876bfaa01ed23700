import type { LinksFunction, LoaderFunctionArgs } from '@remix-run/node';
import { NavLink, Outlet, useLoaderData } from '@remix-run/react';
import { useTranslation } from 'react-i18next';
import { can } from '#app/auth/policy.ts';
import { requireUser } from '#app/auth/session.server.ts';
import { GeneralErrorBoundary } from '#app/components/error-boundary.tsx';
import segmentStyles from '#app/styles/segments.css?url';

export const links: LinksFunction = () => [{ rel: 'stylesheet', href: segmentStyles }];

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request, 'settings:read');
  // The administration pages other areas keep under /settings, each behind its own capability.
  const tabs = [
    { to: '/settings/users', label: 'tabs.users', shown: can(user.role, 'users:manage') },
    { to: '/settings/api-tokens', label: 'tabs.apiTokens', shown: can(user.role, 'api:manage') },
    { to: '/settings/webhooks', label: 'tabs.webhooks', shown: can(user.role, 'api:manage') },
    { to: '/settings/audit', label: 'tabs.audit', shown: can(user.role, 'audit:read') },
  ];
  return { tabs: tabs.filter((tab) => tab.shown).map(({ to, label }) => ({ to, label })) };
}

/** The settings area: the versioned settings and, for administrators, users, API access and the audit log. */
export default function SettingsLayout() {
  const { tabs } = useLoaderData<typeof loader>();
  const { t } = useTranslation('settings');
  return (
    <>
      <nav className="sub-tabs" aria-label={t('areaLabel')}>
        <ul>
          <li>
            <NavLink to="/settings" end>
              {t('tabs.settings')}
            </NavLink>
          </li>
          {tabs.map((tab) => (
            <li key={tab.to}>
              <NavLink to={tab.to}>{t(tab.label)}</NavLink>
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
