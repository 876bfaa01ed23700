import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { data, redirect } from '@remix-run/node';
import { Form, useActionData, useNavigation, useSearchParams } from '@remix-run/react';
import { useTranslation } from 'react-i18next';
import { createUserSession, getStaffUser } from '#app/auth/session.server.ts';
import { LanguageSwitch } from '#app/components/language-switch.tsx';
import { clientAddress } from '#app/models/audit.server.ts';
import { signIn } from '#app/models/sign-in.server.ts';
import { requireSameOrigin } from '#app/security/same-origin.server.ts';
import { safeRedirect } from '#app/utils/redirect.ts';

export const meta: MetaFunction = () => [{ title: 'Barometer' }];

export async function loader({ request }: LoaderFunctionArgs) {
  if (await getStaffUser(request)) throw redirect('/overview');
  return null;
}

export async function action({ request }: ActionFunctionArgs) {
  // Login CSRF: another site must not sign a browser in as the attacker's account.
  requireSameOrigin(request);
  const form = await request.formData();
  const result = await signIn({
    email: String(form.get('email') ?? ''),
    password: String(form.get('password') ?? ''),
    ipAddress: clientAddress(request),
  });
  if (!result.ok) {
    const error = result.reason === 'throttled' ? 'errors:throttled' : 'errors:invalidCredentials';
    return data({ error }, { status: result.reason === 'throttled' ? 429 : 400 });
  }
  throw redirect(safeRedirect(form.get('redirectTo')), {
    headers: { 'Set-Cookie': await createUserSession(result.userId) },
  });
}

export default function Login() {
  const { t } = useTranslation('auth');
  const actionData = useActionData<typeof action>();
  const [searchParams] = useSearchParams();
  const submitting = useNavigation().state === 'submitting';
  return (
    <main className="login">
      <div className="login-card">
        <div className="login-head">
          <h1>{t('title')}</h1>
          <LanguageSwitch />
        </div>
        <p className="muted">{t('tagline')}</p>
        <Form method="post" className="stack">
          <input type="hidden" name="redirectTo" value={searchParams.get('redirectTo') ?? '/overview'} />
          <label>
            {t('email')}
            <input type="email" name="email" autoComplete="username" required />
          </label>
          <label>
            {t('password')}
            <input type="password" name="password" autoComplete="current-password" required />
          </label>
          {actionData?.error ? (
            <p className="form-error" role="alert">
              {t(actionData.error)}
            </p>
          ) : null}
          <button type="submit" className="primary" disabled={submitting}>
            {t('submit')}
          </button>
        </Form>
      </div>
    </main>
  );
}
