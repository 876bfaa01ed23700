import { type SizeThresholds, sizeSegment } from '#analytics/metrics/size-segment.ts';
import { common } from '#app/i18n/resources/common.ts';
import {
  type ContactRole,
  contactRoles,
  type Locale,
  locales,
  type SizeSegment,
  type VipCriterion,
  vipCriteria,
} from '#db/schema/domain.ts';
import type { ImportKind } from '#db/schema/imports.ts';
import type { ColumnMapping } from './fields.ts';
import type { TabularData, TabularRow } from './tabular.server.ts';
import {
  type CellResult,
  parseAmount,
  parseBoolean,
  parseChoice,
  parseChoiceList,
  parseCount,
  parseDate,
  parseEmail,
  parseInn,
  parseOkved2,
  parseText,
  type ValidationCode,
} from './validators.ts';

/** One problem with one cell (or, for a duplicate, one row), as the user is shown it. */
export interface RowError {
  line: number;
  /** The file column (0-based) the field was read from. */
  column: number;
  field: string;
  value: string;
  code: ValidationCode;
  /** For a duplicate: the row it repeats. */
  firstLine?: number;
}

/** What the checks look names up in: codes and names → ids, as the database holds them now. */
export interface ImportReferences {
  regions: ReadonlyMap<string, string>;
  units: ReadonlyMap<string, string>;
  managers: ReadonlyMap<string, string>;
  products: ReadonlyMap<string, string>;
  /** INN → client id (only needed for contacts and product usage). */
  clients: ReadonlyMap<string, string>;
  sizeThresholds: SizeThresholds;
}

/** A lookup key: case and inner spacing do not matter for codes and names. */
export const referenceKey = (text: string) => text.trim().toLowerCase().replace(/\s+/g, ' ');

export interface ClientRecord {
  line: number;
  inn: string;
  name: string;
  okved2: string;
  industrySection: string;
  regionCode: string;
  unitId: string;
  registeredOn: string;
  revenueRub: string;
  headcount: number;
  sizeSegment: SizeSegment;
  managerId?: string | null;
  groupName?: string | null;
  vipCriteria?: VipCriterion[];
}

export interface ContactRecord {
  line: number;
  clientId: string;
  fullName: string;
  email: string | null;
  position?: string | null;
  phone?: string | null;
  role: ContactRole;
  language?: Locale;
  consentGiven?: boolean;
  leftCompany?: boolean;
  surveyCapDays?: number | null;
}

export interface GroupRecord {
  line: number;
  name: string;
}

export interface ProductUsageRecord {
  line: number;
  clientId: string;
  productId: string;
  since?: string | null;
  incomeRub?: string;
  volumeRub?: string | null;
  totalVolumeRub?: string | null;
}

export interface RecordsByKind {
  clients: ClientRecord;
  contacts: ContactRecord;
  groups: GroupRecord;
  products: ProductUsageRecord;
}

export interface CheckedRows<Kind extends ImportKind> {
  records: RecordsByKind[Kind][];
  errors: RowError[];
  /** Lines with at least one error, in file order. */
  rejectedLines: number[];
}

function labelMap<Key extends string>(
  keys: readonly Key[],
  labels: (locale: 'en' | 'ru') => Record<Key, string>,
) {
  const map = new Map<string, Key>();
  for (const locale of ['en', 'ru'] as const) {
    for (const key of keys) map.set(labels(locale)[key].toLowerCase(), key);
  }
  return map;
}

const roleLabels = labelMap(contactRoles, (locale) => common[locale].contactRoles);
const vipLabels = labelMap(vipCriteria, (locale) => common[locale].vip);
const languageLabels = new Map<string, Locale>([
  ['russian', 'ru'],
  ['english', 'en'],
  ['русский', 'ru'],
  ['английский', 'en'],
  ['рус', 'ru'],
  ['англ', 'en'],
]);

/** Reads one row's mapped cells; collects the row's errors. */
class RowReader {
  readonly errors: RowError[] = [];
  constructor(
    private readonly row: TabularRow,
    private readonly mapping: ColumnMapping,
  ) {}

  mapped(field: string): boolean {
    return this.mapping[field] !== undefined;
  }

  text(field: string): string {
    const column = this.mapping[field];
    return column === undefined ? '' : (this.row.cells[column] ?? '');
  }

  error(field: string, code: ValidationCode, extra: Partial<RowError> = {}) {
    const column = this.mapping[field] ?? -1;
    this.errors.push({ line: this.row.line, column, field, value: this.text(field), code, ...extra });
  }

  /** A required cell: empty is an error. */
  required<Value>(field: string, parse: (text: string) => CellResult<Value>): Value | undefined {
    const text = this.text(field);
    if (text === '') {
      this.error(field, 'required');
      return undefined;
    }
    const result = parse(text);
    if (!result.ok) {
      this.error(field, result.code);
      return undefined;
    }
    return result.value;
  }

  /**
   * An optional cell: an unmapped column gives undefined (the stored value is kept), an empty cell
   * gives `empty` (the stored value is cleared or defaulted).
   */
  optional<Value, Empty>(
    field: string,
    parse: (text: string) => CellResult<Value>,
    empty: Empty,
  ): Value | Empty | undefined {
    if (!this.mapped(field)) return undefined;
    const text = this.text(field);
    if (text === '') return empty;
    const result = parse(text);
    if (!result.ok) {
      this.error(field, result.code);
      return undefined;
    }
    return result.value;
  }

  lookup(table: ReadonlyMap<string, string>, unknown: ValidationCode) {
    return (text: string): CellResult<string> => {
      const id = table.get(referenceKey(text));
      return id ? { ok: true, value: id } : { ok: false, code: unknown };
    };
  }
}

const text = (max: number) => (value: string) => parseText(value, max);

function checkClient(reader: RowReader, references: ImportReferences, line: number): ClientRecord | null {
  const inn = reader.required('inn', parseInn);
  const name = reader.required('name', text(300));
  const okved2 = reader.required('okved2', parseOkved2);
  const regionCode = reader.required('region', reader.lookup(references.regions, 'unknownRegion'));
  const unitId = reader.required('unit', reader.lookup(references.units, 'unknownUnit'));
  const registeredOn = reader.required('registered_on', parseDate);
  const revenueRub = reader.required('revenue_rub', parseAmount);
  const headcount = reader.required('headcount', parseCount);
  const managerId = reader.optional('manager', reader.lookup(references.managers, 'unknownManager'), null);
  const groupName = reader.optional('group', text(200), null);
  const vip = reader.optional('vip_criteria', (value) => parseChoiceList(value, vipCriteria, vipLabels), []);
  if (reader.errors.length > 0) return null;
  return {
    line,
    inn: inn!,
    name: name!,
    okved2: okved2!.code,
    industrySection: okved2!.section,
    regionCode: regionCode!,
    unitId: unitId!,
    registeredOn: registeredOn!,
    revenueRub: revenueRub!,
    headcount: headcount!,
    // Derived, never read from the file: the thresholds in force decide the class.
    sizeSegment: sizeSegment({ revenueRub: Number(revenueRub), headcount }, references.sizeThresholds)!,
    managerId,
    groupName,
    vipCriteria: vip,
  };
}

function checkContact(reader: RowReader, references: ImportReferences, line: number): ContactRecord | null {
  const clientId = reader.required('client_inn', (value) => {
    const inn = parseInn(value);
    if (!inn.ok) return inn;
    const id = references.clients.get(inn.value);
    return id ? { ok: true, value: id } : { ok: false, code: 'unknownClient' };
  });
  const fullName = reader.required('full_name', text(300));
  const email = reader.optional('email', parseEmail, null);
  const position = reader.optional('position', text(300), null);
  const phone = reader.optional('phone', text(100), null);
  const role = reader.required('role', (value) => parseChoice(value, contactRoles, roleLabels));
  const language = reader.optional(
    'language',
    (value) => parseChoice(value, locales, languageLabels),
    'ru' as Locale,
  );
  const consentGiven = reader.optional('consent_given', parseBoolean, true);
  const leftCompany = reader.optional('left_company', parseBoolean, false);
  const surveyCapDays = reader.optional(
    'survey_cap_days',
    (value) => {
      const days = parseCount(value);
      return days.ok && days.value === 0 ? { ok: false, code: 'integer' } : days;
    },
    null,
  );
  if (reader.errors.length > 0) return null;
  return {
    line,
    clientId: clientId!,
    fullName: fullName!,
    email: email ?? null,
    position,
    phone,
    role: role!,
    language,
    consentGiven,
    leftCompany,
    surveyCapDays,
  };
}

function checkGroup(reader: RowReader, line: number): GroupRecord | null {
  const name = reader.required('name', text(200));
  return name === undefined ? null : { line, name };
}

function checkProductUsage(
  reader: RowReader,
  references: ImportReferences,
  line: number,
): ProductUsageRecord | null {
  const clientId = reader.required('client_inn', (value) => {
    const inn = parseInn(value);
    if (!inn.ok) return inn;
    const id = references.clients.get(inn.value);
    return id ? { ok: true, value: id } : { ok: false, code: 'unknownClient' };
  });
  const productId = reader.required('product', reader.lookup(references.products, 'unknownProduct'));
  const since = reader.optional('since', parseDate, null);
  const incomeRub = reader.optional('income_rub', parseAmount, '0');
  const volumeRub = reader.optional('volume_rub', parseAmount, null);
  const totalVolumeRub = reader.optional('total_volume_rub', parseAmount, null);
  if (reader.errors.length > 0) return null;
  return { line, clientId: clientId!, productId: productId!, since, incomeRub, volumeRub, totalVolumeRub };
}

/** The identity a row is upserted by; two rows with one identity in one file are a mistake. */
function identity(kind: ImportKind, record: RecordsByKind[ImportKind]): { key: string; field: string } {
  switch (kind) {
    case 'clients':
      return { key: (record as ClientRecord).inn, field: 'inn' };
    case 'contacts': {
      const contact = record as ContactRecord;
      // A contact without an e-mail is recognised by its name within the client.
      return contact.email
        ? { key: `${contact.clientId}|@${contact.email.toLowerCase()}`, field: 'email' }
        : { key: `${contact.clientId}|${contact.fullName.toLowerCase()}`, field: 'full_name' };
    }
    case 'groups':
      return { key: (record as GroupRecord).name, field: 'name' };
    case 'products': {
      const usage = record as ProductUsageRecord;
      return { key: `${usage.clientId}|${usage.productId}`, field: 'product' };
    }
  }
}

const rowsPerTurn = 5000;

/**
 * Checks every row of a file against the mapping and the reference data. Pure apart from giving the
 * event loop a turn every few thousand rows, so checking 100 000 rows does not hold the server.
 */
export async function checkRows<Kind extends ImportKind>({
  kind,
  table,
  mapping,
  references,
  onProgress,
}: {
  kind: Kind;
  table: TabularData;
  mapping: ColumnMapping;
  references: ImportReferences;
  onProgress?: (checked: number) => void;
}): Promise<CheckedRows<Kind>> {
  const records: RecordsByKind[Kind][] = [];
  const errors: RowError[] = [];
  const rejectedLines: number[] = [];
  const firstLineByKey = new Map<string, number>();
  for (let index = 0; index < table.rows.length; index++) {
    if (index > 0 && index % rowsPerTurn === 0) {
      onProgress?.(index);
      await new Promise((resolve) => setImmediate(resolve));
    }
    const row = table.rows[index];
    const reader = new RowReader(row, mapping);
    let record: RecordsByKind[ImportKind] | null;
    if (kind === 'clients') record = checkClient(reader, references, row.line);
    else if (kind === 'contacts') record = checkContact(reader, references, row.line);
    else if (kind === 'groups') record = checkGroup(reader, row.line);
    else record = checkProductUsage(reader, references, row.line);
    if (record) {
      const { key, field } = identity(kind, record);
      const firstLine = firstLineByKey.get(key);
      if (firstLine === undefined) firstLineByKey.set(key, row.line);
      else reader.error(field, 'duplicate', { firstLine });
    }
    if (reader.errors.length > 0) {
      errors.push(...reader.errors);
      rejectedLines.push(row.line);
    } else {
      records.push(record as RecordsByKind[Kind]);
    }
  }
  onProgress?.(table.rows.length);
  return { records, errors, rejectedLines };
}
