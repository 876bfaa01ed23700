import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { data } from '@remix-run/node';
import { Form, useActionData, useLoaderData, useNavigation } from '@remix-run/react';
import { useTranslation } from 'react-i18next';
import { can } from '#app/auth/policy.ts';
import { requireUser } from '#app/auth/session.server.ts';
import { GeneralErrorBoundary } from '#app/components/error-boundary.tsx';
import { Field } from '#app/components/field.tsx';
import { clientAddress } from '#app/models/audit.server.ts';
import { changeSetting, listSettings, type SettingOverview } from '#app/models/settings.server.ts';
import { formatDate } from '#app/utils/format.ts';
import { formFields } from '#app/utils/forms.ts';

export const meta: MetaFunction = () => [{ title: 'Settings · Barometer' }];

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request, 'settings:read');
  return { settings: await listSettings(), canEdit: can(user.role, 'settings:write') };
}

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireUser(request, 'settings:write');
  const { key = '', ...fields } = formFields(await request.formData());
  const result = await changeSetting({ key, fields, actor: user, ipAddress: clientAddress(request) });
  if (!result.ok) return data({ key, fieldErrors: result.fieldErrors, saved: null }, { status: 400 });
  return {
    key,
    fieldErrors: {} as Record<string, string>,
    saved: result.unchanged
      ? { unchanged: true, version: null, reclassified: null }
      : {
          unchanged: false,
          version: result.version,
          reclassified: typeof result.detail.reclassified === 'number' ? result.detail.reclassified : null,
        },
  };
}

export default function SettingsPage() {
  const { settings, canEdit } = useLoaderData<typeof loader>();
  const { t } = useTranslation('settings');
  const sections = [...new Set(settings.map((setting) => setting.section))];
  return (
    <>
      <h1>{t('title')}</h1>
      <p className="muted">{t('intro')}</p>
      {sections.map((section) => (
        <section key={section} aria-labelledby={`settings-${section}`}>
          <h2 id={`settings-${section}`}>{t(`sections.${section}`, { defaultValue: section })}</h2>
          {settings
            .filter((setting) => setting.section === section)
            .map((setting) => (
              <SettingCard key={setting.key} setting={setting} canEdit={canEdit} />
            ))}
        </section>
      ))}
    </>
  );
}

function SettingCard({ setting, canEdit }: { setting: SettingOverview; canEdit: boolean }) {
  const { t, i18n } = useTranslation('settings');
  const actionData = useActionData<typeof action>();
  const navigation = useNavigation();
  const mine = actionData?.key === setting.key ? actionData : undefined;
  const errors = mine?.fieldErrors ?? {};
  const busy = navigation.state === 'submitting' && navigation.formData?.get('key') === setting.key;
  const title = t(`keys.${setting.key}.title`, { defaultValue: setting.key });
  return (
    <article className="card setting-card" aria-label={title}>
      <h3>{title}</h3>
      <p className="muted">{t(`keys.${setting.key}.description`, { defaultValue: '' })}</p>
      <p>
        {setting.current
          ? t('versionLine', {
              version: setting.current.version,
              name: setting.current.createdByName ?? t('unknownUser'),
              date: formatDate(setting.current.createdAt, i18n.language),
            })
          : t('defaultInForce')}
      </p>
      {mine?.saved ? (
        <p className="notice" role="status">
          {mine.saved.unchanged
            ? t('unchanged')
            : mine.saved.reclassified !== null
              ? t('savedReclassified', { version: mine.saved.version, count: mine.saved.reclassified })
              : t('saved', { version: mine.saved.version })}
        </p>
      ) : null}
      <Form method="post" className="form-grid" noValidate aria-label={title}>
        <input type="hidden" name="key" value={setting.key} />
        {setting.fields.map((field) => {
          const label = t(`keys.${setting.key}.fields.${field.name}`, { defaultValue: title });
          return (
            <Field key={field.name} label={label} error={errors[field.name]}>
              {(props) => (
                <span className="input-with-unit">
                  <input
                    {...props}
                    name={field.name}
                    inputMode={field.kind === 'integer' ? 'numeric' : 'decimal'}
                    defaultValue={setting.formValues[field.name]}
                    readOnly={!canEdit}
                    required
                  />
                  {field.unit ? <span className="muted">{t(`units.${field.unit}`)}</span> : null}
                </span>
              )}
            </Field>
          );
        })}
        {canEdit ? (
          <div>
            <button type="submit" className="primary" disabled={busy}>
              {t('saveVersion')}
            </button>
          </div>
        ) : null}
      </Form>
      {setting.history.length > 1 ? (
        <details>
          <summary>{t('history', { count: setting.history.length })}</summary>
          <table>
            <thead>
              <tr>
                <th>{t('version')}</th>
                <th>{t('changedBy')}</th>
                <th>{t('changedOn')}</th>
                <th>{t('value')}</th>
              </tr>
            </thead>
            <tbody>
              {setting.history.map((version) => (
                <tr key={version.version}>
                  <td>{version.version}</td>
                  <td>{version.createdByName ?? t('unknownUser')}</td>
                  <td>{formatDate(version.createdAt, i18n.language)}</td>
                  <td>
                    <code>{JSON.stringify(version.value)}</code>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </details>
      ) : null}
    </article>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
