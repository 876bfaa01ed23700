import type { ActionFunctionArgs, LinksFunction, LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { data, redirect } from '@remix-run/node';
import { Form, Link, useActionData, useLoaderData, useNavigation } from '@remix-run/react';
import { useTranslation } from 'react-i18next';
import { requireUser } from '#app/auth/session.server.ts';
import { AudienceFields, AudiencePreviewCard } from '#app/components/wave-audience.tsx';
import { GeneralErrorBoundary } from '#app/components/error-boundary.tsx';
import { Field } from '#app/components/field.tsx';
import { clientAddress } from '#app/models/audit.server.ts';
import {
  audienceFromForm,
  audienceSchema,
  createWave,
  defaultSchedule,
  newWaveSchema,
  previewAudience,
  WaveFieldError,
  waveFormInput,
  waveFormOptions,
} from '#app/models/waves.server.ts';
import { localized } from '#app/utils/format.ts';
import { parseFields } from '#app/utils/forms.ts';
import styles from '#app/styles/campaigns.css?url';

export const links: LinksFunction = () => [{ rel: 'stylesheet', href: styles }];

export const meta: MetaFunction = () => [{ title: 'New wave · Barometer' }];

export async function loader({ request }: LoaderFunctionArgs) {
  await requireUser(request, 'waves:write');
  return { options: await waveFormOptions(), defaults: defaultSchedule() };
}

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireUser(request, 'waves:write');
  const form = await request.formData();
  if (form.get('intent') === 'preview') {
    const parsed = parseFields(audienceSchema, audienceFromForm(form));
    if (!parsed.ok) {
      const fieldErrors = Object.fromEntries(
        Object.entries(parsed.fieldErrors).map(([key, message]) => [`audience.${key}`, message]),
      );
      return data({ fieldErrors, preview: null }, { status: 400 });
    }
    return { fieldErrors: {}, preview: await previewAudience({ audience: parsed.data }) };
  }
  const parsed = parseFields(newWaveSchema, waveFormInput(form));
  if (!parsed.ok) return data({ fieldErrors: parsed.fieldErrors, preview: null }, { status: 400 });
  try {
    const wave = await createWave({ input: parsed.data, actor: user, ipAddress: clientAddress(request) });
    return redirect(`/waves/${wave.id}`);
  } catch (error) {
    if (!(error instanceof WaveFieldError)) throw error;
    return data({ fieldErrors: { [error.field]: error.messageKey }, preview: null }, { status: 400 });
  }
}

export default function NewWavePage() {
  const { options, defaults } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const errors: Record<string, string> = actionData?.fieldErrors ?? {};
  const { t, i18n } = useTranslation('waves');
  const locale = i18n.language;
  const navigation = useNavigation();
  const busy = navigation.state === 'submitting';
  return (
    <>
      <div className="page-head">
        <h1>{t('new')}</h1>
        <Link to="/waves">{t('title')}</Link>
      </div>
      <Form method="post" className="stack" noValidate>
        <section className="card form-grid">
          <Field label={t('name')} error={errors.name}>
            {(props) => <input {...props} name="name" required maxLength={200} />}
          </Field>
          <Field label={t('surveyVersion')} error={errors.surveyVersionId}>
            {(props) => (
              <select {...props} name="surveyVersionId" required defaultValue={options.versions[0]?.id ?? ''}>
                {options.versions.map((version) => (
                  <option key={version.id} value={version.id}>
                    {t('versionOption', {
                      title: localized(locale, version.titleEn, version.titleRu),
                      version: version.version,
                    })}{' '}
                    ({version.frozenAt ? t('versionFrozen') : t('versionDraft')})
                  </option>
                ))}
              </select>
            )}
          </Field>
        </section>

        <section className="card form-grid" aria-labelledby="schedule-title">
          <h2 id="schedule-title" className="span-all">
            {t('form.schedule')} <span className="muted">· {t('form.scheduleHint')}</span>
          </h2>
          <Field label={t('sendFrom')} error={errors.sendFrom}>
            {(props) => (
              <input
                {...props}
                name="sendFrom"
                type="datetime-local"
                required
                defaultValue={defaults.sendFrom}
              />
            )}
          </Field>
          <Field label={t('sendUntil')} error={errors.sendUntil}>
            {(props) => (
              <input
                {...props}
                name="sendUntil"
                type="datetime-local"
                required
                defaultValue={defaults.sendUntil}
              />
            )}
          </Field>
          <Field label={t('expiresAt')} error={errors.expiresAt}>
            {(props) => (
              <input
                {...props}
                name="expiresAt"
                type="datetime-local"
                required
                defaultValue={defaults.expiresAt}
              />
            )}
          </Field>
          <Field label={t('form.reminderAfterDays')} error={errors.reminderAfterDays}>
            {(props) => (
              <input
                {...props}
                name="reminderAfterDays"
                type="number"
                min={1}
                max={60}
                defaultValue={defaults.reminderAfterDays}
              />
            )}
          </Field>
          <Field label={t('form.reminderMax')} error={errors.reminderMax}>
            {(props) => (
              <input
                {...props}
                name="reminderMax"
                type="number"
                min={0}
                max={5}
                defaultValue={defaults.reminderMax}
              />
            )}
          </Field>
        </section>

        <section className="card form-grid" aria-labelledby="audience-title">
          <div className="span-all">
            <h2 id="audience-title">{t('form.audience')}</h2>
            <p className="muted">{t('form.audienceHint')}</p>
          </div>
          <AudienceFields options={options} errors={errors} />
        </section>

        {actionData?.preview ? <AudiencePreviewCard preview={actionData.preview} /> : null}

        <div className="form-actions">
          <button type="submit" name="intent" value="preview" formNoValidate disabled={busy}>
            {t('form.previewButton')}
          </button>
          <button type="submit" name="intent" value="create" className="primary" disabled={busy}>
            {t('form.create')}
          </button>
          <span className="muted">{t('form.createHint')}</span>
        </div>
      </Form>
    </>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
