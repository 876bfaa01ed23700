import {
  dataTableToXlsx,
  type TableFileFormat,
  tableFileContentTypes,
} from '#app/utils/data-table-file.server.ts';
import { notFound, type StaffUser } from '#app/auth/session.server.ts';
import type { Locale } from '#app/i18n/locales.ts';
import { type DataTable, toCsv } from '#app/utils/data-table.ts';
import { getDb } from '#db/client.ts';
import type { AnalyticsParams } from './analytics-params.ts';
import { type ExportView, exportViews, getExportTable } from './analytics.server.ts';
import { recordAudit } from './audit.server.ts';

function isExportView(view: string | null): view is ExportView {
  return (exportViews as readonly (string | null)[]).includes(view);
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
  format: TableFileFormat;
  locale: Locale;
  /** The export URL's query string, kept in the audit record. */
  query: string;
  ipAddress: string;
}): Promise<Response> {
  if (!isExportView(view)) throw notFound();
  const table = await getExportTable({ viewer, params, locale, view });
  return auditedTableFile({
    viewer,
    table,
    format,
    entityType: 'analytics',
    entityId: view,
    query,
    ipAddress,
    fileName: `barometer-${view}-${new Date().toISOString().slice(0, 10)}.${format}`,
  });
}

/** A page table as a CSV or XLSX download, with the audit record every export leaves. */
export async function auditedTableFile({
  viewer,
  table,
  format,
  entityType,
  entityId,
  query,
  ipAddress,
  fileName,
}: {
  viewer: StaffUser;
  table: DataTable;
  format: TableFileFormat;
  entityType: string;
  entityId: string;
  /** The export URL's query string, kept in the audit record. */
  query: string;
  ipAddress: string;
  fileName: string;
}): Promise<Response> {
  const body = format === 'csv' ? toCsv(table) : await dataTableToXlsx(table);
  await recordAudit(getDb(), {
    actorUserId: viewer.id,
    action: 'export',
    entityType,
    entityId,
    detail: { format, query, rows: table.rows.length },
    ipAddress,
  });
  return new Response(body, {
    headers: {
      'Content-Type': tableFileContentTypes[format],
      'Content-Disposition': `attachment; filename="${fileName}"`,
      'Cache-Control': 'private, no-store',
    },
  });
}
