import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { Form, Link, useLoaderData, useSearchParams } from '@remix-run/react';
import { useTranslation } from 'react-i18next';
import { INDUSTRY_SECTIONS } from '#analytics/metrics/okved2.ts';
import { can } from '#app/auth/policy.ts';
import { requireUser } from '#app/auth/session.server.ts';
import { GeneralErrorBoundary } from '#app/components/error-boundary.tsx';
import { Pagination } from '#app/components/pagination.tsx';
import { ClientBaseActions } from '#app/imports/client-base-actions.tsx';
import { clientFilterOptions, clientFilterSchema, listClients } from '#app/models/clients.server.ts';
import { customSegmentOptions } from '#app/models/segments.server.ts';
import { sizeSegments } from '#db/schema/domain.ts';
import { formatMoney, localized } from '#app/utils/format.ts';

export const meta: MetaFunction = () => [{ title: 'Clients · Barometer' }];

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request, 'clients:read');
  const filter = clientFilterSchema.parse(Object.fromEntries(new URL(request.url).searchParams));
  const [result, options, segments] = await Promise.all([
    listClients({ viewer: user, filter }),
    clientFilterOptions(user),
    customSegmentOptions(user),
  ]);
  return { ...result, options: { ...options, segments }, canCreate: can(user.role, 'clients:write') };
}

export default function ClientsPage() {
  const { rows, total, page, pageCount, options, canCreate } = useLoaderData<typeof loader>();
  const { t, i18n } = useTranslation('clients');
  const [searchParams] = useSearchParams();
  const locale = i18n.language;
  const value = (name: string) => searchParams.get(name) ?? '';
  return (
    <>
      <div className="page-head">
        <h1>{t('title')}</h1>
        <span className="muted">{t('count', { count: total })}</span>
        {canCreate ? (
          <Link to="/clients/new" className="button">
            {t('new')}
          </Link>
        ) : null}
        <ClientBaseActions canImport={canCreate} />
      </div>
      <Form method="get" className="filters" aria-label="Filters">
        <label>
          {t('search')}
          <input type="search" name="q" defaultValue={value('q')} />
        </label>
        <label>
          {t('size')}
          <select name="size" defaultValue={value('size')}>
            <option value="">{t('common:any')}</option>
            {sizeSegments.map((size) => (
              <option key={size} value={size}>
                {t(`common:sizes.${size}`)}
              </option>
            ))}
          </select>
        </label>
        <label>
          {t('section')}
          <select name="section" defaultValue={value('section')}>
            <option value="">{t('common:any')}</option>
            {INDUSTRY_SECTIONS.map((section) => (
              <option key={section.section} value={section.section}>
                {section.section} · {localized(locale, section.nameEn, section.nameRu)}
              </option>
            ))}
          </select>
        </label>
        <label>
          {t('region')}
          <select name="region" defaultValue={value('region')}>
            <option value="">{t('common:any')}</option>
            {options.regions.map((region) => (
              <option key={region.code} value={region.code}>
                {localized(locale, region.nameEn, region.nameRu)}
              </option>
            ))}
          </select>
        </label>
        <label>
          {t('unit')}
          <select name="unit" defaultValue={value('unit')}>
            <option value="">{t('common:any')}</option>
            {options.units.map((unit) => (
              <option key={unit.id} value={unit.id}>
                {localized(locale, unit.nameEn, unit.nameRu)}
              </option>
            ))}
          </select>
        </label>
        <label>
          {t('manager')}
          <select name="manager" defaultValue={value('manager')}>
            <option value="">{t('common:any')}</option>
            {options.managers.map((manager) => (
              <option key={manager.id} value={manager.id}>
                {manager.fullName}
              </option>
            ))}
          </select>
        </label>
        <label>
          {t('vip')}
          <select name="vip" defaultValue={value('vip')}>
            <option value="">{t('common:any')}</option>
            <option value="yes">{t('common:yes')}</option>
            <option value="no">{t('common:no')}</option>
          </select>
        </label>
        {options.segments.length > 0 ? (
          <label>
            {t('segments:customSegment')}
            <select name="segment" defaultValue={value('segment')}>
              <option value="">{t('common:any')}</option>
              {options.segments.map((segment) => (
                <option key={segment.id} value={segment.id}>
                  {segment.name}
                </option>
              ))}
            </select>
          </label>
        ) : null}
        <div className="filter-actions">
          <button type="submit" className="primary">
            {t('common:apply')}
          </button>
          <Link to="/clients">{t('common:reset')}</Link>
        </div>
      </Form>
      {rows.length === 0 ? (
        <p className="empty">{t('empty')}</p>
      ) : (
        <div className="table-wrap">
          <table>
            <thead>
              <tr>
                <th>{t('name')}</th>
                <th>{t('inn')}</th>
                <th>{t('size')}</th>
                <th>{t('section')}</th>
                <th>{t('region')}</th>
                <th>{t('unit')}</th>
                <th>{t('manager')}</th>
                <th className="number">{t('revenue')}</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((client) => (
                <tr key={client.id}>
                  <td>
                    <Link to={`/clients/${client.id}`}>{client.name}</Link>
                    {client.vipCriteria.length > 0 ? <span className="badge">VIP</span> : null}
                  </td>
                  <td>{client.inn}</td>
                  <td>{t(`common:sizes.${client.sizeSegment}`)}</td>
                  <td>{client.industrySection}</td>
                  <td>{localized(locale, client.regionNameEn, client.regionNameRu)}</td>
                  <td>{localized(locale, client.unitNameEn, client.unitNameRu)}</td>
                  <td>{client.managerName ?? <span className="muted">{t('noManager')}</span>}</td>
                  <td className="number">{formatMoney(client.revenueRub, locale)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <Pagination page={page} pageCount={pageCount} />
    </>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
