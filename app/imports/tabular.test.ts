import { describe, expect, it } from 'vitest';
import writeXlsxFile, { type Row } from 'write-excel-file/node';
import { readTabularFile, TabularFileError } from './tabular.server.ts';

const utf8 = (text: string) => new TextEncoder().encode(text);
const csv = (text: string, name = 'clients.csv') => ({ name, bytes: utf8(text) });

async function xlsx(rows: Row[]) {
  const buffer = await writeXlsxFile(rows).toBuffer();
  return { name: 'clients.xlsx', bytes: new Uint8Array(buffer) };
}

async function failure(promise: Promise<unknown>): Promise<TabularFileError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof TabularFileError) return error;
    throw error;
  }
  throw new Error('expected the file to be refused');
}

describe('readTabularFile — CSV', () => {
  it('reads headers and rows with the row numbers a spreadsheet shows', async () => {
    const table = await readTabularFile(
      csv('\uFEFFinn,name\r\n7707083893,"Sber, PJSC"\r\n\r\n 5000000001 ,Two\r\n'),
    );
    expect(table.format).toBe('csv');
    expect(table.headers).toEqual(['inn', 'name']);
    expect(table.rows).toEqual([
      { line: 2, cells: ['7707083893', 'Sber, PJSC'] },
      { line: 4, cells: ['5000000001', 'Two'] },
    ]);
  });

  it('detects a semicolon delimiter and decodes Windows-1251', async () => {
    // "ИНН;Название" in Windows-1251.
    const header = [0xc8, 0xcd, 0xcd, 0x3b, 0xcd, 0xe0, 0xe7, 0xe2, 0xe0, 0xed, 0xe8, 0xe5];
    const bytes = new Uint8Array([...header, 0x0a, ...utf8('1;2,5\n')]);
    const table = await readTabularFile({ name: 'export.csv', bytes });
    expect(table.headers).toEqual(['ИНН', 'Название']);
    expect(table.rows[0].cells).toEqual(['1', '2,5']);
  });

  it('pads short rows, keeps a quoted line break, and removes the formula-escaping apostrophe', async () => {
    const table = await readTabularFile(csv('a,b,c\n"one\ntwo",\'=SUM(1)\n'));
    expect(table.rows).toEqual([{ line: 2, cells: ['one\ntwo', '=SUM(1)', ''] }]);
  });

  it('refuses an empty file, a file with no header and an unclosed quote', async () => {
    expect((await failure(readTabularFile(csv('')))).code).toBe('empty-file');
    expect((await failure(readTabularFile(csv('\n\n')))).code).toBe('no-header');
    const unclosed = await failure(readTabularFile(csv('a,b\n1,"open\n2,3\n')));
    expect(unclosed.code).toBe('csv-syntax');
  });

  it('refuses more rows than the limit', async () => {
    const error = await failure(readTabularFile(csv('a\n1\n2\n3\n'), { maxRows: 2 }));
    expect(error.code).toBe('too-many-rows');
    expect(error.limit).toBe(2);
  });
});

describe('readTabularFile — XLSX', () => {
  it('reads text, exact numbers and dates, numbering rows as the sheet does', async () => {
    const file = await xlsx([
      [null, null, null],
      [
        { value: 'inn', type: String },
        { value: 'revenue', type: String },
        { value: 'registered', type: String },
      ],
      [
        { value: '0274062111', type: String },
        { value: 123456789012.25, type: Number },
        { value: new Date(Date.UTC(2015, 2, 9)), type: Date, format: 'yyyy-mm-dd' },
      ],
    ]);
    const table = await readTabularFile(file);
    expect(table.format).toBe('xlsx');
    expect(table.headers).toEqual(['inn', 'revenue', 'registered']);
    expect(table.rows).toEqual([{ line: 3, cells: ['0274062111', '123456789012.25', '2015-03-09'] }]);
  });

  it('tells a legacy .xls and a broken workbook apart from a CSV', async () => {
    const xls = { name: 'old.xls', bytes: new Uint8Array([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]) };
    expect((await failure(readTabularFile(xls))).code).toBe('legacy-xls');
    const zip = { name: 'x.xlsx', bytes: new Uint8Array([0x50, 0x4b, 0x03, 0x04, 1, 2, 3]) };
    expect((await failure(readTabularFile(zip))).code).toBe('corrupt-xlsx');
    const binary = { name: 'x.bin', bytes: new Uint8Array([1, 0, 2, 0]) };
    expect((await failure(readTabularFile(binary))).code).toBe('unsupported-format');
  });
});
