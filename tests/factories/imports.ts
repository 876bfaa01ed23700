import writeXlsxFile from 'write-excel-file/node';

// Files for the client-base import (app/models/client-import.server.ts), as a user would upload them.

export const utf8 = (text: string) => new TextEncoder().encode(text);

/** The client-base columns under the English headers the mapping guesser recognises. */
export const clientImportHeader = [
  'INN',
  'Name',
  'OKVED2',
  'Region',
  'Unit',
  'Registered on',
  'Revenue, RUB',
  'Headcount',
  'Manager e-mail',
  'Client group',
  'VIP criteria',
];

/** The reference codes a valid client row points at; each test file creates its own. */
export interface ClientImportReferences {
  regionCode: string;
  unitCode: string;
  managerEmail: string;
}

export type ClientImportColumn =
  | 'inn'
  | 'name'
  | 'okved2'
  | 'region'
  | 'unit'
  | 'registered'
  | 'revenue'
  | 'headcount'
  | 'manager'
  | 'group'
  | 'vip';

/**
 * A valid row under clientImportHeader (a medium client), with any cell overridden. The INN is the
 * caller's: files use their own INN ranges so rows never collide with another file's clients.
 */
export function clientImportRow(
  references: ClientImportReferences,
  { inn, ...cells }: { inn: string } & Partial<Record<ClientImportColumn, string>>,
): string[] {
  // Spread cells keep the key order above, which is the column order.
  const row: Record<ClientImportColumn, string> = {
    inn,
    name: 'ООО Ромашка',
    okved2: '46.90',
    region: references.regionCode,
    unit: references.unitCode,
    registered: '2015-03-09',
    revenue: '1500000000',
    headcount: '120',
    manager: references.managerEmail,
    group: '',
    vip: '',
    ...cells,
  };
  return Object.values(row);
}

/** CSV text as a spreadsheet exports it: quoted only where needed, CRLF line ends. */
export function csvText(rows: string[][], delimiter = ','): string {
  const field = (value: string) =>
    value.includes('"') || value.includes(delimiter) || /[\r\n]/.test(value)
      ? `"${value.replaceAll('"', '""')}"`
      : value;
  return `${rows.map((row) => row.map(field).join(delimiter)).join('\r\n')}\r\n`;
}

export function csvFile(rows: string[][], name = 'clients.csv') {
  return { name, bytes: utf8(csvText(rows)) };
}

/** A real workbook (every cell a string), as Excel would save the same table. */
export async function xlsxFile(rows: string[][], name = 'clients.xlsx') {
  const data = rows.map((row) => row.map((value) => ({ value, type: String })));
  return { name, bytes: new Uint8Array(await writeXlsxFile(data).toBuffer()) };
}
