import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { data } from '@remix-run/node';
import { Form, Link, useActionData, useLoaderData } from '@remix-run/react';
import { useTranslation } from 'react-i18next';
import { requireUser } from '#app/auth/session.server.ts';
import { GeneralErrorBoundary } from '#app/components/error-boundary.tsx';
import { Field } from '#app/components/field.tsx';
import { OneTimeSecret } from '#app/components/one-time-secret.tsx';
import { clientAddress } from '#app/models/audit.server.ts';
import {
  createSubscription,
  listSubscriptions,
  newSubscriptionSchema,
  setSubscriptionActive,
} from '#app/models/webhooks.server.ts';
import { parseFields } from '#app/utils/forms.ts';
import { webhookEventTypes } from '#db/integration-vocabulary.ts';

export const meta: MetaFunction = () => [{ title: 'Webhooks · Barometer' }];

export async function loader({ request }: LoaderFunctionArgs) {
  await requireUser(request, 'api:manage');
  return { subscriptions: await listSubscriptions() };
}

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireUser(request, 'api:manage');
  const form = await request.formData();
  const ipAddress = clientAddress(request);
  const intent = form.get('intent');
  if (intent === 'pause' || intent === 'resume') {
    await setSubscriptionActive({
      id: String(form.get('subscriptionId') ?? ''),
      active: intent === 'resume',
      actor: user,
      ipAddress,
    });
    return { intent: 'toggle' as const, fieldErrors: {} as Record<string, string> };
  }
  const parsed = parseFields(newSubscriptionSchema, {
    url: form.get('url') ?? '',
    events: form.getAll('events'),
    description: form.get('description') ?? '',
  });
  if (!parsed.ok)
    return data({ intent: 'create' as const, fieldErrors: parsed.fieldErrors }, { status: 400 });
  const created = await createSubscription({ input: parsed.data, actor: user, ipAddress });
  return {
    intent: 'create' as const,
    fieldErrors: {} as Record<string, string>,
    secret: created.secret,
    url: parsed.data.url,
  };
}

export default function WebhooksPage() {
  const { subscriptions } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const { t } = useTranslation('integration');
  const errors = (actionData?.intent === 'create' ? actionData.fieldErrors : {}) as Record<string, string>;
  const created = actionData && 'secret' in actionData ? actionData : null;
  return (
    <>
      <h1>{t('webhooks.title')}</h1>
      <p className="muted">{t('webhooks.intro')}</p>
      {created?.secret ? (
        <OneTimeSecret
          heading={`${t('webhooks.secretLabel')}: ${created.url}`}
          secret={created.secret}
          notice={t('webhooks.secretShownOnce')}
          testId="new-webhook-secret"
        />
      ) : null}
      {subscriptions.length === 0 ? (
        <p>{t('webhooks.empty')}</p>
      ) : (
        <div className="table-wrap">
          <table>
            <thead>
              <tr>
                <th>{t('webhooks.url')}</th>
                <th>{t('webhooks.events')}</th>
                <th>{t('webhooks.delivered')}</th>
                <th>{t('webhooks.pending')}</th>
                <th>{t('webhooks.failed')}</th>
                <th>{t('webhooks.status')}</th>
                <th>{t('webhooks.deliveries')}</th>
              </tr>
            </thead>
            <tbody>
              {subscriptions.map((subscription) => (
                <tr key={subscription.id}>
                  <td>
                    {subscription.url}
                    {subscription.description ? (
                      <div className="muted">{subscription.description}</div>
                    ) : null}
                  </td>
                  <td>{subscription.events.map((event) => t(`webhooks.eventTypes.${event}`)).join(', ')}</td>
                  <td>{subscription.delivered}</td>
                  <td>{subscription.pending}</td>
                  <td>{subscription.failed}</td>
                  <td>
                    <Form method="post" className="inline-form">
                      <input type="hidden" name="subscriptionId" value={subscription.id} />
                      <span>{subscription.disabledAt ? t('webhooks.paused') : t('webhooks.active')}</span>
                      <button
                        type="submit"
                        name="intent"
                        value={subscription.disabledAt ? 'resume' : 'pause'}
                        aria-label={`${subscription.disabledAt ? t('webhooks.resume') : t('webhooks.pause')}: ${subscription.url}`}
                      >
                        {subscription.disabledAt ? t('webhooks.resume') : t('webhooks.pause')}
                      </button>
                    </Form>
                  </td>
                  <td>
                    <Link to={`/settings/webhooks/${subscription.id}`}>{t('webhooks.log')}</Link>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}

      <h2>{t('webhooks.newSubscription')}</h2>
      <Form method="post" className="card form-grid" noValidate>
        <input type="hidden" name="intent" value="create" />
        <Field label={t('webhooks.url')} error={errors.url}>
          {(props) => <input {...props} name="url" type="url" required placeholder="https://" />}
        </Field>
        <Field label={t('webhooks.description')} error={errors.description}>
          {(props) => <input {...props} name="description" maxLength={300} />}
        </Field>
        <fieldset className="checkboxes">
          <legend>{t('webhooks.events')}</legend>
          {webhookEventTypes.map((event) => (
            <label key={event}>
              <input type="checkbox" name="events" value={event} /> {t(`webhooks.eventTypes.${event}`)}
            </label>
          ))}
          {errors.events ? <p className="field-error">{t(errors.events, { ns: 'errors' })}</p> : null}
        </fieldset>
        <div>
          <button type="submit" className="primary">
            {t('webhooks.create')}
          </button>
        </div>
      </Form>
    </>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
