import { Link } from '@remix-run/react';
import { useTranslation } from 'react-i18next';
import type { getManagerCard } from '#app/models/portfolios.server.ts';
import { formatDate } from '#app/utils/format.ts';

type HistoryRow = Awaited<ReturnType<typeof getManagerCard>>['history'][number];

/** Assignments to and from a manager with their effective dates and who served before and after. */
export function PortfolioHistory({ history }: { history: HistoryRow[] }) {
  const { t, i18n } = useTranslation('managers');
  const locale = i18n.language;
  return (
    <section aria-label={t('card.history')}>
      <h2>{t('card.history')}</h2>
      <p className="muted">{t('card.historyHint')}</p>
      {history.length === 0 ? (
        <p className="empty">{t('card.noHistory')}</p>
      ) : (
        <div className="table-wrap">
          <table aria-label={t('card.history')}>
            <thead>
              <tr>
                <th>{t('card.client')}</th>
                <th>{t('card.from')}</th>
                <th>{t('card.to')}</th>
                <th>{t('card.before')}</th>
                <th>{t('card.after')}</th>
                <th>{t('card.reason')}</th>
                <th>{t('card.assignedBy')}</th>
              </tr>
            </thead>
            <tbody>
              {history.map((row) => (
                <tr key={row.id}>
                  <td>
                    <Link to={`/clients/${row.clientId}`}>{row.clientName}</Link>
                  </td>
                  <td>{formatDate(row.validFrom, locale)}</td>
                  <td>{row.validTo ? formatDate(row.validTo, locale) : t('card.current')}</td>
                  <td>{row.previousManagerName ?? t('common:none')}</td>
                  <td>{row.validTo ? (row.nextManagerName ?? t('common:none')) : t('common:none')}</td>
                  <td>{row.reason ?? t('common:none')}</td>
                  <td>{row.assignedByName ?? t('common:none')}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
