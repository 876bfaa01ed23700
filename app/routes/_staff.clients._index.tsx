import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { Form, Link, useLoaderData, useSearchParams } from '@remix-run/react';
import { useTranslation } from 'react-i18next';
import { INDUSTRY_SECTIONS } from '#analytics/metrics/okved2.ts';
import { can } from '#app/auth/policy.ts';
import { requireUser } from '#app/auth/session.server.ts';
import { GeneralErrorBoundary } from '#app/components/error-boundary.tsx';
import { FilterActions, SelectFilter, useYesNoOptions } from '#app/components/list-filters.tsx';
import { PageHead } from '#app/components/page-head.tsx';
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
  const yesNo = useYesNoOptions();
  return (
    <>
      <PageHead title={t('title')}>
        <span className="muted">{t('count', { count: total })}</span>
        {canCreate ? (
          <Link to="/clients/new" className="button">
            {t('new')}
          </Link>
        ) : null}
        <ClientBaseActions canImport={canCreate} />
      </PageHead>
      <Form method="get" className="filters" aria-label="Filters">
        <label>
          {t('search')}
          <input type="search" name="q" defaultValue={value('q')} />
        </label>
        <SelectFilter
          label={t('size')}
          name="size"
          value={value('size')}
          any
          options={sizeSegments.map((size) => ({ value: size, label: t(`common:sizes.${size}`) }))}
        />
        <SelectFilter
          label={t('section')}
          name="section"
          value={value('section')}
          any
          options={INDUSTRY_SECTIONS.map((section) => ({
            value: section.section,
            label: `${section.section} · ${localized(locale, section.nameEn, section.nameRu)}`,
          }))}
        />
        <SelectFilter
          label={t('region')}
          name="region"
          value={value('region')}
          any
          options={options.regions.map((region) => ({
            value: region.code,
            label: localized(locale, region.nameEn, region.nameRu),
          }))}
        />
        <SelectFilter
          label={t('unit')}
          name="unit"
          value={value('unit')}
          any
          options={options.units.map((unit) => ({
            value: unit.id,
            label: localized(locale, unit.nameEn, unit.nameRu),
          }))}
        />
        <SelectFilter
          label={t('manager')}
          name="manager"
          value={value('manager')}
          any
          options={options.managers.map((manager) => ({ value: manager.id, label: manager.fullName }))}
        />
        <SelectFilter label={t('vip')} name="vip" value={value('vip')} any options={yesNo} />
        {options.segments.length > 0 ? (
          <SelectFilter
            label={t('segments:customSegment')}
            name="segment"
            value={value('segment')}
            any
            options={options.segments.map((segment) => ({ value: segment.id, label: segment.name }))}
          />
        ) : null}
        <FilterActions reset="/clients" />
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
