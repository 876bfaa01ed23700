import type { ActionFunctionArgs, LinksFunction, LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { data } from '@remix-run/node';
import { useLoaderData } from '@remix-run/react';
import { useTranslation } from 'react-i18next';
import { can } from '#app/auth/policy.ts';
import { requireUser } from '#app/auth/session.server.ts';
import { EconomicsSection } from '#app/components/client-economics.tsx';
import { GeneralErrorBoundary } from '#app/components/error-boundary.tsx';
import { PageHead } from '#app/components/page-head.tsx';
import { PortfolioClients } from '#app/components/portfolio-clients.tsx';
import { PortfolioHistory } from '#app/components/portfolio-history.tsx';
import { PortfolioReassignForm } from '#app/components/portfolio-reassign-form.tsx';
import { clientAddress } from '#app/models/audit.server.ts';
import { businessDay } from '#app/models/follow-up-sla.server.ts';
import {
  getManagerCard,
  portfolioClientIds,
  portfolioFilterSchema,
  reassignClients,
  reassignmentFeedback,
  reassignmentSchema,
  reassignmentTargets,
} from '#app/models/portfolios.server.ts';
import { formatDate, formatMoney, formatNumber, localized } from '#app/utils/format.ts';
import { formFields, parseFields } from '#app/utils/forms.ts';
import styles from '#app/styles/managers.css?url';

export const links: LinksFunction = () => [{ rel: 'stylesheet', href: styles }];

export const meta: MetaFunction<typeof loader> = ({ data: loaded }) => [
  { title: loaded ? `${loaded.card.manager.fullName} · Barometer` : 'Barometer' },
];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUser(request, 'managers:read');
  const filter = portfolioFilterSchema.parse(Object.fromEntries(new URL(request.url).searchParams));
  const card = await getManagerCard({ managerId: params.managerId!, viewer: user, filter });
  const canReassign = can(user.role, 'portfolios:write');
  return {
    card,
    filter,
    canReassign,
    targets: canReassign ? await reassignmentTargets() : null,
    today: businessDay(),
  };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const user = await requireUser(request, 'portfolios:write');
  const formData = await request.formData();
  const fields = formFields(formData);
  // "All matching the filter" is resolved here, from the portfolio the form was showing.
  const clientIds =
    fields.which === 'filtered'
      ? await portfolioClientIds({
          managerId: params.managerId!,
          filter: portfolioFilterSchema.parse(fields),
        })
      : formData.getAll('clientId').filter((value): value is string => typeof value === 'string');
  const parsed = parseFields(reassignmentSchema, { ...fields, clientIds });
  if (!parsed.ok) {
    return data(reassignmentFeedback({ ok: false, fieldErrors: parsed.fieldErrors }), { status: 400 });
  }
  const feedback = reassignmentFeedback(
    await reassignClients({ input: parsed.data, actor: user, ipAddress: clientAddress(request) }),
  );
  return data(feedback, {
    status: feedback.status === 'done' ? 200 : feedback.status === 'invalid' ? 400 : 409,
  });
}

export default function ManagerCardPage() {
  const { card, filter, canReassign, targets, today } = useLoaderData<typeof loader>();
  const { t, i18n } = useTranslation('managers');
  const locale = i18n.language;
  const { manager, counts, sla } = card;
  return (
    <>
      <PageHead title={manager.fullName}>
        {manager.isUnitHead ? <span className="badge muted-badge">{t('unitHead')}</span> : null}
        {manager.active ? null : <span className="badge danger-badge">{t('left')}</span>}
      </PageHead>
      <section className="card portfolio-summary">
        <dl className="facts">
          <dt>{t('unit')}</dt>
          <dd>{localized(locale, manager.unitNameEn, manager.unitNameRu)}</dd>
          <dt>{t('card.email')}</dt>
          <dd>{manager.email}</dd>
          <dt>{t('clients')}</dt>
          <dd>
            {formatNumber(counts.clients, locale)} ({t('large').toLowerCase()}:{' '}
            {formatNumber(counts.large, locale)}, VIP: {formatNumber(counts.vip, locale)})
          </dd>
          <dt>{t('clientsRevenue')}</dt>
          <dd>{formatMoney(counts.revenueRub, locale)}</dd>
          <dt>
            <abbr title={t('slaHint', { date: formatDate(card.slaFrom, locale) })}>{t('sla')}</abbr>
          </dt>
          <dd>
            {sla.share === null
              ? t('common:none')
              : t('slaValue', {
                  share: `${formatNumber(sla.share * 100, locale)}%`,
                  due: formatNumber(sla.due, locale),
                })}
          </dd>
          <dt>{t('overdue')}</dt>
          <dd>{formatNumber(counts.overdueFollowUps, locale)}</dd>
        </dl>
      </section>

      <EconomicsSection economics={card.economics} fileName={`manager-${manager.id}-contribution`} />

      <PortfolioClients clients={card.clients} filter={filter} selectable={canReassign} />
      {canReassign && targets ? (
        <PortfolioReassignForm
          targets={targets}
          today={today}
          filter={filter}
          matching={card.clients.length}
          currentManagerId={manager.id}
        />
      ) : null}

      <PortfolioHistory history={card.history} />
    </>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
