/**
 * A table as the analytics read models hand it out: the page renders it and the CSV/XLSX exports
 * serialise the very same rows, so a file always carries the figures the screen shows. Numbers are
 * already rounded to the digits they are shown with; a suppressed cell carries no number at all.
 */
export type TableCell =
  | { kind: 'text'; text: string; href?: string }
  | { kind: 'number'; value: number | null; digits: number }
  | { kind: 'suppressed' };

export interface TableColumn {
  label: string;
  numeric?: boolean;
}

export interface DataTable {
  /** The export name (`view=` of the export URL). */
  id: string;
  title: string;
  columns: TableColumn[];
  rows: { key: string; cells: TableCell[] }[];
  /** What a suppressed cell reads, e.g. "n < 5". */
  suppressedLabel: string;
}

export const textCell = (text: string, href?: string): TableCell =>
  href ? { kind: 'text', text, href } : { kind: 'text', text };

export function numberCell(value: number | null | undefined, digits: number): TableCell {
  if (value === null || value === undefined || !Number.isFinite(value))
    return { kind: 'number', value: null, digits };
  const factor = 10 ** digits;
  // Rounded once here, so the page and the files show the same figure.
  // "+ 0" turns a rounded -0 into 0, so no file or page shows "-0.0".
  return { kind: 'number', value: Math.round(value * factor) / factor + 0, digits };
}

export const suppressedCell: TableCell = { kind: 'suppressed' };

/** A cell's value for a file: text, a number, or the suppression label (never a hidden number). */
export function exportValue(cell: TableCell, suppressedLabel: string): string | number | null {
  if (cell.kind === 'text') return cell.text;
  if (cell.kind === 'suppressed') return suppressedLabel;
  return cell.value;
}

// A leading =, +, -, @, tab or CR makes spreadsheet programs treat text as a formula (CSV injection):
// such text gets a leading apostrophe. Numbers are written as numbers and left alone.
const formulaStart = /^[=+\-@\t\r]/;

function csvField(value: string | number | null, digits?: number): string {
  if (value === null) return '';
  if (typeof value === 'number') return digits === undefined ? String(value) : value.toFixed(digits);
  const text = formulaStart.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

/** RFC 4180 CSV (comma, CRLF, double quotes) with a UTF-8 byte-order mark so Excel reads Cyrillic. */
export function toCsv(table: DataTable): string {
  const lines = [table.columns.map((column) => csvField(column.label))];
  for (const row of table.rows) {
    lines.push(
      row.cells.map((cell) =>
        csvField(exportValue(cell, table.suppressedLabel), cell.kind === 'number' ? cell.digits : undefined),
      ),
    );
  }
  return `\uFEFF${lines.map((line) => line.join(',')).join('\r\n')}\r\n`;
}
