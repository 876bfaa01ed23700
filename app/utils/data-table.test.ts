import { csvParseRows } from 'd3-dsv';
import { describe, expect, it } from 'vitest';
import { type DataTable, numberCell, suppressedCell, textCell, toCsv } from './data-table.ts';

const table: DataTable = {
  id: 'segments',
  title: 'NPS by size',
  suppressedLabel: 'n < 5',
  columns: [{ label: 'Segment' }, { label: 'n', numeric: true }, { label: 'NPS, "net"', numeric: true }],
  rows: [
    { key: 'a', cells: [textCell('ООО "Ромашка", филиал'), numberCell(120, 0), numberCell(31.25, 1)] },
    { key: 'b', cells: [textCell('Line one\nline two'), suppressedCell, suppressedCell] },
    { key: 'c', cells: [textCell('=HYPERLINK("http://x")'), numberCell(40, 0), numberCell(-12.04, 1)] },
    { key: 'd', cells: [textCell('no value'), numberCell(12, 0), numberCell(null, 1)] },
  ],
};

describe('toCsv', () => {
  const csv = toCsv(table);

  it('starts with a UTF-8 byte-order mark and ends rows with CRLF', () => {
    expect(csv.startsWith('\uFEFF')).toBe(true);
    expect(csv.endsWith('\r\n')).toBe(true);
  });

  it('quotes commas, quotes and line breaks so a standard parser reads the same fields back', () => {
    const rows = csvParseRows(csv.slice(1).replace(/\r\n$/, ''));
    expect(rows).toEqual([
      ['Segment', 'n', 'NPS, "net"'],
      ['ООО "Ромашка", филиал', '120', '31.3'],
      ['Line one\nline two', 'n < 5', 'n < 5'],
      ['\'=HYPERLINK("http://x")', '40', '-12.0'],
      ['no value', '12', ''],
    ]);
  });

  it('writes a suppressed cell as its label and never a number', () => {
    const row = csvParseRows(csv.slice(1)).find((fields) => fields[0].startsWith('Line one'))!;
    expect(row.slice(1)).toEqual(['n < 5', 'n < 5']);
  });

  it('rounds a number once, to the digits it is shown with', () => {
    expect(numberCell(2.345, 2)).toEqual({ kind: 'number', value: 2.35, digits: 2 });
    expect(numberCell(Number.NaN, 1)).toEqual({ kind: 'number', value: null, digits: 1 });
  });
});
