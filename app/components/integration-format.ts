// Instants on the integration and audit screens: date and time to the second in the company's time
// zone (Moscow), the same on the server render and in the browser.

const formats = new Map<string, Intl.DateTimeFormat>();

export function formatInstant(value: string | Date | null | undefined, locale: string): string {
  if (!value) return '—';
  const key = locale === 'ru' ? 'ru-RU' : 'en-GB';
  let format = formats.get(key);
  if (!format) {
    format = new Intl.DateTimeFormat(key, {
      dateStyle: 'medium',
      timeStyle: 'medium',
      timeZone: 'Europe/Moscow',
    });
    formats.set(key, format);
  }
  return format.format(typeof value === 'string' ? new Date(value) : value);
}
