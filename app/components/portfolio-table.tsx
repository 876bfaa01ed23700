import { Link } from '@remix-run/react';
import { useTranslation } from 'react-i18next';
import type { listManagers } from '#app/models/portfolios.server.ts';
import { formatDate, formatMoney, formatNumber, localized } from '#app/utils/format.ts';

type ManagerList = Awaited<ReturnType<typeof listManagers>>;
export type ManagerRow = ManagerList['managers'][number];

/** The managers the viewer may see, with their portfolios summed; a total row when more than one. */
export function PortfolioTable({
  managers,
  total,
  slaFrom,
}: {
  managers: ManagerRow[];
  total: ManagerList['total'];
  slaFrom: string;
}) {
  const { t, i18n } = useTranslation('managers');
  const locale = i18n.language;
  if (managers.length === 0) return <p className="empty">{t('noManagers')}</p>;
  const sla = (onTime: number, due: number) =>
    due === 0
      ? t('common:none')
      : t('slaValue', {
          share: `${formatNumber((onTime / due) * 100, locale)}%`,
          due: formatNumber(due, locale),
        });
  return (
    <div className="table-wrap">
      <table>
        <thead>
          <tr>
            <th>{t('manager')}</th>
            <th>{t('unit')}</th>
            <th className="number">{t('clients')}</th>
            <th className="number">{t('large')}</th>
            <th className="number">{t('vip')}</th>
            <th className="number">{t('clientsRevenue')}</th>
            <th className="number">{t('income')}</th>
            <th className="number">{t('cost')}</th>
            <th className="number">{t('contribution')}</th>
            <th className="number">
              <abbr title={t('slaHint', { date: formatDate(slaFrom, locale) })}>{t('sla')}</abbr>
            </th>
            <th className="number">{t('overdue')}</th>
          </tr>
        </thead>
        <tbody>
          {managers.map((row) => (
            <tr key={row.id}>
              <td>
                <Link to={`/managers/${row.id}`}>{row.fullName}</Link>
                {row.isUnitHead ? <span className="badge muted-badge">{t('unitHead')}</span> : null}
                {row.active ? null : <span className="badge danger-badge">{t('left')}</span>}
              </td>
              <td>{localized(locale, row.unitNameEn, row.unitNameRu)}</td>
              <td className="number">{formatNumber(row.counts.clients, locale)}</td>
              <td className="number">{formatNumber(row.counts.large, locale)}</td>
              <td className="number">{formatNumber(row.counts.vip, locale)}</td>
              <td className="number">{formatMoney(row.counts.revenueRub, locale)}</td>
              <td className="number">{formatMoney(row.economics.incomeRub, locale)}</td>
              <td className="number">{formatMoney(row.economics.costRub, locale)}</td>
              <td className={`number${row.economics.contributionRub < 0 ? ' negative' : ''}`}>
                {formatMoney(row.economics.contributionRub, locale)}
              </td>
              <td className="number">{sla(row.sla.resolvedOnTime, row.sla.due)}</td>
              <td className="number">{formatNumber(row.counts.overdueFollowUps, locale)}</td>
            </tr>
          ))}
          {managers.length > 1 ? (
            <tr className="totals">
              <td colSpan={2}>{t('total')}</td>
              <td className="number">{formatNumber(total.clients, locale)}</td>
              <td className="number">{formatNumber(total.large, locale)}</td>
              <td className="number">{formatNumber(total.vip, locale)}</td>
              <td className="number">{formatMoney(total.revenueRub, locale)}</td>
              <td className="number">{formatMoney(total.incomeRub, locale)}</td>
              <td className="number">{formatMoney(total.costRub, locale)}</td>
              <td className="number">{formatMoney(total.contributionRub, locale)}</td>
              <td className="number">{sla(total.onTime, total.due)}</td>
              <td className="number">{formatNumber(total.overdue, locale)}</td>
            </tr>
          ) : null}
        </tbody>
      </table>
    </div>
  );
}
