import { createCookie } from '@remix-run/node';
import { defaultLocale, isLocale, type Locale } from './locales.ts';

export const localeCookie = createCookie('lang', {
  path: '/',
  sameSite: 'lax',
  httpOnly: true,
  maxAge: 60 * 60 * 24 * 365,
});

/** The language the visitor chose, else the one their browser prefers, else Russian. */
export async function resolveLocale(request: Request, fallback?: Locale): Promise<Locale> {
  const chosen = await localeCookie.parse(request.headers.get('Cookie'));
  if (isLocale(chosen)) return chosen;
  if (fallback) return fallback;
  const accepted = request.headers.get('Accept-Language') ?? '';
  const first = accepted.split(',')[0]?.trim().slice(0, 2).toLowerCase();
  return isLocale(first) ? first : defaultLocale;
}
