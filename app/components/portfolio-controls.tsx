import { Link } from '@remix-run/react';
import { useTranslation } from 'react-i18next';
import type { listManagers } from '#app/models/portfolios.server.ts';
import { localized } from '#app/utils/format.ts';

type Controls = Awaited<ReturnType<typeof listManagers>>['controls'];

/** The portfolio rules' exceptions: significant clients nobody serves, groups split between managers. */
export function PortfolioControls({ controls }: { controls: Controls }) {
  const { t, i18n } = useTranslation('managers');
  const locale = i18n.language;
  return (
    <section aria-label={t('controls')}>
      <h2>{t('controls')}</h2>
      <h3>{t('unmanagedTitle')}</h3>
      <p className="muted">{t('unmanagedHint')}</p>
      {controls.unmanaged.length === 0 ? (
        <p className="empty">{t('unmanagedNone')}</p>
      ) : (
        <div className="table-wrap">
          <table aria-label={t('unmanagedTitle')}>
            <thead>
              <tr>
                <th>{t('card.client')}</th>
                <th>{t('inn')}</th>
                <th>{t('size')}</th>
                <th>{t('vip')}</th>
                <th>{t('unit')}</th>
                <th>{t('group')}</th>
              </tr>
            </thead>
            <tbody>
              {controls.unmanaged.map((client) => (
                <tr key={client.id}>
                  <td>
                    <Link to={`/clients/${client.id}`}>{client.name}</Link>
                  </td>
                  <td>{client.inn}</td>
                  <td>{t(`common:sizes.${client.sizeSegment}`)}</td>
                  <td>{client.vip ? 'VIP' : t('common:none')}</td>
                  <td>{localized(locale, client.unitNameEn, client.unitNameRu)}</td>
                  <td>{client.groupName ?? t('common:none')}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <h3>{t('splitGroupsTitle')}</h3>
      <p className="muted">{t('splitGroupsHint')}</p>
      {controls.splitGroups.length === 0 ? (
        <p className="empty">{t('splitGroupsNone')}</p>
      ) : (
        <ul>
          {controls.splitGroups.map((group) => (
            <li key={group.id}>
              <strong>{group.name}</strong> ({t('clients').toLowerCase()}: {group.clients}):{' '}
              {group.managers.join(', ')}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
