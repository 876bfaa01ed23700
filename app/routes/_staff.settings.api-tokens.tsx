import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { data } from '@remix-run/node';
import { Form, useActionData, useLoaderData } from '@remix-run/react';
import { useTranslation } from 'react-i18next';
import { requireUser } from '#app/auth/session.server.ts';
import { GeneralErrorBoundary } from '#app/components/error-boundary.tsx';
import { Field } from '#app/components/field.tsx';
import { OneTimeSecret } from '#app/components/one-time-secret.tsx';
import {
  ApiTokenFieldError,
  apiTokenFormInput,
  apiTokenFormOptions,
  createApiToken,
  listApiTokens,
  newApiTokenSchema,
  revokeApiToken,
} from '#app/models/api-tokens.server.ts';
import { clientAddress } from '#app/models/audit.server.ts';
import { formatInstant } from '#app/components/integration-format.ts';
import { formFields, parseFields } from '#app/utils/forms.ts';
import { localized } from '#app/utils/format.ts';
import { apiAreas, areaAccessLevels } from '#db/integration-vocabulary.ts';

export const meta: MetaFunction = () => [{ title: 'API tokens · Barometer' }];

export async function loader({ request }: LoaderFunctionArgs) {
  await requireUser(request, 'api:manage');
  const [tokens, options] = await Promise.all([listApiTokens(), apiTokenFormOptions()]);
  return { tokens, options };
}

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireUser(request, 'api:manage');
  const fields = formFields(await request.formData());
  const ipAddress = clientAddress(request);
  if (fields.intent === 'revoke') {
    await revokeApiToken({ id: fields.tokenId ?? '', actor: user, ipAddress });
    return { intent: 'revoke' as const, fieldErrors: {} as Record<string, string> };
  }
  const parsed = parseFields(newApiTokenSchema, apiTokenFormInput(fields));
  if (!parsed.ok)
    return data({ intent: 'create' as const, fieldErrors: parsed.fieldErrors }, { status: 400 });
  try {
    const created = await createApiToken({ input: parsed.data, actor: user, ipAddress });
    return {
      intent: 'create' as const,
      fieldErrors: {} as Record<string, string>,
      token: created.token,
      name: parsed.data.name,
    };
  } catch (error) {
    if (!(error instanceof ApiTokenFieldError)) throw error;
    return data(
      { intent: 'create' as const, fieldErrors: { [error.field]: error.messageKey } },
      { status: 400 },
    );
  }
}

export default function ApiTokensPage() {
  const { tokens, options } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const { t, i18n } = useTranslation('integration');
  const locale = i18n.language;
  const errors = (actionData?.intent === 'create' ? actionData.fieldErrors : {}) as Record<string, string>;
  const created = actionData && 'token' in actionData ? actionData : null;
  return (
    <>
      <h1>{t('tokens.title')}</h1>
      <p className="muted">
        {t('tokens.intro')} <a href="/api/v1/openapi.json">{t('tokens.reference')}</a>
      </p>
      {created?.token ? (
        <OneTimeSecret
          heading={t('tokens.tokenLabel', { name: created.name })}
          secret={created.token}
          notice={t('tokens.shownOnce')}
          testId="new-api-token"
        />
      ) : null}
      {tokens.length === 0 ? (
        <p>{t('tokens.empty')}</p>
      ) : (
        <div className="table-wrap">
          <table>
            <thead>
              <tr>
                <th>{t('tokens.name')}</th>
                <th>{t('tokens.prefix')}</th>
                <th>{t('tokens.permissions')}</th>
                <th>{t('tokens.restriction')}</th>
                <th>{t('tokens.rate')}</th>
                <th>{t('tokens.lastUsed')}</th>
                <th>{t('tokens.created')}</th>
                <th>{t('tokens.status')}</th>
              </tr>
            </thead>
            <tbody>
              {tokens.map((token) => (
                <tr key={token.id} className={token.revokedAt ? 'muted' : undefined}>
                  <td>{token.name}</td>
                  <td>
                    <code>{token.tokenPrefix}…</code>
                  </td>
                  <td>
                    {apiAreas
                      .filter((area) => token.permissions.includes(`${area}:read`))
                      .map(
                        (area) =>
                          `${t(`areas.${area}`)}: ${t(`access.${token.permissions.includes(`${area}:write`) ? 'write' : 'read'}`)}`,
                      )
                      .join('; ')}
                  </td>
                  <td>
                    {token.unitNameEn
                      ? `${t('tokens.unit')}: ${localized(locale, token.unitNameEn, token.unitNameRu)}`
                      : token.managerName
                        ? `${t('tokens.manager')}: ${token.managerName}`
                        : t('tokens.wholeCompany')}
                  </td>
                  <td>{token.ratePerMinute}</td>
                  <td>
                    {token.lastUsedAt
                      ? `${formatInstant(token.lastUsedAt, locale)} · ${token.lastUsedIp ?? ''}`
                      : t('tokens.never')}
                  </td>
                  <td>
                    {formatInstant(token.createdAt, locale)}
                    {token.createdByName ? ` · ${token.createdByName}` : ''}
                  </td>
                  <td>
                    {token.revokedAt ? (
                      t('tokens.revoked', { date: formatInstant(token.revokedAt, locale) })
                    ) : (
                      <Form method="post" className="inline-form">
                        <input type="hidden" name="intent" value="revoke" />
                        <input type="hidden" name="tokenId" value={token.id} />
                        <span>{t('tokens.active')}</span>
                        <button type="submit" aria-label={`${t('tokens.revoke')}: ${token.name}`}>
                          {t('tokens.revoke')}
                        </button>
                      </Form>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}

      <h2>{t('tokens.newToken')}</h2>
      <Form method="post" className="card form-grid" noValidate>
        <input type="hidden" name="intent" value="create" />
        <Field label={t('tokens.name')} error={errors.name}>
          {(props) => <input {...props} name="name" required maxLength={120} />}
        </Field>
        {apiAreas.map((area) => (
          <Field key={area} label={t(`areas.${area}`)} error={errors[`access.${area}`]}>
            {(props) => (
              <select {...props} name={`access.${area}`} defaultValue="none">
                {areaAccessLevels.map((level) => (
                  <option key={level} value={level}>
                    {t(`access.${level}`)}
                  </option>
                ))}
              </select>
            )}
          </Field>
        ))}
        <Field label={t('tokens.restriction')} error={errors.restriction}>
          {(props) => (
            <select {...props} name="restriction" defaultValue="none">
              <option value="none">{t('tokens.restrictionNone')}</option>
              <option value="unit">{t('tokens.restrictionUnit')}</option>
              <option value="manager">{t('tokens.restrictionManager')}</option>
            </select>
          )}
        </Field>
        <Field label={t('tokens.chooseUnit')} error={errors.unitId}>
          {(props) => (
            <select {...props} name="unitId" defaultValue="">
              <option value="">{t('common:none')}</option>
              {options.units.map((unit) => (
                <option key={unit.id} value={unit.id}>
                  {localized(locale, unit.nameEn, unit.nameRu)}
                </option>
              ))}
            </select>
          )}
        </Field>
        <Field label={t('tokens.chooseManager')} error={errors.managerId}>
          {(props) => (
            <select {...props} name="managerId" defaultValue="">
              <option value="">{t('common:none')}</option>
              {options.managers.map((manager) => (
                <option key={manager.id} value={manager.id}>
                  {manager.fullName}
                </option>
              ))}
            </select>
          )}
        </Field>
        <Field label={t('tokens.rate')} error={errors.ratePerMinute}>
          {(props) => (
            <input {...props} name="ratePerMinute" type="number" min={1} max={10000} defaultValue={600} />
          )}
        </Field>
        {errors.access ? (
          <p className="form-error" role="alert">
            {t(errors.access)}
          </p>
        ) : null}
        <p className="muted">{t('tokens.rateHint')}</p>
        <div>
          <button type="submit" className="primary">
            {t('tokens.create')}
          </button>
        </div>
      </Form>
    </>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
