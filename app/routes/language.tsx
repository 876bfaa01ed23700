import { type ActionFunctionArgs, redirect } from '@remix-run/node';
import { localeCookie } from '#app/i18n/locale.server.ts';
import { defaultLocale, isLocale } from '#app/i18n/locales.ts';
import { requireSameOrigin } from '#app/security/same-origin.server.ts';
import { safeRedirect } from '#app/utils/redirect.ts';

/** Remembers the chosen language in a cookie and returns to the page it was chosen on. */
export async function action({ request }: ActionFunctionArgs) {
  requireSameOrigin(request);
  const form = await request.formData();
  const locale = form.get('locale');
  throw redirect(safeRedirect(form.get('returnTo'), '/'), {
    headers: { 'Set-Cookie': await localeCookie.serialize(isLocale(locale) ? locale : defaultLocale) },
  });
}

export async function loader() {
  throw redirect('/');
}
