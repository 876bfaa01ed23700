import type { LinksFunction, LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { Form, Link, useLoaderData } from '@remix-run/react';
import { useTranslation } from 'react-i18next';
import { requireUser } from '#app/auth/session.server.ts';
import { GroupEconomics } from '#app/components/client-economics.tsx';
import { GeneralErrorBoundary } from '#app/components/error-boundary.tsx';
import { resolveLocale } from '#app/i18n/locale.server.ts';
import { getClientGroup, parseGroupParams } from '#app/models/client-groups.server.ts';
import { groupEconomics } from '#app/models/economics.server.ts';
import { formatMoney, formatNumber } from '#app/utils/format.ts';
import analyticsStyles from '#app/styles/analytics.css?url';
import managerStyles from '#app/styles/managers.css?url';
import segmentStyles from '#app/styles/segments.css?url';

export const links: LinksFunction = () => [
  { rel: 'stylesheet', href: analyticsStyles },
  { rel: 'stylesheet', href: segmentStyles },
  { rel: 'stylesheet', href: managerStyles },
];

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: `${data?.group.name ?? 'Client group'} · Barometer` },
];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUser(request, 'groups:read');
  const { wave } = parseGroupParams(new URL(request.url).searchParams);
  const group = await getClientGroup({
    id: params.groupId ?? '',
    viewer: user,
    wave,
    locale: await resolveLocale(request, user.locale),
  });
  return { ...group, economics: await groupEconomics(params.groupId ?? '', user) };
}

export default function ClientGroupPage() {
  const data = useLoaderData<typeof loader>();
  const { t, i18n } = useTranslation('segments');
  const locale = i18n.language;
  const suppressed = t('suppressed', { threshold: data.thresholds.suppressBelow });
  const rolled = (label: string, figure: typeof data.scores.nps) => (
    <section className="tile" aria-label={label}>
      <h2>{label}</h2>
      {figure.suppressed ? (
        <p className="figure suppressed">{suppressed}</p>
      ) : (
        <>
          <p className="figure">
            {formatNumber(figure.value, locale, 1)}
            {figure.lowBase ? <span className="low-base-mark"> · {t('lowBase')}</span> : null}
          </p>
          {figure.effectiveN !== null ? (
            <p className="muted">{t('effectiveN', { n: formatNumber(figure.effectiveN, locale, 1) })}</p>
          ) : null}
        </>
      )}
    </section>
  );
  const { centralisation } = data;
  return (
    <>
      <p>
        <Link to="/groups">{t('backToGroups')}</Link>
      </p>
      <div className="page-head">
        <h1>{data.group.name}</h1>
        <span className="muted">{t('companiesCount', { count: data.totalCompanies })}</span>
      </div>
      {centralisation.centralised ? null : (
        <div className="card warning" role="alert">
          <strong>{t('splitWarning')}</strong>
          <p>
            {centralisation.splitUnits ? t('splitUnits', { count: data.units.length }) : null}{' '}
            {centralisation.splitManagers ? t('splitManagers', { count: data.managers.length }) : null}
          </p>
          <p className="muted">{t('centralisationAdvice')}</p>
        </div>
      )}
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
      <div className="tiles">
        {rolled(t('npsWeighted'), data.scores.nps)}
        {rolled(t('csiWeighted'), data.scores.csi)}
        <section className="tile" aria-label={t('columns.revenue')}>
          <h2>{t('columns.revenue')}</h2>
          <p className="figure">{formatMoney(data.revenue, locale)}</p>
        </section>
      </div>

      <h2>{t('servedBy')}</h2>
      <ul>
        {data.units.map((unit) => (
          <li key={`unit-${unit.id}`}>
            {t('unit')}: {unit.name ?? t('otherUnit')} — {t('companiesCount', { count: unit.companies })}
          </li>
        ))}
        {data.managers.map((manager) => (
          <li key={`manager-${manager.id ?? 'none'}`}>
            {t('manager')}: {manager.id === null ? t('noManager') : (manager.name ?? t('otherManager'))} —{' '}
            {t('companiesCount', { count: manager.companies })}
          </li>
        ))}
      </ul>

      <GroupEconomics data={data.economics} />

      <h2>{t('companies')}</h2>
      {data.hiddenCompanies > 0 ? (
        <p className="muted">{t('hiddenCompanies', { count: data.hiddenCompanies })}</p>
      ) : null}
      <div className="table-wrap">
        <table>
          <thead>
            <tr>
              <th>{t('company')}</th>
              <th>{t('size')}</th>
              <th>{t('unit')}</th>
              <th>{t('manager')}</th>
              <th className="number">{t('columns.revenue')}</th>
              <th className="number">{t('respondents')}</th>
              <th className="number">{t('netScore')}</th>
              <th>{t('accountClass')}</th>
              <th className="number">CSI</th>
            </tr>
          </thead>
          <tbody>
            {data.companies.map((company) => (
              <tr key={company.id}>
                <td>
                  <Link to={`/clients/${company.id}`}>{company.name}</Link>
                </td>
                <td>{t(`common:sizes.${company.sizeSegment}`)}</td>
                <td>{company.unit}</td>
                <td>{company.managerName ?? <span className="muted">{t('noManager')}</span>}</td>
                <td className="number">{formatMoney(company.revenue, locale)}</td>
                <td className="number">{company.respondents}</td>
                <td className="number">{formatNumber(company.netScore, locale, 1)}</td>
                <td>{company.accountClass ? t(`accountClassNames.${company.accountClass}`) : '—'}</td>
                <td className="number">{formatNumber(company.csi, locale, 1)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
