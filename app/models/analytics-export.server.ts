import { dataTableToXlsx, type TableFileFormat, tableFileContentTypes } from '#app/utils/data-table-file.server.ts';
import { notFound, type StaffUser } from '#app/auth/session.server.ts';
import type { Locale } from '#app/i18n/locales.ts';
import { toCsv } from '#app/utils/data-table.ts';
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
  const body = format === 'csv' ? toCsv(table) : await dataTableToXlsx(table);
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
      'Content-Type': tableFileContentTypes[format],
      'Content-Disposition': `attachment; filename="${fileName}"`,
      'Cache-Control': 'private, no-store',
    },
  });
}
