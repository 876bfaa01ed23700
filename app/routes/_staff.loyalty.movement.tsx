import type { LoaderFunctionArgs } from '@remix-run/node';
import { Form, Link, useLoaderData, useSearchParams } from '@remix-run/react';
import { useTranslation } from 'react-i18next';
import { requireUser } from '#app/auth/session.server.ts';
import { GeneralErrorBoundary } from '#app/components/error-boundary.tsx';
import { LoyaltyExportLinks, LoyaltyStateBadge } from '#app/components/satisfaction-history.tsx';
import { loyaltyStateOrder } from '#app/charts/value-satisfaction.tsx';
import { getLoyaltyMovement, movementParamsSchema } from '#app/models/satisfaction-feed.server.ts';
import { formatNumber } from '#app/utils/format.ts';

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request, 'analytics:read');
  const params = movementParamsSchema.parse(Object.fromEntries(new URL(request.url).searchParams));
  return { params, movement: await getLoyaltyMovement({ viewer: user, params }) };
}

const movementStates = [...loyaltyStateOrder, 'none' as const];

/** From-state × to-state counts between two waves; a cell opens the list of its clients. */
export default function MovementPage() {
  const { params, movement } = useLoaderData<typeof loader>();
  const { t, i18n } = useTranslation('loyalty');
  const locale = i18n.language;
  const [searchParams] = useSearchParams();
  const waveName = (id: string | null) => movement.waves.find((wave) => wave.id === id)?.name ?? '';
  const cellHref = (fromState: string, toState: string) => {
    const next = new URLSearchParams(searchParams);
    if (movement.from) next.set('from', movement.from);
    if (movement.to) next.set('to', movement.to);
    next.set('fromState', fromState);
    next.set('toState', toState);
    return `?${next}#movement-clients`;
  };
  const rowTotal = (from: (typeof movementStates)[number]) =>
    movementStates.reduce((sum, to) => sum + movement.counts[from][to], 0);
  const columnTotal = (to: (typeof movementStates)[number]) =>
    movementStates.reduce((sum, from) => sum + movement.counts[from][to], 0);
  return (
    <section aria-labelledby="movement-title" className="stack">
      <div className="data-table-head">
        <h2 id="movement-title">{t('movement.title')}</h2>
        {movement.from && movement.to ? <LoyaltyExportLinks view="movement" /> : null}
      </div>
      <Form method="get" className="inline-form">
        {['unit', 'manager'].map((key) =>
          searchParams.get(key) ? (
            <input key={key} type="hidden" name={key} value={searchParams.get(key)!} />
          ) : null,
        )}
        <label className="inline-label">
          {t('movement.from')}
          <select name="from" defaultValue={movement.from ?? ''}>
            {movement.waves.map((wave) => (
              <option key={wave.id} value={wave.id}>
                {wave.name}
              </option>
            ))}
          </select>
        </label>
        <label className="inline-label">
          {t('movement.to')}
          <select name="to" defaultValue={movement.to ?? ''}>
            {movement.waves.map((wave) => (
              <option key={wave.id} value={wave.id}>
                {wave.name}
              </option>
            ))}
          </select>
        </label>
        <button type="submit">{t('movement.show')}</button>
      </Form>
      {!movement.from || !movement.to ? (
        <p className="empty">{t('movement.needTwo')}</p>
      ) : (
        <div className="table-wrap">
          <table>
            <caption className="muted">{t('movement.rowsLabel')}</caption>
            <thead>
              <tr>
                <th scope="col">
                  {waveName(movement.from)} → {waveName(movement.to)}
                </th>
                {movementStates.map((to) => (
                  <th key={to} scope="col" className="number">
                    {t(`states.${to}`)}
                  </th>
                ))}
                <th scope="col" className="number">
                  {t('movement.total')}
                </th>
              </tr>
            </thead>
            <tbody>
              {movementStates.map((from) => (
                <tr key={from}>
                  <th scope="row">
                    <LoyaltyStateBadge state={from} />
                  </th>
                  {movementStates.map((to) => {
                    const count = movement.counts[from][to];
                    const chosen = params.fromState === from && params.toState === to;
                    return (
                      <td key={to} className="number" aria-current={chosen ? 'true' : undefined}>
                        {count > 0 ? (
                          <Link
                            to={cellHref(from, to)}
                            aria-label={t('movement.cellLink', {
                              count,
                              from: t(`states.${from}`),
                              to: t(`states.${to}`),
                            })}
                          >
                            {chosen ? (
                              <strong>{formatNumber(count, locale)}</strong>
                            ) : (
                              formatNumber(count, locale)
                            )}
                          </Link>
                        ) : (
                          <span className="muted">0</span>
                        )}
                      </td>
                    );
                  })}
                  <td className="number">{formatNumber(rowTotal(from), locale)}</td>
                </tr>
              ))}
              <tr>
                <th scope="row">{t('movement.total')}</th>
                {movementStates.map((to) => (
                  <td key={to} className="number">
                    {formatNumber(columnTotal(to), locale)}
                  </td>
                ))}
                <td className="number">
                  {formatNumber(
                    movementStates.reduce((sum, to) => sum + columnTotal(to), 0),
                    locale,
                  )}
                </td>
              </tr>
            </tbody>
          </table>
        </div>
      )}
      {params.fromState && params.toState && movement.from && movement.to ? (
        <section id="movement-clients" aria-labelledby="movement-clients-title">
          <h3 id="movement-clients-title">
            {t('movement.clientsTitle', {
              from: t(`states.${params.fromState}`),
              to: t(`states.${params.toState}`),
              count: movement.clients.length,
            })}
          </h3>
          <ul className="plain-list">
            {movement.clients.map((client) => (
              <li key={client.clientId}>
                <Link to={`/clients/${client.clientId}`}>{client.name}</Link>
              </li>
            ))}
          </ul>
        </section>
      ) : null}
    </section>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
