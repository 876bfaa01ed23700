import writeXlsxFile, { type Cell, type Row } from 'write-excel-file/node';
import { notFound, type StaffUser } from '#app/auth/session.server.ts';
import type { Locale } from '#app/i18n/locales.ts';
import { type DataTable, exportValue, toCsv } from '#app/utils/data-table.ts';
import { getDb } from '#db/client.ts';
import type { AnalyticsParams } from './analytics-params.ts';
import { type ExportView, exportViews, getExportTable } from './analytics.server.ts';
import { recordAudit } from './audit.server.ts';

export type ExportFormat = 'csv' | 'xlsx';

const contentTypes: Record<ExportFormat, string> = {
  csv: 'text/csv; charset=utf-8',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
};

function isExportView(view: string | null): view is ExportView {
  return (exportViews as readonly (string | null)[]).includes(view);
}

/** Excel sheet names: at most 31 characters, none of : \ / ? * [ ]. */
const sheetName = (title: string) => title.replace(/[:\\/?*[\]]/g, ' ').slice(0, 31);

async function toXlsx(table: DataTable): Promise<Uint8Array<ArrayBuffer>> {
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
    columns: table.columns.map((column) => ({ width: column.numeric ? 12 : 28 })),
  }).toBuffer();
  return new Uint8Array(file);
}

/**
 * One dashboard table as a file, with the same rows, rounding and suppression as the page; every
 * export is audited (who, which table, which filters).
 */
export async function exportAnalyticsTable({
  viewer,
  params,
  view,
  format,
  locale,
  query,
  ipAddress,
}: {
  viewer: StaffUser;
  params: AnalyticsParams;
  view: string | null;
  format: ExportFormat;
  locale: Locale;
  /** The export URL's query string, kept in the audit record. */
  query: string;
  ipAddress: string;
}): Promise<Response> {
  if (!isExportView(view)) throw notFound();
  const table = await getExportTable({ viewer, params, locale, view });
  const body = format === 'csv' ? toCsv(table) : await toXlsx(table);
  await recordAudit(getDb(), {
    actorUserId: viewer.id,
    action: 'export',
    entityType: 'analytics',
    entityId: view,
    detail: { format, query, rows: table.rows.length },
    ipAddress,
  });
  const fileName = `barometer-${view}-${new Date().toISOString().slice(0, 10)}.${format}`;
  return new Response(body, {
    headers: {
      'Content-Type': contentTypes[format],
      'Content-Disposition': `attachment; filename="${fileName}"`,
      'Cache-Control': 'private, no-store',
    },
  });
}
