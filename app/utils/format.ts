import type { Locale } from '#app/i18n/locales.ts';

const intlLocale = (locale: string) => (locale === 'ru' ? 'ru-RU' : 'en-GB');

export function formatMoney(value: string | number | null | undefined, locale: string): string {
  if (value === null || value === undefined) return '—';
  return new Intl.NumberFormat(intlLocale(locale), { maximumFractionDigits: 0 }).format(Number(value));
}

export function formatNumber(value: number | null | undefined, locale: string, digits = 0): string {
  if (value === null || value === undefined) return '—';
  // A value that rounds to zero is shown as 0: ICU versions (Node's, the browser's) disagree on
  // "-0.0", and the difference breaks hydration.
  if (Math.abs(value) < 0.5 / 10 ** digits) value = 0;
  return new Intl.NumberFormat(intlLocale(locale), {
    maximumFractionDigits: digits,
    minimumFractionDigits: digits,
  }).format(value);
}

export function formatDate(value: string | Date | null | undefined, locale: string): string {
  if (!value) return '—';
  const date = typeof value === 'string' ? new Date(`${value.slice(0, 10)}T00:00:00Z`) : value;
  return new Intl.DateTimeFormat(intlLocale(locale), { dateStyle: 'medium', timeZone: 'UTC' }).format(date);
}

/** Picks the name in the viewer's language from a row with nameEn/nameRu-style columns. */
export function localized(locale: Locale | string, en: string | null, ru: string | null): string {
  return (locale === 'ru' ? ru : en) ?? en ?? ru ?? '—';
}
