import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { data } from '@remix-run/node';
import { Form, Link, useActionData, useLoaderData, useSearchParams } from '@remix-run/react';
import { useTranslation } from 'react-i18next';
import { z } from 'zod';
import { requireUser } from '#app/auth/session.server.ts';
import { GeneralErrorBoundary } from '#app/components/error-boundary.tsx';
import { formatInstant } from '#app/components/integration-format.ts';
import { Pagination } from '#app/components/pagination.tsx';
import { clientAddress } from '#app/models/audit.server.ts';
import { deliveryFilterSchema, getSubscriptionLog, redeliver } from '#app/models/webhooks.server.ts';
import { webhookDeliveryStatuses } from '#db/integration-vocabulary.ts';

export const meta: MetaFunction = () => [{ title: 'Webhook deliveries · Barometer' }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  await requireUser(request, 'api:manage');
  const filter = deliveryFilterSchema.parse(Object.fromEntries(new URL(request.url).searchParams));
  return getSubscriptionLog({ id: params.subscriptionId ?? '', filter });
}

export async function action({ request, params }: ActionFunctionArgs) {
  const user = await requireUser(request, 'api:manage');
  const deliveryId = z.uuid().safeParse((await request.formData()).get('deliveryId'));
  if (!deliveryId.success) return data({ outcome: 'invalid' as const }, { status: 400 });
  const result = await redeliver({
    subscriptionId: params.subscriptionId ?? '',
    deliveryId: deliveryId.data,
    actor: user,
    ipAddress: clientAddress(request),
  });
  return 'refused' in result ? { outcome: 'pending' as const } : { outcome: 'queued' as const };
}

export default function WebhookLogPage() {
  const { subscription, deliveries, page, pageCount } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const { t, i18n } = useTranslation('integration');
  const [searchParams] = useSearchParams();
  const locale = i18n.language;
  return (
    <>
      <p>
        <Link to="/settings/webhooks">← {t('log.back')}</Link>
      </p>
      <h1>{t('log.title', { url: subscription.url })}</h1>
      <p className="muted">
        {subscription.events.map((event) => t(`webhooks.eventTypes.${event}`)).join(', ')}
        {subscription.disabledAt ? ` · ${t('webhooks.paused')}` : ''}
      </p>
      {actionData ? (
        <p className={actionData.outcome === 'queued' ? 'notice' : 'form-error'} role="status">
          {actionData.outcome === 'queued'
            ? t('log.redelivered')
            : actionData.outcome === 'pending'
              ? t('log.pendingRefused')
              : t('errors:unknown')}
        </p>
      ) : null}
      <Form method="get" className="inline-form">
        <label htmlFor="delivery-status">{t('log.status')}</label>
        <select id="delivery-status" name="status" defaultValue={searchParams.get('status') ?? ''}>
          <option value="">{t('log.allStatuses')}</option>
          {webhookDeliveryStatuses.map((status) => (
            <option key={status} value={status}>
              {t(`log.statuses.${status}`)}
            </option>
          ))}
        </select>
        <button type="submit">{t('common:apply')}</button>
      </Form>
      {deliveries.length === 0 ? (
        <p>{t('log.empty')}</p>
      ) : (
        <div className="table-wrap">
          <table>
            <thead>
              <tr>
                <th>{t('log.created')}</th>
                <th>{t('log.event')}</th>
                <th>{t('log.status')}</th>
                <th>{t('log.attempts')}</th>
                <th>{t('log.response')}</th>
                <th>{t('log.error')}</th>
                <th>{t('log.deliveredAt')}</th>
                <th />
              </tr>
            </thead>
            <tbody>
              {deliveries.map((delivery) => (
                <tr key={delivery.id}>
                  <td>{formatInstant(delivery.createdAt, locale)}</td>
                  <td>
                    {t(`webhooks.eventTypes.${delivery.eventType}`)}
                    <div className="muted">
                      <code>{delivery.eventId}</code>
                      {delivery.redeliveryOf ? ` · ${t('log.redelivery')}` : ''}
                    </div>
                  </td>
                  <td>
                    {t(`log.statuses.${delivery.status}`)}
                    {delivery.status === 'queued' && delivery.attempts > 0 ? (
                      <div className="muted">
                        {t('log.nextAttempt')}: {formatInstant(delivery.nextAttemptAt, locale)}
                      </div>
                    ) : null}
                  </td>
                  <td>{delivery.attempts}</td>
                  <td>{delivery.lastStatusCode ?? '—'}</td>
                  <td>{delivery.lastError ?? '—'}</td>
                  <td>{formatInstant(delivery.deliveredAt, locale)}</td>
                  <td>
                    {delivery.status === 'delivered' || delivery.status === 'failed' ? (
                      <Form method="post">
                        <input type="hidden" name="deliveryId" value={delivery.id} />
                        <button type="submit" aria-label={`${t('log.redeliver')}: ${delivery.eventId}`}>
                          {t('log.redeliver')}
                        </button>
                      </Form>
                    ) : null}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <Pagination page={page} pageCount={pageCount} />
    </>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
