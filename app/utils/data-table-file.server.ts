import writeXlsxFile, { type Cell, type Row } from 'write-excel-file/node';
import { type DataTable, exportValue } from './data-table.ts';

export type TableFileFormat = 'csv' | 'xlsx';

export const tableFileContentTypes: Record<TableFileFormat, string> = {
  csv: 'text/csv; charset=utf-8',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
};

/** Excel sheet names: at most 31 characters, none of : \ / ? * [ ]. */
const sheetName = (title: string) => title.replace(/[:\\/?*[\]]/g, ' ').slice(0, 31);

/**
 * A page's table as an XLSX workbook with the page's rounding and suppression: numbers stay numbers
 * (formatted to the table's digits), a suppressed cell carries the table's label.
 */
export async function dataTableToXlsx(table: DataTable): Promise<Uint8Array<ArrayBuffer>> {
  const header: Row = table.columns.map((column) => ({ value: column.label, fontWeight: 'bold' }));
  const rows: Row[] = table.rows.map((row) =>
    row.cells.map((cell): Cell => {
      if (cell.kind === 'number') {
        if (cell.value === null) return null;
        return {
          value: cell.value,
          type: Number,
          format: cell.digits > 0 ? `0.${'0'.repeat(cell.digits)}` : '0',
        };
      }
      const value = exportValue(cell, table.suppressedLabel);
      return value === null ? null : { value: String(value), type: String };
    }),
  );
  const file = await writeXlsxFile([header, ...rows], {
    sheet: sheetName(table.title),
    stickyRowsCount: 1,
    columns: table.columns.map((column) => ({ width: column.numeric ? 14 : 28 })),
  }).toBuffer();
  return new Uint8Array(file);
}
