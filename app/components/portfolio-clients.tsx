import { Form, Link } from '@remix-run/react';
import { useTranslation } from 'react-i18next';
import { FilterActions, SelectFilter, useYesNoOptions } from '#app/components/list-filters.tsx';
import type { getManagerCard, PortfolioFilter } from '#app/models/portfolios.server.ts';
import { sizeSegments } from '#db/schema/domain.ts';
import { formatDate, formatMoney } from '#app/utils/format.ts';

type PortfolioClient = Awaited<ReturnType<typeof getManagerCard>>['clients'][number];

/** The id of the reassignment form the row checkboxes belong to (they sit in the table, not the form). */
export const reassignFormId = 'reassign-form';

/** A manager's clients, filterable; with `selectable`, each row can be ticked for a reassignment. */
export function PortfolioClients({
  clients,
  filter,
  selectable,
}: {
  clients: PortfolioClient[];
  filter: PortfolioFilter;
  selectable: boolean;
}) {
  const { t, i18n } = useTranslation('managers');
  const locale = i18n.language;
  const yesNo = useYesNoOptions();
  return (
    <section aria-label={t('card.portfolio')}>
      <h2>{t('card.portfolio')}</h2>
      <Form method="get" className="filters" aria-label={t('card.filters')}>
        <label>
          {t('card.search')}
          <input type="search" name="q" defaultValue={filter.q ?? ''} />
        </label>
        <SelectFilter
          label={t('size')}
          name="size"
          value={filter.size ?? ''}
          any
          options={sizeSegments.map((size) => ({ value: size, label: t(`common:sizes.${size}`) }))}
        />
        <SelectFilter label={t('vip')} name="vip" value={filter.vip ?? ''} any options={yesNo} />
        <FilterActions>
          <span className="muted">{t('card.matching', { count: clients.length })}</span>
        </FilterActions>
      </Form>
      {clients.length === 0 ? (
        <p className="empty">{t('card.noClients')}</p>
      ) : (
        <div className="table-wrap">
          <table aria-label={t('card.portfolio')}>
            <thead>
              <tr>
                {selectable ? <th aria-label={t('reassign.selected')} /> : null}
                <th>{t('card.client')}</th>
                <th>{t('inn')}</th>
                <th>{t('size')}</th>
                <th>{t('group')}</th>
                <th className="number">{t('clientsRevenue')}</th>
                <th className="number">{t('contribution')}</th>
                <th>{t('card.since')}</th>
              </tr>
            </thead>
            <tbody>
              {clients.map((client) => (
                <tr key={client.id}>
                  {selectable ? (
                    <td>
                      <input
                        type="checkbox"
                        name="clientId"
                        value={client.id}
                        form={reassignFormId}
                        aria-label={t('card.select', { name: client.name })}
                      />
                    </td>
                  ) : null}
                  <td>
                    <Link to={`/clients/${client.id}`}>{client.name}</Link>
                    {client.vip ? <span className="badge">VIP</span> : null}
                  </td>
                  <td>{client.inn}</td>
                  <td>{t(`common:sizes.${client.sizeSegment}`)}</td>
                  <td>{client.groupName ?? t('common:none')}</td>
                  <td className="number">{formatMoney(client.revenueRub, locale)}</td>
                  <td className={`number${(client.contributionRub ?? 0) < 0 ? ' negative' : ''}`}>
                    {formatMoney(client.contributionRub, locale)}
                  </td>
                  <td>{formatDate(client.since, locale)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
