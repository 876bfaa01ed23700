import type { LoaderFunctionArgs } from '@remix-run/node';
import { Form, NavLink, Outlet, useLoaderData } from '@remix-run/react';
import { useTranslation } from 'react-i18next';
import { navigationFor } from '#app/auth/policy.ts';
import { requireUser } from '#app/auth/session.server.ts';
import { GeneralErrorBoundary } from '#app/components/error-boundary.tsx';
import { LanguageSwitch } from '#app/components/language-switch.tsx';

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  return {
    user: { fullName: user.fullName, role: user.role, email: user.email },
    navigation: navigationFor(user.role).map(({ to, labelKey }) => ({ to, labelKey })),
  };
}

export default function StaffLayout() {
  const { user, navigation } = useLoaderData<typeof loader>();
  const { t } = useTranslation();
  return (
    <div className="shell">
      <header className="topbar">
        <a href="/overview" className="brand">
          {t('appName')}
        </a>
        <nav aria-label="Main">
          <ul>
            {navigation.map((item) => (
              <li key={item.to}>
                <NavLink to={item.to}>{t(item.labelKey)}</NavLink>
              </li>
            ))}
          </ul>
        </nav>
        <div className="account">
          <span className="muted" title={user.email}>
            {user.fullName} · {t(`roles.${user.role}`)}
          </span>
          <LanguageSwitch />
          <Form method="post" action="/logout">
            <button type="submit" className="link">
              {t('signOut')}
            </button>
          </Form>
        </div>
      </header>
      <main className="content">
        <Outlet />
      </main>
    </div>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
