import { useSearchParams } from '@remix-run/react';
import { useTranslation } from 'react-i18next';
import { loyaltyStateColours } from '#app/charts/value-satisfaction.tsx';
import type { ClientSatisfactionEntry } from '#app/models/satisfaction-feed.server.ts';
import { formatDate, formatNumber } from '#app/utils/format.ts';
import type { LoyaltyReason, LoyaltyState } from '#db/schema/feed.ts';

/** A loyalty state as a small coloured badge; the colour repeats the matrix's, the word carries the meaning. */
export function LoyaltyStateBadge({ state }: { state: LoyaltyState | 'none' | null }) {
  const { t } = useTranslation('loyalty');
  if (state === null) return <span className="muted">{t('common:none')}</span>;
  const colour = state === 'none' ? '#8a94a6' : loyaltyStateColours[state];
  return (
    <span
      className="badge"
      style={{ background: `${colour}1f`, color: colour === '#8a94a6' ? '#4a5263' : colour }}
    >
      {t(`states.${state}`)}
    </span>
  );
}

export function LoyaltyReasons({ reasons }: { reasons: readonly LoyaltyReason[] }) {
  const { t } = useTranslation('loyalty');
  if (reasons.length === 0) return <span className="muted">{t('common:none')}</span>;
  return <>{reasons.map((reason) => t(`reasons.${reason}`)).join(', ')}</>;
}

/** CSV and XLSX links for one loyalty table with the filters on screen. */
export function LoyaltyExportLinks({ view }: { view: 'matrix' | 'at-risk' | 'feed' | 'movement' }) {
  const { t } = useTranslation('loyalty');
  const [searchParams] = useSearchParams();
  const params = new URLSearchParams(searchParams);
  params.delete('page');
  params.delete('cursor');
  params.set('view', view);
  return (
    <span className="export-links">
      <a href={`/loyalty/export.csv?${params}`} download>
        {t('exportCsv')}
      </a>
      <a href={`/loyalty/export.xlsx?${params}`} download>
        {t('exportXlsx')}
      </a>
    </span>
  );
}

const signed = (value: number, locale: string) => `${value > 0 ? '+' : ''}${formatNumber(value, locale, 1)}`;

/** The client page's section: the client's loyalty state wave by wave, newest first. */
export function SatisfactionHistory({ history }: { history: readonly ClientSatisfactionEntry[] }) {
  const { t, i18n } = useTranslation('loyalty');
  const locale = i18n.language;
  return (
    <section aria-labelledby="satisfaction-history">
      <h2 id="satisfaction-history">{t('history.title')}</h2>
      {history.length === 0 ? (
        <p className="empty">{t('history.empty')}</p>
      ) : (
        <div className="table-wrap">
          <table>
            <thead>
              <tr>
                <th scope="col">{t('wave')}</th>
                <th scope="col">{t('state')}</th>
                <th scope="col">{t('reasonsLabel')}</th>
                <th scope="col">{t('accountClass')}</th>
                <th scope="col" className="number">
                  {t('accountNps')}
                </th>
                <th scope="col" className="number">
                  {t('csi')}
                </th>
                <th scope="col" className="number">
                  {t('csiChange')}
                </th>
                <th scope="col" className="number">
                  {t('overall')}
                </th>
                <th scope="col" className="number">
                  {t('respondents')}
                </th>
              </tr>
            </thead>
            <tbody>
              {history.map((entry) => (
                <tr key={entry.waveId}>
                  <td>
                    {entry.waveName}
                    <div className="muted">{formatDate(entry.waveDate, locale)}</div>
                  </td>
                  <td>
                    <LoyaltyStateBadge state={entry.loyaltyState} />
                    {entry.previousState && entry.previousState !== entry.loyaltyState ? (
                      <div className="muted">← {t(`states.${entry.previousState}`)}</div>
                    ) : null}
                  </td>
                  <td>
                    <LoyaltyReasons reasons={entry.reasons} />
                  </td>
                  <td>
                    {entry.responded
                      ? entry.accountClass
                        ? t(`classes.${entry.accountClass}`)
                        : t('common:none')
                      : entry.reasons.includes('carried_forward')
                        ? t('history.carried')
                        : t('history.noAnswer')}
                  </td>
                  <td className="number">{formatNumber(entry.accountNps, locale)}</td>
                  <td className="number">{formatNumber(entry.csi, locale, 1)}</td>
                  <td className="number">
                    {entry.csiChange === null ? '—' : signed(entry.csiChange, locale)}
                  </td>
                  <td className="number">{formatNumber(entry.overall, locale, 1)}</td>
                  <td className="number">
                    {entry.responded ? formatNumber(entry.respondents, locale) : '—'}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
