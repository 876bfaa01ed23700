import writeXlsxFile, { type Cell, type Row } from 'write-excel-file/node';
import type { TabularFormat } from './tabular.server.ts';

/**
 * Writes a table as the CSV or XLSX that readTabularFile reads back cell for cell: the client-base
 * export and the rejected-rows file use it, so either can be edited and imported again.
 */
export type SheetCell = string | { number: string } | { date: string } | null;

export interface SheetTable {
  sheetName: string;
  headers: string[];
  rows: SheetCell[][];
}

export const contentTypes: Record<TabularFormat, string> = {
  csv: 'text/csv; charset=utf-8',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
};

// Text starting like a formula gets an apostrophe (CSV injection); readTabularFile removes it.
const formulaStart = /^[=+\-@\t\r]/;

function csvField(cell: SheetCell): string {
  if (cell === null) return '';
  if (typeof cell !== 'string') return 'number' in cell ? cell.number : cell.date;
  const text = formulaStart.test(cell) ? `'${cell}` : cell;
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

/** RFC 4180 (comma, CRLF, double quotes) with a UTF-8 byte-order mark so Excel reads Cyrillic. */
export function toCsv(table: SheetTable): string {
  const lines = [table.headers.map(csvField).join(',')];
  for (const row of table.rows) lines.push(row.map(csvField).join(','));
  return `\uFEFF${lines.join('\r\n')}\r\n`;
}

function xlsxCell(cell: SheetCell): Cell {
  if (cell === null || cell === '') return null;
  if (typeof cell === 'string') return { value: cell, type: String };
  if ('number' in cell) return { value: Number(cell.number), type: Number };
  const [year, month, day] = cell.date.split('-').map(Number);
  return { value: new Date(Date.UTC(year, month - 1, day)), type: Date, format: 'yyyy-mm-dd' };
}

/** Excel sheet names: at most 31 characters, none of : \ / ? * [ ]. */
const sheetName = (title: string) => title.replace(/[:\\/?*[\]]/g, ' ').slice(0, 31);

export async function toXlsx(table: SheetTable): Promise<Uint8Array<ArrayBuffer>> {
  const header: Row = table.headers.map((label) => ({ value: label, type: String, fontWeight: 'bold' }));
  const rows: Row[] = table.rows.map((row) => row.map(xlsxCell));
  const file = await writeXlsxFile([header, ...rows], {
    sheet: sheetName(table.sheetName),
    stickyRowsCount: 1,
    columns: table.headers.map(() => ({ width: 22 })),
  }).toBuffer();
  return new Uint8Array(file);
}

export async function sheetFileBody(
  table: SheetTable,
  format: TabularFormat,
): Promise<string | Uint8Array<ArrayBuffer>> {
  return format === 'csv' ? toCsv(table) : toXlsx(table);
}

/** Content-Disposition with an ASCII fallback and the UTF-8 name (RFC 6266). */
export function attachment(fileName: string): string {
  const ascii = fileName.replace(/[^\x20-\x7e]/g, '_').replace(/["\\]/g, '_');
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(fileName)}`;
}
