import { industrySection } from '#analytics/metrics/okved2.ts';
import { isValidInn } from '#db/inn.ts';

/**
 * Cell parsers for client-base files. Each takes the cell's text (already trimmed) and returns the
 * value to store or the code of what is wrong with it; the codes are keys of
 * `imports:validation.*`, so the screen and the rejected-rows file say it in the user's language.
 */
export type CellResult<Value> = { ok: true; value: Value } | { ok: false; code: ValidationCode };

export type ValidationCode =
  | 'required'
  | 'inn'
  | 'okved2'
  | 'number'
  | 'negative'
  | 'integer'
  | 'date'
  | 'dateRange'
  | 'email'
  | 'boolean'
  | 'choice'
  | 'vipCriterion'
  | 'tooLong'
  | 'unknownRegion'
  | 'unknownUnit'
  | 'unknownManager'
  | 'unknownProduct'
  | 'unknownClient'
  | 'duplicate';

const ok = <Value>(value: Value): CellResult<Value> => ({ ok: true, value });
const fail = (code: ValidationCode): CellResult<never> => ({ ok: false, code });

export function parseInn(text: string): CellResult<string> {
  // Spreadsheets sometimes show an INN with spaces; the digits are what counts.
  const digits = text.replace(/[\s\u00a0]/g, '');
  return isValidInn(digits) ? ok(digits) : fail('inn');
}

/** OKVED2 class, group or subgroup (METHODOLOGY §6) whose two-digit class exists. */
export function parseOkved2(text: string): CellResult<{ code: string; section: string }> {
  const section = industrySection(text);
  return section ? ok({ code: text, section }) : fail('okved2');
}

/**
 * A non-negative amount with at most two decimals, as exact text for a numeric column. Accepts
 * "1234567.89", "1 234 567,89" (Russian: spaces or no-break spaces between thousands, decimal
 * comma) and "1,234,567.89"; a single comma is a decimal comma, as in Russian spreadsheets.
 */
export function parseAmount(text: string): CellResult<string> {
  let compact = text.replace(/[\s\u00a0\u202f']/g, '');
  if (!/^[+-]?[\d.,]+$/.test(compact)) return fail('number');
  const commas = compact.split(',').length - 1;
  const dots = compact.split('.').length - 1;
  if (commas > 0 && dots > 0) {
    // The later separator is the decimal one; the other groups thousands.
    const decimalComma = compact.lastIndexOf(',') > compact.lastIndexOf('.');
    compact = decimalComma ? compact.replace(/\./g, '').replace(',', '.') : compact.replace(/,/g, '');
  } else if (commas === 1) {
    compact = compact.replace(',', '.');
  } else if (commas > 1) {
    if (!/^[+-]?\d{1,3}(,\d{3})+$/.test(compact)) return fail('number');
    compact = compact.replace(/,/g, '');
  } else if (dots > 1) {
    if (!/^[+-]?\d{1,3}(\.\d{3})+$/.test(compact)) return fail('number');
    compact = compact.replace(/\./g, '');
  }
  const match = /^([+-]?)(\d+)(?:\.(\d+))?$/.exec(compact);
  if (!match) return fail('number');
  const [, sign, whole, fraction = ''] = match;
  const digits = whole.replace(/^0+(?=\d)/, '');
  if (sign === '-' && /[1-9]/.test(digits + fraction)) return fail('negative');
  // numeric(18, 2): sixteen digits before the point.
  if (digits.length > 16) return fail('number');
  const cents = fraction.replace(/0+$/, '');
  if (cents.length > 2) return fail('number');
  return ok(cents ? `${digits}.${cents}` : digits);
}

export function parseCount(text: string): CellResult<number> {
  const amount = parseAmount(text);
  if (!amount.ok) return amount;
  if (amount.value.includes('.')) return fail('integer');
  const value = Number(amount.value);
  return value <= 2_147_483_647 ? ok(value) : fail('number');
}

/**
 * A calendar date as YYYY-MM-DD. Accepts ISO (2015-03-09, or an ISO timestamp at midnight from a
 * spreadsheet date cell) and the Russian DD.MM.YYYY; refuses impossible dates (31.02) and years
 * outside 1900–2100.
 */
export function parseDate(text: string): CellResult<string> {
  let year: number;
  let month: number;
  let day: number;
  const iso = /^(\d{4})-(\d{1,2})-(\d{1,2})(?:T00:00(?::00(?:\.000)?)?Z?)?$/.exec(text);
  const russian = /^(\d{1,2})\.(\d{1,2})\.(\d{4})$/.exec(text);
  if (iso) [year, month, day] = [Number(iso[1]), Number(iso[2]), Number(iso[3])];
  else if (russian) [day, month, year] = [Number(russian[1]), Number(russian[2]), Number(russian[3])];
  else return fail('date');
  const date = new Date(Date.UTC(year, month - 1, day));
  if (date.getUTCFullYear() !== year || date.getUTCMonth() !== month - 1 || date.getUTCDate() !== day) {
    return fail('date');
  }
  if (year < 1900 || year > 2100) return fail('dateRange');
  return ok(date.toISOString().slice(0, 10));
}

// The same shape the contacts table's CHECK allows, plus a dot in the domain.
const emailShape = /^[^@\s]+@[^@\s]+\.[^@\s]+$/;

export function parseEmail(text: string): CellResult<string> {
  return text.length <= 254 && emailShape.test(text) ? ok(text) : fail('email');
}

const truthy = new Set(['yes', 'y', 'true', '1', 'да', 'д', 'истина', '+']);
const falsy = new Set(['no', 'n', 'false', '0', 'нет', 'н', 'ложь', '-']);

export function parseBoolean(text: string): CellResult<boolean> {
  const word = text.toLowerCase();
  if (truthy.has(word)) return ok(true);
  if (falsy.has(word)) return ok(false);
  return fail('boolean');
}

/**
 * One of a closed list, given as its key (decision_maker) or its label in either language
 * (Decision maker, ЛПР); `labels` maps normalised labels to keys.
 */
export function parseChoice<Key extends string>(
  text: string,
  keys: readonly Key[],
  labels: ReadonlyMap<string, Key>,
): CellResult<Key> {
  const word = text.toLowerCase().replace(/[\s-]+/g, '_');
  const byKey = keys.find((key) => key === word);
  if (byKey) return ok(byKey);
  const byLabel = labels.get(text.toLowerCase());
  return byLabel ? ok(byLabel) : fail('choice');
}

/** A list separated by ";", "," or line breaks, each item a choice; duplicates collapse. */
export function parseChoiceList<Key extends string>(
  text: string,
  keys: readonly Key[],
  labels: ReadonlyMap<string, Key>,
): CellResult<Key[]> {
  const chosen = new Set<Key>();
  for (const item of text.split(/[;,\n|]+/)) {
    const trimmed = item.trim();
    if (!trimmed) continue;
    const parsed = parseChoice(trimmed, keys, labels);
    if (!parsed.ok) return fail('vipCriterion');
    chosen.add(parsed.value);
  }
  // Stored in the vocabulary's order, so the same set always compares equal.
  return ok(keys.filter((key) => chosen.has(key)));
}

export function parseText(text: string, maxLength: number): CellResult<string> {
  return text.length <= maxLength ? ok(text) : fail('tooLong');
}
