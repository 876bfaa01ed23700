import type { LoaderFunctionArgs } from '@remix-run/node';
import { Form, Link, useLoaderData, useSearchParams } from '@remix-run/react';
import { useTranslation } from 'react-i18next';
import { requireUser } from '#app/auth/session.server.ts';
import { GeneralErrorBoundary } from '#app/components/error-boundary.tsx';
import {
  LoyaltyExportLinks,
  LoyaltyReasons,
  LoyaltyStateBadge,
} from '#app/components/satisfaction-history.tsx';
import {
  FeedCursorError,
  feedParamsSchema,
  listFeedWaves,
  listSatisfactionFeed,
} from '#app/models/satisfaction-feed.server.ts';
import { formatMoney, formatNumber } from '#app/utils/format.ts';

const PAGE = 50;

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request, 'analytics:read');
  const params = feedParamsSchema.parse(Object.fromEntries(new URL(request.url).searchParams));
  try {
    const [page, waves] = await Promise.all([
      listSatisfactionFeed({
        viewer: user,
        waveId: params.wave,
        unitId: params.unit,
        managerId: params.manager,
        cursor: params.cursor,
        limit: PAGE,
      }),
      listFeedWaves(),
    ]);
    return { ...page, waves, wave: params.wave ?? null, paged: Boolean(params.cursor) };
  } catch (error) {
    if (error instanceof FeedCursorError) throw new Response(error.message, { status: 400 });
    throw error;
  }
}

/** The feed as the files and the CRM get it, a page at a time. */
export default function FeedPage() {
  const { items, nextCursor, waves, wave, paged } = useLoaderData<typeof loader>();
  const { t, i18n } = useTranslation('loyalty');
  const locale = i18n.language;
  const [searchParams] = useSearchParams();
  const pageHref = (cursor: string | null) => {
    const next = new URLSearchParams(searchParams);
    if (cursor) next.set('cursor', cursor);
    else next.delete('cursor');
    return `?${next}`;
  };
  const jsonPath = `/loyalty/feed.json${wave ? `?wave=${wave}` : ''}`;
  return (
    <section aria-labelledby="feed-title" className="stack">
      <div className="data-table-head">
        <h2 id="feed-title">{t('feed.title')}</h2>
        <LoyaltyExportLinks view="feed" />
      </div>
      <p>{t('feed.intro')}</p>
      <p className="muted">{t('feed.json', { path: jsonPath })}</p>
      <Form method="get" className="inline-form">
        {['unit', 'manager'].map((key) =>
          searchParams.get(key) ? (
            <input key={key} type="hidden" name={key} value={searchParams.get(key)!} />
          ) : null,
        )}
        <label className="inline-label">
          {t('feed.waveChoice')}
          <select name="wave" defaultValue={wave ?? ''}>
            <option value="">{t('feed.current')}</option>
            {waves.map((choice) => (
              <option key={choice.id} value={choice.id}>
                {choice.name}
              </option>
            ))}
          </select>
        </label>
        <button type="submit">{t('matrix.show')}</button>
      </Form>
      {items.length === 0 ? (
        <p className="empty">{t('feed.empty')}</p>
      ) : (
        <div className="table-wrap">
          <table>
            <thead>
              <tr>
                <th scope="col">{t('client')}</th>
                <th scope="col">{t('wave')}</th>
                <th scope="col">{t('state')}</th>
                <th scope="col">{t('previousState')}</th>
                <th scope="col">{t('reasonsLabel')}</th>
                <th scope="col" className="number">
                  {t('accountNps')}
                </th>
                <th scope="col" className="number">
                  {t('csi')}
                </th>
                <th scope="col" className="number">
                  {t('overall')}
                </th>
                <th scope="col" className="number">
                  {t('income')}
                </th>
                <th scope="col">{t('manager')}</th>
              </tr>
            </thead>
            <tbody>
              {items.map((item) => (
                <tr key={item.clientId}>
                  <td>
                    <Link to={`/clients/${item.clientId}`}>{item.name}</Link>
                    <div className="muted">{item.inn}</div>
                  </td>
                  <td>{item.waveName}</td>
                  <td>
                    <LoyaltyStateBadge state={item.loyaltyState} />
                  </td>
                  <td>{item.previousState ? t(`states.${item.previousState}`) : t('common:none')}</td>
                  <td>
                    <LoyaltyReasons reasons={item.reasons} />
                  </td>
                  <td className="number">{formatNumber(item.accountNps, locale)}</td>
                  <td className="number">{formatNumber(item.csi, locale, 1)}</td>
                  <td className="number">{formatNumber(item.overall, locale, 1)}</td>
                  <td className="number">{formatMoney(item.incomeRub, locale)}</td>
                  <td>{item.managerName ?? <span className="muted">{t('noManager')}</span>}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <nav className="pagination" aria-label="Pagination">
        {paged ? <Link to={pageHref(null)}>{t('feed.first')}</Link> : <span />}
        {nextCursor ? <Link to={pageHref(nextCursor)}>{t('feed.next')}</Link> : <span />}
      </nav>
    </section>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
