import type { ActionFunctionArgs, LinksFunction, LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { data, redirect } from '@remix-run/node';
import { Form, Link, useActionData, useLoaderData } from '@remix-run/react';
import { useTranslation } from 'react-i18next';
import { ageBands } from '#analytics/segments/age-band.ts';
import type { SegmentDefinition } from '#analytics/segments/definition.ts';
import { accountClassValues, loyaltyStateValues } from '#analytics/segments/vocabulary.ts';
import { can } from '#app/auth/policy.ts';
import { requireUser } from '#app/auth/session.server.ts';
import { GeneralErrorBoundary } from '#app/components/error-boundary.tsx';
import { Field } from '#app/components/field.tsx';
import { PageHead } from '#app/components/page-head.tsx';
import { resolveLocale } from '#app/i18n/locale.server.ts';
import { clientAddress } from '#app/models/audit.server.ts';
import {
  customSegmentSchema,
  deleteCustomSegment,
  getCustomSegment,
  listCustomSegments,
  SegmentNameTakenError,
  saveCustomSegment,
  segmentFieldErrors,
  segmentFormOptions,
  segmentInputFromForm,
} from '#app/models/segments.server.ts';
import { sizeSegments, vipCriteria } from '#db/schema/domain.ts';
import segmentStyles from '#app/styles/segments.css?url';

export const links: LinksFunction = () => [{ rel: 'stylesheet', href: segmentStyles }];

export const meta: MetaFunction = () => [{ title: 'Custom segments · Barometer' }];

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request, 'segments:read');
  const url = new URL(request.url);
  const editId = url.searchParams.get('edit');
  const locale = await resolveLocale(request, user.locale);
  const [segments, options, editing] = await Promise.all([
    listCustomSegments(user),
    segmentFormOptions(locale),
    editId ? getCustomSegment({ id: editId, viewer: user }) : null,
  ]);
  // A shared segment someone else owns opens in the list, not in the editor.
  if (editing && !editing.editable) throw redirect('/segments/custom');
  return {
    segments,
    options,
    editing: editing
      ? {
          id: editing.id,
          name: editing.name,
          description: editing.description,
          shared: editing.shared,
          definition: editing.definition,
        }
      : null,
    canWrite: can(user.role, 'segments:write'),
  };
}

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireUser(request, 'segments:write');
  const form = await request.formData();
  const ipAddress = clientAddress(request);
  const id = typeof form.get('id') === 'string' && form.get('id') !== '' ? String(form.get('id')) : undefined;
  if (form.get('intent') === 'delete' && id) {
    await deleteCustomSegment({ id, viewer: user, ipAddress });
    return { fieldErrors: {} as Record<string, string>, done: 'deleted' as const };
  }
  const parsed = customSegmentSchema.safeParse(segmentInputFromForm(form));
  if (!parsed.success)
    return data({ fieldErrors: segmentFieldErrors(parsed.error), done: null }, { status: 400 });
  try {
    await saveCustomSegment({ id, input: parsed.data, viewer: user, ipAddress });
  } catch (error) {
    if (!(error instanceof SegmentNameTakenError)) throw error;
    return data({ fieldErrors: { name: 'segments:errors.nameTaken' }, done: null }, { status: 400 });
  }
  throw redirect('/segments/custom?saved=1');
}

type Options = ReturnType<typeof useLoaderData<typeof loader>>['options'];

export default function CustomSegmentsPage() {
  const { segments, options, editing, canWrite } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const { t } = useTranslation('segments');
  const errors: Record<string, string> = actionData?.fieldErrors ?? {};
  const definition: SegmentDefinition = editing?.definition ?? {};
  return (
    <>
      <PageHead title={t('customTitle')}>
        <Link to="/segments?by=custom">{t('title')}</Link>
      </PageHead>
      <p className="muted">{t('customIntro')}</p>
      {actionData?.done === 'deleted' ? (
        <p className="notice" role="status">
          {t('deleted')}
        </p>
      ) : null}
      {segments.length === 0 ? (
        <p className="empty">{t('noCustomSegments')}</p>
      ) : (
        <div className="table-wrap">
          <table>
            <thead>
              <tr>
                <th>{t('name')}</th>
                <th>{t('summary')}</th>
                <th>{t('owner')}</th>
                <th>{t('openClients')}</th>
                <th />
              </tr>
            </thead>
            <tbody>
              {segments.map((segment) => (
                <tr key={segment.id}>
                  <td>
                    {segment.name}
                    {segment.shared ? <span className="badge">{t('sharedBadge')}</span> : null}
                    {segment.description ? <div className="muted">{segment.description}</div> : null}
                  </td>
                  <td>
                    <DefinitionSummary definition={segment.definition} options={options} />
                  </td>
                  <td>{segment.ownerName}</td>
                  <td>
                    <Link to={`/clients?segment=${segment.id}`}>{t('openClients')}</Link>
                  </td>
                  <td>
                    {segment.editable && canWrite ? (
                      <div className="inline-form">
                        <Link to={`/segments/custom?edit=${segment.id}`}>{t('edit')}</Link>
                        <Form method="post">
                          <input type="hidden" name="id" value={segment.id} />
                          <button
                            type="submit"
                            name="intent"
                            value="delete"
                            aria-label={`${t('delete')}: ${segment.name}`}
                          >
                            {t('delete')}
                          </button>
                        </Form>
                      </div>
                    ) : null}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {canWrite ? (
        <>
          <h2>{editing ? t('editSegment') : t('newSegment')}</h2>
          <Form
            method="post"
            className="card form-grid"
            noValidate
            key={editing?.id ?? 'new'}
            aria-label={editing ? t('editSegment') : t('newSegment')}
          >
            {editing ? <input type="hidden" name="id" value={editing.id} /> : null}
            <Field label={t('name')} error={errors.name}>
              {(props) => <input {...props} name="name" defaultValue={editing?.name} required />}
            </Field>
            <Field label={t('description')} error={errors.description}>
              {(props) => <input {...props} name="description" defaultValue={editing?.description ?? ''} />}
            </Field>
            <label className="checkbox">
              <input type="checkbox" name="shared" defaultChecked={editing?.shared ?? false} />
              {t('shared')}
            </label>
            <Choices
              name="sizes"
              label={t('sizes')}
              values={sizeSegments.map((size) => ({ id: size, name: t(`common:sizes.${size}`) }))}
              selected={definition.sizes}
              error={errors.sizes}
            />
            <MultiSelect
              name="sections"
              label={t('sections')}
              values={options.sections}
              selected={definition.sections}
            />
            <MultiSelect
              name="regions"
              label={t('regions')}
              values={options.regions}
              selected={definition.regions}
            />
            <MultiSelect
              name="unitIds"
              label={t('unitIds')}
              values={options.units}
              selected={definition.unitIds}
            />
            <MultiSelect
              name="managerIds"
              label={t('managerIds')}
              values={options.managers}
              selected={definition.managerIds}
            />
            <Choices
              name="ageBands"
              label={t('ageBandsLabel')}
              values={ageBands.map((band) => ({ id: band, name: t(`ageBands.${band}`) }))}
              selected={definition.ageBands}
            />
            <YesNo name="vip" label={t('vipLabel')} value={definition.vip} />
            <Choices
              name="vipCriteria"
              label={t('vipCriteria')}
              values={vipCriteria.map((criterion) => ({ id: criterion, name: t(`common:vip.${criterion}`) }))}
              selected={definition.vipCriteria}
            />
            <YesNo name="inGroup" label={t('inGroup')} value={definition.inGroup} />
            <MultiSelect
              name="groupIds"
              label={t('groupIds')}
              values={options.groups}
              selected={definition.groupIds}
            />
            <MultiSelect
              name="productIds"
              label={t('products')}
              values={options.products}
              selected={definition.productIds}
            />
            <RangeInputs
              name="shareOfBusiness"
              label={t('shareOfBusiness')}
              value={definition.shareOfBusiness}
              errors={errors}
            />
            <RangeInputs name="revenue" label={t('revenue')} value={definition.revenue} errors={errors} />
            <Choices
              name="loyaltyStates"
              label={t('loyaltyStates')}
              values={loyaltyStateValues.map((state) => ({
                id: state,
                name: t(`loyaltyStateNames.${state}`),
              }))}
              selected={definition.loyaltyStates}
            />
            <Choices
              name="accountClasses"
              label={t('accountClasses')}
              values={accountClassValues.map((value) => ({
                id: value,
                name: t(`accountClassNames.${value}`),
              }))}
              selected={definition.accountClasses}
            />
            <RangeInputs name="csi" label={t('csi')} value={definition.csi} errors={errors} />
            <div className="filter-actions">
              <button type="submit" className="primary">
                {t('save')}
              </button>
              {editing ? <Link to="/segments/custom">{t('cancel')}</Link> : null}
            </div>
          </Form>
        </>
      ) : null}
    </>
  );
}

function Choices({
  name,
  label,
  values,
  selected,
  error,
}: {
  name: string;
  label: string;
  values: Array<{ id: string; name: string }>;
  selected?: readonly string[];
  error?: string;
}) {
  const { t } = useTranslation('errors');
  return (
    <fieldset className="checkboxes">
      <legend>{label}</legend>
      {values.map((value) => (
        <label key={value.id}>
          <input type="checkbox" name={name} value={value.id} defaultChecked={selected?.includes(value.id)} />
          {value.name}
        </label>
      ))}
      {error ? (
        <p className="field-error">{t(error.replace(/^errors\./, ''), { defaultValue: error })}</p>
      ) : null}
    </fieldset>
  );
}

function MultiSelect({
  name,
  label,
  values,
  selected,
}: {
  name: string;
  label: string;
  values: Array<{ id: string; name: string }>;
  selected?: readonly string[];
}) {
  return (
    <Field label={label}>
      {(props) => (
        <select
          {...props}
          name={name}
          multiple
          size={Math.min(6, Math.max(3, values.length))}
          defaultValue={selected ? [...selected] : []}
        >
          {values.map((value) => (
            <option key={value.id} value={value.id}>
              {value.name}
            </option>
          ))}
        </select>
      )}
    </Field>
  );
}

function YesNo({ name, label, value }: { name: string; label: string; value?: boolean }) {
  const { t } = useTranslation('segments');
  return (
    <Field label={label}>
      {(props) => (
        <select {...props} name={name} defaultValue={value === undefined ? '' : value ? 'yes' : 'no'}>
          <option value="">{t('anyValue')}</option>
          <option value="yes">{t('yes')}</option>
          <option value="no">{t('no')}</option>
        </select>
      )}
    </Field>
  );
}

function RangeInputs({
  name,
  label,
  value,
  errors,
}: {
  name: string;
  label: string;
  value?: { min?: number; max?: number };
  errors: Record<string, string>;
}) {
  const { t } = useTranslation('segments');
  return (
    <fieldset className="range-inputs">
      <legend>{label}</legend>
      <Field label={t('min')} error={errors[`${name}.min`]}>
        {(props) => (
          <input {...props} name={`${name}.min`} inputMode="decimal" defaultValue={value?.min ?? ''} />
        )}
      </Field>
      <Field label={t('max')} error={errors[`${name}.max`]}>
        {(props) => (
          <input {...props} name={`${name}.max`} inputMode="decimal" defaultValue={value?.max ?? ''} />
        )}
      </Field>
    </fieldset>
  );
}

/** A segment's criteria in one line, in the reader's language. */
function DefinitionSummary({ definition, options }: { definition: SegmentDefinition; options: Options }) {
  const { t } = useTranslation('segments');
  const name = (list: Array<{ id: string; name: string }>, ids?: readonly string[]) =>
    ids?.map((id) => list.find((entry) => entry.id === id)?.name ?? id).join(', ');
  const range = (bounds?: { min?: number; max?: number }) =>
    bounds ? `${bounds.min ?? '…'}–${bounds.max ?? '…'}` : undefined;
  const parts: Array<[string, string | undefined]> = [
    [t('sizes'), definition.sizes?.map((size) => t(`common:sizes.${size}`)).join(', ')],
    [t('sections'), definition.sections?.join(', ')],
    [t('regions'), name(options.regions, definition.regions)],
    [t('unitIds'), name(options.units, definition.unitIds)],
    [t('managerIds'), name(options.managers, definition.managerIds)],
    [t('ageBandsLabel'), definition.ageBands?.map((band) => t(`ageBands.${band}`)).join(', ')],
    [t('vipLabel'), definition.vip === undefined ? undefined : definition.vip ? t('yes') : t('no')],
    [t('vipCriteria'), definition.vipCriteria?.map((criterion) => t(`common:vip.${criterion}`)).join(', ')],
    [t('inGroup'), definition.inGroup === undefined ? undefined : definition.inGroup ? t('yes') : t('no')],
    [t('groupIds'), name(options.groups, definition.groupIds)],
    [t('products'), name(options.products, definition.productIds)],
    [t('shareOfBusiness'), range(definition.shareOfBusiness)],
    [t('revenue'), range(definition.revenue)],
    [
      t('loyaltyStates'),
      definition.loyaltyStates?.map((state) => t(`loyaltyStateNames.${state}`)).join(', '),
    ],
    [
      t('accountClasses'),
      definition.accountClasses?.map((value) => t(`accountClassNames.${value}`)).join(', '),
    ],
    [t('csi'), range(definition.csi)],
  ];
  const shown = parts.filter((part): part is [string, string] => Boolean(part[1]));
  if (shown.length === 0) return <span className="muted">{t('noCriteria')}</span>;
  return <span>{shown.map(([label, value]) => `${label}: ${value}`).join('; ')}</span>;
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
