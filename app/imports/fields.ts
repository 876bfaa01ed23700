import { imports as importsResource } from '#app/i18n/resources/imports.ts';
import type { ImportKind } from '#db/schema/import-vocabulary.ts';

/**
 * The columns of each client-base file. The export writes exactly these (headers in the viewer's
 * language) and the import recognises them in either language, so a file goes out and comes back
 * without a mapping step. `required` fields must be mapped and filled on every row.
 */
export interface ImportField {
  key: string;
  required: boolean;
}

const field = (key: string, required = false): ImportField => ({ key, required });

export const importFields: Record<ImportKind, readonly ImportField[]> = {
  clients: [
    field('inn', true),
    field('name', true),
    field('okved2', true),
    field('region', true),
    field('unit', true),
    field('registered_on', true),
    field('revenue_rub', true),
    field('headcount', true),
    field('manager'),
    field('group'),
    field('vip_criteria'),
  ],
  contacts: [
    field('client_inn', true),
    field('full_name', true),
    field('email'),
    field('position'),
    field('phone'),
    field('role', true),
    field('language'),
    field('consent_given'),
    field('left_company'),
    field('survey_cap_days'),
  ],
  groups: [field('name', true)],
  products: [
    field('client_inn', true),
    field('product', true),
    field('since'),
    field('income_rub'),
    field('volume_rub'),
    field('total_volume_rub'),
  ],
};

/** Field key → index of the file column it is read from. */
export type ColumnMapping = Record<string, number>;

/** Case, spacing and punctuation do not matter when a header is recognised. */
export function normalizeHeader(header: string): string {
  return header
    .toLowerCase()
    .replace(/ё/g, 'е')
    .replace(/[\s_\-.,:;()/№"'«»]+/g, ' ')
    .trim();
}

/** The key a file layout's mapping is remembered by: its normalised header row. */
export function layoutKeyOf(headers: readonly string[]): string {
  return headers.map(normalizeHeader).join('|');
}

type ColumnLabels = Record<ImportKind, Record<string, string>>;
const columnLabels = (locale: 'en' | 'ru') => importsResource[locale].columns as ColumnLabels;

/** The header the export writes for a field, in a language. */
export function columnHeader(kind: ImportKind, key: string, locale: 'en' | 'ru'): string {
  return columnLabels(locale)[kind][key] ?? key;
}

// Other names people give these columns in files from CRMs and accounting systems.
const extraAliases: Record<string, readonly string[]> = {
  inn: ['tax id', 'taxpayer id', 'инн клиента'],
  client_inn: ['inn', 'инн', 'client tax id'],
  name: ['company', 'company name', 'название', 'наименование', 'полное наименование'],
  okved2: ['okved', 'оквэд', 'оквэд 2', 'основной оквэд'],
  region: ['region code', 'код региона', 'субъект рф'],
  unit: ['branch', 'unit code', 'филиал', 'код подразделения'],
  registered_on: ['registration date', 'дата регистрации'],
  revenue_rub: ['revenue', 'annual revenue', 'выручка'],
  headcount: ['employees', 'staff', 'численность', 'среднесписочная численность'],
  manager: ['manager email', 'менеджер', 'e mail менеджера'],
  group: ['holding', 'client group', 'группа', 'холдинг'],
  email: ['e mail', 'mail', 'почта', 'электронная почта'],
  full_name: ['name', 'contact', 'фио', 'контактное лицо'],
  product: ['product code', 'продукт', 'код продукта'],
};

function aliasesFor(kind: ImportKind, key: string): Set<string> {
  const names = [
    key,
    columnHeader(kind, key, 'en'),
    columnHeader(kind, key, 'ru'),
    ...(extraAliases[key] ?? []),
  ];
  return new Set(names.map(normalizeHeader));
}

/**
 * A first mapping from the header row alone: each field takes the first column whose header is one
 * of its names. A column is used once; the exact export headers win over looser aliases.
 */
export function guessMapping(kind: ImportKind, headers: readonly string[]): ColumnMapping {
  const normalized = headers.map(normalizeHeader);
  const mapping: ColumnMapping = {};
  const taken = new Set<number>();
  const exact = (key: string) =>
    new Set([key, columnHeader(kind, key, 'en'), columnHeader(kind, key, 'ru')].map(normalizeHeader));
  for (const pass of [exact, (key: string) => aliasesFor(kind, key)]) {
    for (const { key } of importFields[kind]) {
      if (mapping[key] !== undefined) continue;
      const names = pass(key);
      const index = normalized.findIndex((header, column) => !taken.has(column) && names.has(header));
      if (index >= 0) {
        mapping[key] = index;
        taken.add(index);
      }
    }
  }
  return mapping;
}

/** Keeps only known fields pointing at existing columns, each column used at most once. */
export function cleanMapping(kind: ImportKind, mapping: ColumnMapping, columnCount: number): ColumnMapping {
  const clean: ColumnMapping = {};
  const taken = new Set<number>();
  for (const { key } of importFields[kind]) {
    const index = mapping[key];
    if (!Number.isInteger(index) || index < 0 || index >= columnCount || taken.has(index)) continue;
    clean[key] = index;
    taken.add(index);
  }
  return clean;
}

export function missingRequiredFields(kind: ImportKind, mapping: ColumnMapping): string[] {
  return importFields[kind].filter((f) => f.required && mapping[f.key] === undefined).map((f) => f.key);
}

/** Spreadsheet column letters (A, B, …, AA) so a message can say where a value sits. */
export function columnLetter(index: number): string {
  let letters = '';
  let rest = index + 1;
  while (rest > 0) {
    const remainder = (rest - 1) % 26;
    letters = String.fromCharCode(65 + remainder) + letters;
    rest = Math.floor((rest - 1) / 26);
  }
  return letters;
}
