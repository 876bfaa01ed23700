import type { LoaderFunctionArgs } from '@remix-run/node';
import { Link, useLoaderData } from '@remix-run/react';
import { useTranslation } from 'react-i18next';
import { requireUser } from '#app/auth/session.server.ts';
import { GeneralErrorBoundary } from '#app/components/error-boundary.tsx';
import { LoyaltyExportLinks, LoyaltyReasons } from '#app/components/satisfaction-history.tsx';
import { listAtRiskAccounts, loyaltyFilterSchema } from '#app/models/satisfaction-feed.server.ts';
import { formatMoney, formatNumber, localized } from '#app/utils/format.ts';

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request, 'analytics:read');
  const filter = loyaltyFilterSchema.parse(Object.fromEntries(new URL(request.url).searchParams));
  return listAtRiskAccounts({ viewer: user, filter });
}

const signed = (value: number | null, locale: string) =>
  value === null ? '—' : `${value > 0 ? '+' : ''}${formatNumber(value, locale, 1)}`;

/** Detractor and falling accounts, the largest income at stake first. */
export default function AtRiskPage() {
  const { accounts, revenueAtRisk } = useLoaderData<typeof loader>();
  const { t, i18n } = useTranslation('loyalty');
  const locale = i18n.language;
  return (
    <section aria-labelledby="at-risk-title">
      <div className="data-table-head">
        <h2 id="at-risk-title">{t('atRisk.title')}</h2>
        <LoyaltyExportLinks view="at-risk" />
      </div>
      <p className="figure-line">
        {t('atRisk.summary', { count: accounts.length, revenue: formatMoney(revenueAtRisk, locale) })}
      </p>
      {accounts.length === 0 ? (
        <p className="empty">{t('atRisk.empty')}</p>
      ) : (
        <div className="table-wrap">
          <table>
            <thead>
              <tr>
                <th scope="col">{t('client')}</th>
                <th scope="col">{t('reasonsLabel')}</th>
                <th scope="col">{t('accountClass')}</th>
                <th scope="col" className="number">
                  {t('csi')}
                </th>
                <th scope="col" className="number">
                  {t('csiChange')}
                </th>
                <th scope="col" className="number">
                  {t('income')}
                </th>
                <th scope="col">{t('manager')}</th>
                <th scope="col">{t('unit')}</th>
                <th scope="col" className="number">
                  {t('atRisk.openFollowUps')}
                </th>
              </tr>
            </thead>
            <tbody>
              {accounts.map((account) => (
                <tr key={account.clientId}>
                  <td>
                    <Link to={`/clients/${account.clientId}`}>{account.name}</Link>
                    <div className="muted">{account.waveName}</div>
                  </td>
                  <td>
                    <LoyaltyReasons reasons={account.reasons} />
                  </td>
                  <td>{account.accountClass ? t(`classes.${account.accountClass}`) : t('common:none')}</td>
                  <td className="number">{formatNumber(account.csi, locale, 1)}</td>
                  <td className="number">{signed(account.csiChange, locale)}</td>
                  <td className="number">{formatMoney(account.income, locale)}</td>
                  <td>{account.managerName ?? <span className="muted">{t('noManager')}</span>}</td>
                  <td>{localized(locale, account.unitNameEn, account.unitNameRu)}</td>
                  <td className="number">{formatNumber(account.openFollowUps, locale)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
