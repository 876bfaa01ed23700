import type { LinksFunction, LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { useLoaderData } from '@remix-run/react';
import { useTranslation } from 'react-i18next';
import { requireUser } from '#app/auth/session.server.ts';
import { GeneralErrorBoundary } from '#app/components/error-boundary.tsx';
import { ClientEconomics } from '#app/components/client-economics.tsx';
import { getClient } from '#app/models/clients.server.ts';
import { clientEconomics } from '#app/models/economics.server.ts';
import { SatisfactionHistory } from '#app/components/satisfaction-history.tsx';
import { can } from '#app/auth/policy.ts';
import { getClientSatisfactionHistory } from '#app/models/satisfaction-feed.server.ts';
import { formatDate, formatMoney, formatNumber, localized } from '#app/utils/format.ts';
import managerStyles from '#app/styles/managers.css?url';

export const links: LinksFunction = () => [{ rel: 'stylesheet', href: managerStyles }];

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: data ? `${data.client.name} · Barometer` : 'Barometer' },
];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUser(request, 'clients:read');
  const client = await getClient({ id: params.clientId!, viewer: user });
  const satisfaction = can(user.role, 'analytics:read')
    ? await getClientSatisfactionHistory({ clientId: params.clientId!, viewer: user })
    : null;
  return {
    ...client,
    economics: await clientEconomics({ clientId: params.clientId!, viewer: user }),
    satisfaction,
  };
}

export default function ClientPage() {
  const { client, contacts, products, assignments, economics, satisfaction } = useLoaderData<typeof loader>();
  const { t, i18n } = useTranslation('clients');
  const locale = i18n.language;
  return (
    <>
      <div className="page-head">
        <h1>{client.name}</h1>
        {client.vipCriteria.length > 0 ? <span className="badge">VIP</span> : null}
      </div>
      <section className="card">
        <dl className="facts">
          <dt>{t('inn')}</dt>
          <dd>{client.inn}</dd>
          <dt>{t('okved2')}</dt>
          <dd>
            {client.okved2} ({client.industrySection})
          </dd>
          <dt>{t('size')}</dt>
          <dd>{t(`common:sizes.${client.sizeSegment}`)}</dd>
          <dt>{t('revenue')}</dt>
          <dd>{formatMoney(client.revenueRub, locale)}</dd>
          <dt>{t('headcount')}</dt>
          <dd>{formatNumber(client.headcount, locale)}</dd>
          <dt>{t('registeredOn')}</dt>
          <dd>{formatDate(client.registeredOn, locale)}</dd>
          <dt>{t('region')}</dt>
          <dd>{localized(locale, client.regionNameEn, client.regionNameRu)}</dd>
          <dt>{t('unit')}</dt>
          <dd>{localized(locale, client.unitNameEn, client.unitNameRu)}</dd>
          <dt>{t('manager')}</dt>
          <dd>{client.managerName ?? t('noManager')}</dd>
          <dt>{t('group')}</dt>
          <dd>{client.groupName ?? t('common:none')}</dd>
          {client.vipCriteria.length > 0 ? (
            <>
              <dt>{t('vipCriteria')}</dt>
              <dd>{client.vipCriteria.map((criterion) => t(`common:vip.${criterion}`)).join('; ')}</dd>
            </>
          ) : null}
        </dl>
      </section>

      <section>
        <h2>{t('contacts')}</h2>
        <div className="table-wrap">
          <table>
            <thead>
              <tr>
                <th>{t('name')}</th>
                <th>{t('position')}</th>
                <th>{t('contactRole')}</th>
                <th>{t('email')}</th>
                <th>{t('phone')}</th>
                <th>{t('language')}</th>
              </tr>
            </thead>
            <tbody>
              {contacts.map((contact) => (
                <tr key={contact.id}>
                  <td>
                    {contact.fullName}
                    {contact.optedOutAt ? <span className="badge muted-badge">{t('optedOut')}</span> : null}
                    {contact.leftCompany ? (
                      <span className="badge muted-badge">{t('leftCompany')}</span>
                    ) : null}
                  </td>
                  <td>{contact.position ?? t('common:none')}</td>
                  <td>{t(`common:contactRoles.${contact.role}`)}</td>
                  <td>{contact.email ?? t('common:none')}</td>
                  <td>{contact.phone ?? t('common:none')}</td>
                  <td>{contact.language.toUpperCase()}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </section>

      <section>
        <h2>{t('products')}</h2>
        <div className="table-wrap">
          <table>
            <thead>
              <tr>
                <th>{t('product')}</th>
                <th>{t('since')}</th>
                <th className="number">{t('income')}</th>
              </tr>
            </thead>
            <tbody>
              {products.map((product) => (
                <tr key={product.code}>
                  <td>{localized(locale, product.nameEn, product.nameRu)}</td>
                  <td>{formatDate(product.since, locale)}</td>
                  <td className="number">{formatMoney(product.incomeRub, locale)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </section>

      <ClientEconomics economics={economics} clientId={client.id} />

      {satisfaction ? <SatisfactionHistory history={satisfaction} /> : null}

      <section>
        <h2>{t('assignments')}</h2>
        <div className="table-wrap">
          <table>
            <thead>
              <tr>
                <th>{t('manager')}</th>
                <th>{t('unit')}</th>
                <th>{t('from')}</th>
                <th>{t('to')}</th>
                <th>{t('reason')}</th>
              </tr>
            </thead>
            <tbody>
              {assignments.map((assignment) => (
                <tr key={assignment.id}>
                  <td>{assignment.managerName ?? t('noManager')}</td>
                  <td>{localized(locale, assignment.unitNameEn, assignment.unitNameRu)}</td>
                  <td>{formatDate(assignment.validFrom, locale)}</td>
                  <td>{assignment.validTo ? formatDate(assignment.validTo, locale) : t('current')}</td>
                  <td>{assignment.reason ?? t('common:none')}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </section>
    </>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
