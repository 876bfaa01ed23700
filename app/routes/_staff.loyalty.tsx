import type { LinksFunction, LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { Form, NavLink, Outlet, useLoaderData, useLocation } from '@remix-run/react';
import { useTranslation } from 'react-i18next';
import { requireUser } from '#app/auth/session.server.ts';
import { GeneralErrorBoundary } from '#app/components/error-boundary.tsx';
import { FilterActions, SelectFilter } from '#app/components/list-filters.tsx';
import { PageHead } from '#app/components/page-head.tsx';
import { currentLoyaltyRules, loyaltyFilterOptions } from '#app/models/satisfaction-feed.server.ts';
import { localized } from '#app/utils/format.ts';
import stylesheet from '#app/styles/analytics.css?url';

export const links: LinksFunction = () => [{ rel: 'stylesheet', href: stylesheet }];

export const meta: MetaFunction = () => [{ title: 'Loyalty · Barometer' }];

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request, 'analytics:read');
  const [options, rules] = await Promise.all([loyaltyFilterOptions(user), currentLoyaltyRules()]);
  return { options, rules };
}

// Parameters of one view that the unit/manager filter must not carry to another view.
const viewOnly = new Set(['unit', 'manager', 'cursor', 'fromState', 'toState']);

/** The loyalty views' tabs, the unit/manager filter they share and the rules behind the states. */
export default function LoyaltyLayout() {
  const { options, rules } = useLoaderData<typeof loader>();
  const { t, i18n } = useTranslation('loyalty');
  const location = useLocation();
  const params = new URLSearchParams(location.search);
  const shared = new URLSearchParams();
  for (const key of ['unit', 'manager']) {
    const value = params.get(key);
    if (value) shared.set(key, value);
  }
  const query = shared.size > 0 ? `?${shared}` : '';
  const tabs = [
    { to: '/loyalty', label: t('tabs.matrix'), end: true },
    { to: '/loyalty/at-risk', label: t('tabs.atRisk') },
    { to: '/loyalty/movement', label: t('tabs.movement') },
    { to: '/loyalty/feed', label: t('tabs.feed') },
  ];
  const { rules: r, version } = rules;
  return (
    <div className="stack">
      <PageHead title={t('title')} />
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
      <Form method="get" className="filters" aria-label={t('filters')}>
        {[...params].map(([key, value]) =>
          viewOnly.has(key) ? null : <input key={key} type="hidden" name={key} value={value} />,
        )}
        <SelectFilter
          label={t('unit')}
          name="unit"
          value={params.get('unit') ?? ''}
          any
          options={options.units.map((unit) => ({
            value: unit.id,
            label: localized(i18n.language, unit.nameEn, unit.nameRu),
          }))}
        />
        {options.managers.length > 0 ? (
          <SelectFilter
            label={t('manager')}
            name="manager"
            value={params.get('manager') ?? ''}
            any
            options={options.managers.map((manager) => ({ value: manager.id, label: manager.fullName }))}
          />
        ) : null}
        <FilterActions reset={location.pathname} />
      </Form>
      <p className="muted">
        {t('rulesNote', {
          version: version === 0 ? t('rulesDefault') : version,
          champion: r.champion.minCsi,
          satisfied: r.satisfied.minCsi,
          floor: r.atRisk.csiBelow,
          drop: r.atRisk.csiDrop,
          silent: r.lostContact.silentWaves,
        })}
      </p>
      <Outlet />
    </div>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
