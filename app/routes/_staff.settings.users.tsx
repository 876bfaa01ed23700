import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { data } from '@remix-run/node';
import { Form, useActionData, useLoaderData } from '@remix-run/react';
import { useTranslation } from 'react-i18next';
import { requireUser } from '#app/auth/session.server.ts';
import { GeneralErrorBoundary } from '#app/components/error-boundary.tsx';
import { Field } from '#app/components/field.tsx';
import { clientAddress } from '#app/models/audit.server.ts';
import {
  changeUser,
  createUser,
  DuplicateEmailError,
  listManagersWithoutLogin,
  listUsers,
  newUserSchema,
  SelfLockoutError,
  userChangeSchema,
} from '#app/models/users.server.ts';
import { locales, roles } from '#db/schema/domain.ts';
import { formFields, parseFields } from '#app/utils/forms.ts';

export const meta: MetaFunction = () => [{ title: 'Users · Barometer' }];

export async function loader({ request }: LoaderFunctionArgs) {
  await requireUser(request, 'users:manage');
  const [users, managers] = await Promise.all([listUsers(), listManagersWithoutLogin()]);
  return { users, managers };
}

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireUser(request, 'users:manage');
  const fields = formFields(await request.formData());
  const ipAddress = clientAddress(request);
  if (fields.intent === 'change') {
    const parsed = parseFields(userChangeSchema, fields);
    if (!parsed.ok) return data({ intent: 'change', fieldErrors: parsed.fieldErrors }, { status: 400 });
    try {
      await changeUser(parsed.data, user, ipAddress);
    } catch (error) {
      if (!(error instanceof SelfLockoutError)) throw error;
      return data({ intent: 'change', fieldErrors: { form: 'errors.selfLockout' } }, { status: 400 });
    }
    return { intent: 'change', fieldErrors: {} };
  }
  const parsed = parseFields(newUserSchema, fields);
  if (!parsed.ok) return data({ intent: 'create', fieldErrors: parsed.fieldErrors }, { status: 400 });
  try {
    await createUser(parsed.data, user, ipAddress);
  } catch (error) {
    if (!(error instanceof DuplicateEmailError)) throw error;
    return data({ intent: 'create', fieldErrors: { email: 'errors.emailTaken' } }, { status: 400 });
  }
  return { intent: 'create', fieldErrors: {}, created: true };
}

export default function UsersPage() {
  const { users, managers } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const { t } = useTranslation('admin');
  const createErrors = (actionData?.intent === 'create' ? actionData.fieldErrors : {}) as Record<
    string,
    string
  >;
  const changeError =
    actionData?.intent === 'change' ? (actionData.fieldErrors as Record<string, string>).form : undefined;
  return (
    <>
      <h1>{t('usersTitle')}</h1>
      {changeError ? (
        <p className="form-error" role="alert">
          {t(changeError.replace('errors.', 'errors:'))}
        </p>
      ) : null}
      <div className="table-wrap">
        <table>
          <thead>
            <tr>
              <th>{t('fullName')}</th>
              <th>{t('email')}</th>
              <th>{t('manager')}</th>
              <th>{t('role')}</th>
              <th>{t('status')}</th>
            </tr>
          </thead>
          <tbody>
            {users.map((row) => (
              <tr key={row.id}>
                <td>{row.fullName}</td>
                <td>{row.email}</td>
                <td>{row.managerName ?? t('common:none')}</td>
                <td>
                  <Form method="post" className="inline-form">
                    <input type="hidden" name="intent" value="change" />
                    <input type="hidden" name="userId" value={row.id} />
                    <input type="hidden" name="active" value={String(row.active)} />
                    <select name="role" defaultValue={row.role} aria-label={`${t('role')}: ${row.fullName}`}>
                      {roles.map((role) => (
                        <option key={role} value={role}>
                          {t(`common:roles.${role}`)}
                        </option>
                      ))}
                    </select>
                    <button type="submit">{t('change')}</button>
                  </Form>
                </td>
                <td>
                  <Form method="post" className="inline-form">
                    <input type="hidden" name="intent" value="change" />
                    <input type="hidden" name="userId" value={row.id} />
                    <input type="hidden" name="role" value={row.role} />
                    <input type="hidden" name="active" value={String(!row.active)} />
                    <span className={row.active ? undefined : 'muted'}>
                      {row.active ? t('active') : t('inactive')}
                    </span>
                    <button
                      type="submit"
                      aria-label={`${row.active ? t('deactivate') : t('activate')}: ${row.fullName}`}
                    >
                      {row.active ? t('deactivate') : t('activate')}
                    </button>
                  </Form>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>

      <h2>{t('newUser')}</h2>
      {actionData?.intent === 'create' && 'created' in actionData ? (
        <p className="notice" role="status">
          {t('created')}
        </p>
      ) : null}
      <Form method="post" className="card form-grid" noValidate>
        <input type="hidden" name="intent" value="create" />
        <Field label={t('fullName')} error={createErrors.fullName}>
          {(props) => <input {...props} name="fullName" required />}
        </Field>
        <Field label={t('email')} error={createErrors.email}>
          {(props) => <input {...props} name="email" type="email" required />}
        </Field>
        <Field label={t('role')} error={createErrors.role}>
          {(props) => (
            <select {...props} name="role" defaultValue="marketing">
              {roles.map((role) => (
                <option key={role} value={role}>
                  {t(`common:roles.${role}`)}
                </option>
              ))}
            </select>
          )}
        </Field>
        <Field label={t('manager')} error={createErrors.managerId}>
          {(props) => (
            <select {...props} name="managerId" defaultValue="">
              <option value="">{t('common:none')}</option>
              {managers.map((manager) => (
                <option key={manager.id} value={manager.id}>
                  {manager.fullName}
                </option>
              ))}
            </select>
          )}
        </Field>
        <Field label={t('locale')} error={createErrors.locale}>
          {(props) => (
            <select {...props} name="locale" defaultValue="ru">
              {locales.map((locale) => (
                <option key={locale} value={locale}>
                  {locale.toUpperCase()}
                </option>
              ))}
            </select>
          )}
        </Field>
        <Field label={t('password')} error={createErrors.password}>
          {(props) => (
            <input {...props} name="password" type="password" autoComplete="new-password" required />
          )}
        </Field>
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
