import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { data, redirect } from '@remix-run/node';
import { Form, useActionData, useLoaderData } from '@remix-run/react';
import { useTranslation } from 'react-i18next';
import { requireUser } from '#app/auth/session.server.ts';
import { GeneralErrorBoundary } from '#app/components/error-boundary.tsx';
import { Field } from '#app/components/field.tsx';
import { clientAddress } from '#app/models/audit.server.ts';
import {
  ClientFieldError,
  clientFilterOptions,
  createClient,
  newClientSchema,
} from '#app/models/clients.server.ts';
import { vipCriteria } from '#db/schema/domain.ts';
import { formFields, parseFields } from '#app/utils/forms.ts';
import { localized } from '#app/utils/format.ts';

export const meta: MetaFunction = () => [{ title: 'New client · Barometer' }];

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request, 'clients:write');
  return { options: await clientFilterOptions(user) };
}

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireUser(request, 'clients:write');
  const form = await request.formData();
  const parsed = parseFields(newClientSchema, {
    ...formFields(form),
    vipCriteria: form.getAll('vipCriteria'),
  });
  if (!parsed.ok) return data({ fieldErrors: parsed.fieldErrors }, { status: 400 });
  try {
    const created = await createClient(parsed.data, user, clientAddress(request));
    throw redirect(`/clients/${created.id}`);
  } catch (error) {
    if (error instanceof ClientFieldError) {
      return data({ fieldErrors: { [error.field]: error.messageKey } }, { status: 400 });
    }
    throw error;
  }
}

export default function NewClientPage() {
  const { options } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const errors: Record<string, string> = actionData?.fieldErrors ?? {};
  const { t, i18n } = useTranslation('clients');
  const locale = i18n.language;
  return (
    <>
      <h1>{t('new')}</h1>
      <Form method="post" className="card form-grid" noValidate>
        <Field label={t('name')} error={errors.name}>
          {(props) => <input {...props} name="name" required />}
        </Field>
        <Field label={t('inn')} error={errors.inn}>
          {(props) => <input {...props} name="inn" inputMode="numeric" required />}
        </Field>
        <Field label={t('okved2')} error={errors.okved2}>
          {(props) => <input {...props} name="okved2" placeholder="46.90" required />}
        </Field>
        <Field label={t('registeredOn')} error={errors.registeredOn}>
          {(props) => <input {...props} name="registeredOn" type="date" required />}
        </Field>
        <Field label={t('revenue')} error={errors.revenueRub}>
          {(props) => <input {...props} name="revenueRub" inputMode="decimal" required />}
        </Field>
        <Field label={t('headcount')} error={errors.headcount}>
          {(props) => <input {...props} name="headcount" inputMode="numeric" required />}
        </Field>
        <Field label={t('region')} error={errors.regionCode}>
          {(props) => (
            <select {...props} name="regionCode" required>
              {options.regions.map((region) => (
                <option key={region.code} value={region.code}>
                  {localized(locale, region.nameEn, region.nameRu)}
                </option>
              ))}
            </select>
          )}
        </Field>
        <Field label={t('unit')} error={errors.unitId}>
          {(props) => (
            <select {...props} name="unitId" required>
              {options.units.map((unit) => (
                <option key={unit.id} value={unit.id}>
                  {localized(locale, unit.nameEn, unit.nameRu)}
                </option>
              ))}
            </select>
          )}
        </Field>
        <Field label={t('manager')} error={errors.managerId}>
          {(props) => (
            <select {...props} name="managerId">
              <option value="">{t('noManager')}</option>
              {options.managers.map((manager) => (
                <option key={manager.id} value={manager.id}>
                  {manager.fullName}
                </option>
              ))}
            </select>
          )}
        </Field>
        <fieldset className="checkboxes">
          <legend>{t('vipCriteria')}</legend>
          {vipCriteria.map((criterion) => (
            <label key={criterion}>
              <input type="checkbox" name="vipCriteria" value={criterion} /> {t(`common:vip.${criterion}`)}
            </label>
          ))}
        </fieldset>
        <div>
          <button type="submit" className="primary">
            {t('create')}
          </button>
        </div>
      </Form>
    </>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
