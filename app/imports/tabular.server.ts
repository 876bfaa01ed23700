import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';
import { parse as parseCsv } from 'csv-parse';

/**
 * An uploaded CSV or XLSX file as one table of text: the header row and the data rows, each with
 * the row number the user sees in the file (a spreadsheet's row number, a CSV's record number with
 * the header as row 1), so every validation message can point at the exact row.
 *
 * Every cell is text, trimmed: numbers keep the digits the file holds (no float rounding), dates
 * from XLSX date cells become `YYYY-MM-DD`, booleans `true`/`false`, empty cells `''`. Each row has
 * exactly `headers.length` cells. Rows whose cells are all empty are left out (their numbers are
 * not reused).
 */
export interface TabularData {
  format: TabularFormat;
  headers: string[];
  rows: TabularRow[];
}

export interface TabularRow {
  /** The row number as the user sees it: the header row is 1 in a CSV, its sheet row in an XLSX. */
  line: number;
  cells: string[];
}

export type TabularFormat = 'csv' | 'xlsx';

export type TabularFileErrorCode =
  | 'empty-file'
  | 'legacy-xls'
  | 'unsupported-format'
  | 'corrupt-xlsx'
  | 'csv-syntax'
  | 'no-header'
  | 'too-many-rows';

/**
 * The file cannot be read as a table. `code` names the reason for the screen (translated there);
 * `line` is set when the reason sits at one row (a CSV quote left open).
 */
export class TabularFileError extends Error {
  readonly code: TabularFileErrorCode;
  readonly line?: number;
  readonly limit?: number;
  constructor(code: TabularFileErrorCode, message: string, details: { line?: number; limit?: number } = {}) {
    super(message);
    this.name = 'TabularFileError';
    this.code = code;
    this.line = details.line;
    this.limit = details.limit;
  }
}

export interface ReadTabularOptions {
  /** More data rows than this is refused (default 250 000). */
  maxRows?: number;
}

export interface TabularFileInput {
  /** The file name as uploaded; used only to tell CSV from XLSX when the content does not. */
  name: string;
  bytes: Uint8Array;
}

const defaultMaxRows = 250_000;

/** Reads an uploaded CSV or XLSX file (a `File` from form data, or name + bytes). */
export async function readTabularFile(
  file: File | TabularFileInput,
  options: ReadTabularOptions = {},
): Promise<TabularData> {
  const input: TabularFileInput = isUpload(file)
    ? { name: file.name, bytes: new Uint8Array(await file.arrayBuffer()) }
    : file;
  const maxRows = options.maxRows ?? defaultMaxRows;
  if (input.bytes.length === 0) throw new TabularFileError('empty-file', 'The file is empty');
  const format = detectFormat(input);
  const sheet = format === 'xlsx' ? await readXlsxRows(input.bytes) : await readCsvRows(input.bytes, maxRows);
  return toTable(format, sheet, maxRows);
}

const isUpload = (file: File | TabularFileInput): file is File =>
  typeof (file as File).arrayBuffer === 'function';

/** Tells the format by the content first (an XLSX is a ZIP archive), then by the file name. */
export function detectFormat({ name, bytes }: TabularFileInput): TabularFormat {
  const startsWith = (...signature: number[]) => signature.every((byte, index) => bytes[index] === byte);
  if (startsWith(0x50, 0x4b, 0x03, 0x04)) return 'xlsx';
  // The OLE2 compound file of Excel 97–2003 (.xls): a different format that needs re-saving.
  if (startsWith(0xd0, 0xcf, 0x11, 0xe0)) {
    throw new TabularFileError('legacy-xls', 'An Excel 97–2003 (.xls) file: save it as .xlsx or .csv');
  }
  const extension = name.toLowerCase().split('.').pop() ?? '';
  if (extension === 'xlsx')
    throw new TabularFileError('corrupt-xlsx', 'The .xlsx file is not a valid workbook');
  // A NUL byte does not occur in CSV text in UTF-8 or Windows-1251: this is some other binary file.
  // The whole file is searched (a native scan, milliseconds for the 40 MB limit): a NUL anywhere
  // would otherwise reach PostgreSQL in a cell, which neither text nor jsonb can store.
  if (bytes.includes(0)) {
    throw new TabularFileError('unsupported-format', 'Not a CSV or XLSX file');
  }
  return 'csv';
}

/** A sheet's rows with their row numbers, before the header is picked. */
type NumberedRows = { line: number; cells: string[] }[];

function toTable(format: TabularFormat, sheet: NumberedRows, maxRows: number): TabularData {
  const nonEmpty = sheet.filter((row) => row.cells.some((cell) => cell !== ''));
  const [headerRow, ...dataRows] = nonEmpty;
  if (!headerRow) throw new TabularFileError('no-header', 'The file has no header row');
  if (dataRows.length > maxRows) {
    throw new TabularFileError('too-many-rows', `More than ${maxRows} rows`, { limit: maxRows });
  }
  // Trailing empty header cells (a sheet formatted further right than its data) are not columns.
  let width = headerRow.cells.length;
  while (width > 0 && headerRow.cells[width - 1] === '') width--;
  for (const row of dataRows) {
    for (let index = row.cells.length - 1; index >= width; index--) {
      if (row.cells[index] !== '') {
        width = index + 1;
        break;
      }
    }
  }
  const toWidth = (cells: string[]) => {
    if (cells.length === width) return cells;
    if (cells.length > width) return cells.slice(0, width);
    return [...cells, ...Array<string>(width - cells.length).fill('')];
  };
  return {
    format,
    headers: toWidth(headerRow.cells),
    rows: dataRows.map((row) => ({ line: row.line, cells: toWidth(row.cells) })),
  };
}

// ---------------------------------------------------------------------------------------------
// CSV

/**
 * Text of a CSV file: UTF-8 (with or without the byte-order mark Excel writes), else Windows-1251,
 * which is what Russian Excel saves as "CSV (comma delimited)".
 */
export function decodeCsvText(bytes: Uint8Array): string {
  try {
    return new TextDecoder('utf-8', { fatal: true, ignoreBOM: false }).decode(bytes);
  } catch {
    return new TextDecoder('windows-1251').decode(bytes);
  }
}

/**
 * The field delimiter, from the header line: comma, semicolon (Excel in a Russian locale) or tab,
 * whichever occurs most outside quotes.
 */
export function detectDelimiter(text: string): string {
  const counts = new Map<string, number>([
    [',', 0],
    [';', 0],
    ['\t', 0],
  ]);
  let quoted = false;
  for (const char of text) {
    if (char === '"') quoted = !quoted;
    else if (!quoted && (char === '\n' || char === '\r')) break;
    else if (!quoted && counts.has(char)) counts.set(char, (counts.get(char) ?? 0) + 1);
  }
  let best = ',';
  for (const [delimiter, count] of counts) if (count > (counts.get(best) ?? 0)) best = delimiter;
  return best;
}

// Our exports (and app/utils/data-table.ts) put an apostrophe before text starting like a formula
// so spreadsheet programs do not run it; reading it back removes that apostrophe again.
const escapedFormula = /^'[=+\-@\t\r]/;

const csvChunkChars = 1 << 18;

async function readCsvRows(bytes: Uint8Array, maxRows: number): Promise<NumberedRows> {
  const text = decodeCsvText(bytes).replace(/^\uFEFF/, '');
  const parser = parseCsv({
    delimiter: detectDelimiter(text),
    relax_column_count: true,
    trim: true,
    // Empty lines are kept as records so the numbering matches the row numbers a spreadsheet shows.
    skip_empty_lines: false,
  });
  const rows: NumberedRows = [];
  let failure: unknown;
  parser.on('readable', () => {
    let record: string[] | null = parser.read();
    while (record !== null) {
      rows.push({
        line: rows.length + 1,
        cells: record.map((cell) => (escapedFormula.test(cell) ? cell.slice(1) : cell)),
      });
      record = parser.read();
    }
  });
  parser.on('error', (error) => {
    failure = error;
  });
  const finished = new Promise<void>((resolve) => {
    parser.on('end', resolve);
    parser.on('error', () => resolve());
  });
  // Fed in slices with a turn of the event loop between them, so a 100 000-row file does not hold
  // the server for the whole parse.
  for (let offset = 0; offset < text.length && failure === undefined; offset += csvChunkChars) {
    parser.write(text.slice(offset, offset + csvChunkChars));
    if (rows.length > maxRows + 1) break;
    await new Promise((resolve) => setImmediate(resolve));
  }
  parser.end();
  await finished;
  if (failure !== undefined) {
    const line = (failure as { lines?: number }).lines;
    throw new TabularFileError('csv-syntax', `The CSV cannot be read: ${(failure as Error).message}`, {
      line,
    });
  }
  if (rows.length > maxRows + 1) {
    throw new TabularFileError('too-many-rows', `More than ${maxRows} rows`, { limit: maxRows });
  }
  return rows;
}

// ---------------------------------------------------------------------------------------------
// XLSX

// The workbook is unpacked and parsed in a worker thread: read-excel-file does much of that work
// synchronously, and on a 100 000-row sheet it would hold the server's event loop for seconds. The
// worker returns the rows as one JSON text, which is cheaper to hand over than a million strings.
const xlsxWorkerSource = `
const { parentPort, workerData } = require('node:worker_threads');
const { readSheet } = require(workerData.library);
const cellText = (value) => {
  if (value === null || value === undefined) return '';
  if (value instanceof Date) {
    const iso = value.toISOString();
    return iso.endsWith('T00:00:00.000Z') ? iso.slice(0, 10) : iso;
  }
  // Excel writes a NUL or a lone surrogate in a cell as _x0000_ / _xD800_, which the library decodes;
  // PostgreSQL stores neither, so they go the way the XML parser sends raw control characters.
  return String(value).replace(/\\u0000/g, '').toWellFormed().trim();
};
readSheet(Buffer.from(workerData.bytes), { parseNumber: (text) => text }).then(
  (data) => parentPort.postMessage({ json: JSON.stringify(data.map((row) => row.map(cellText))) }),
  (error) => parentPort.postMessage({ error: { name: error.name, code: error.code, message: String(error.message) } }),
);
`;

type XlsxWorkerReply = { json: string } | { error: { name: string; code?: string; message: string } };

function parseXlsxInWorker(bytes: Uint8Array): Promise<string[][]> {
  const library = createRequire(import.meta.url).resolve('read-excel-file/node');
  return new Promise((resolve, reject) => {
    const worker = new Worker(xlsxWorkerSource, { eval: true, workerData: { library, bytes } });
    worker.once('message', (reply: XlsxWorkerReply) => {
      void worker.terminate();
      if ('json' in reply) resolve(JSON.parse(reply.json) as string[][]);
      else reject(reply.error);
    });
    worker.once('error', reject);
  });
}

async function readXlsxRows(bytes: Uint8Array): Promise<NumberedRows> {
  let data: string[][];
  try {
    data = await parseXlsxInWorker(bytes);
  } catch (error) {
    const { name, code, message } = error as { name?: string; code?: string; message?: string };
    if (name === 'InvalidInputError' && code === 'XLS_FILE_NOT_SUPPORTED') {
      throw new TabularFileError('legacy-xls', 'An Excel 97–2003 (.xls) file: save it as .xlsx or .csv');
    }
    // InvalidInputError, InvalidSpreadsheetError, or a ZIP that is not a workbook (a plain Error).
    throw new TabularFileError('corrupt-xlsx', `The .xlsx file cannot be read: ${message ?? String(error)}`);
  }
  // The library keeps empty rows above and between data rows, so index + 1 is the sheet row.
  return data.map((cells, index) => ({ line: index + 1, cells }));
}
