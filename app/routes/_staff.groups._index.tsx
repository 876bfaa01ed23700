import type { LinksFunction, LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { Form, Link, useLoaderData } from '@remix-run/react';
import { useTranslation } from 'react-i18next';
import { requireUser } from '#app/auth/session.server.ts';
import { GeneralErrorBoundary } from '#app/components/error-boundary.tsx';
import { resolveLocale } from '#app/i18n/locale.server.ts';
import { listClientGroups, parseGroupParams } from '#app/models/client-groups.server.ts';
import { formatMoney, formatNumber } from '#app/utils/format.ts';
import analyticsStyles from '#app/styles/analytics.css?url';
import segmentStyles from '#app/styles/segments.css?url';

export const links: LinksFunction = () => [
  { rel: 'stylesheet', href: analyticsStyles },
  { rel: 'stylesheet', href: segmentStyles },
];

export const meta: MetaFunction = () => [{ title: 'Client groups · Barometer' }];

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request, 'groups:read');
  const { wave } = parseGroupParams(new URL(request.url).searchParams);
  return listClientGroups({ viewer: user, wave, locale: await resolveLocale(request, user.locale) });
}

export default function ClientGroupsPage() {
  const data = useLoaderData<typeof loader>();
  const { t, i18n } = useTranslation('segments');
  const locale = i18n.language;
  const suppressed = t('suppressed', { threshold: data.thresholds.suppressBelow });
  const score = (figure: { value: number | null; suppressed: boolean }) =>
    figure.suppressed ? (
      <span className="suppressed">{suppressed}</span>
    ) : (
      formatNumber(figure.value, locale, 1)
    );
  return (
    <>
      <h1>{t('groupsTitle')}</h1>
      <p className="muted">{t('groupsIntro')}</p>
      <Form method="get" className="filters" aria-label={t('wave')}>
        <label>
          {t('wave')}
          <select name="wave" defaultValue={data.wave}>
            {data.waves.map((wave) => (
              <option key={wave.id} value={wave.id}>
                {wave.name}
              </option>
            ))}
            <option value="all">{t('allWaves')}</option>
          </select>
        </label>
        <div className="filter-actions">
          <button type="submit" className="primary">
            {t('show')}
          </button>
        </div>
      </Form>
      {data.groups.length === 0 ? (
        <p className="empty">{t('noGroups')}</p>
      ) : (
        <div className="table-wrap">
          <table>
            <thead>
              <tr>
                <th>{t('group')}</th>
                <th className="number">{t('companies')}</th>
                <th className="number">{t('columns.revenue')}</th>
                <th>{t('units')}</th>
                <th>{t('managers')}</th>
                <th className="number">{t('npsWeighted')}</th>
                <th className="number">{t('csiWeighted')}</th>
                <th>{t('centralisation')}</th>
              </tr>
            </thead>
            <tbody>
              {data.groups.map((group) => (
                <tr key={group.id}>
                  <td>
                    <Link to={`/groups/${group.id}${data.wave === 'all' ? '?wave=all' : ''}`}>
                      {group.name}
                    </Link>
                  </td>
                  <td className="number">
                    {group.shownCompanies === group.companies
                      ? group.companies
                      : `${group.shownCompanies} / ${group.companies}`}
                  </td>
                  <td className="number">{formatMoney(group.revenue, locale)}</td>
                  <td>{group.units.join(', ')}</td>
                  <td>{group.managers.join(', ') || <span className="muted">{t('noManager')}</span>}</td>
                  <td className="number">{score(group.scores.nps)}</td>
                  <td className="number">{score(group.scores.csi)}</td>
                  <td>
                    {group.centralised ? (
                      <span className="muted">{t('centralised')}</span>
                    ) : (
                      <span className="badge danger-badge">{t('splitWarning')}</span>
                    )}
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
