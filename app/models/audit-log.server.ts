import { and, count, desc, eq, gte, lt, type SQL, sql } from 'drizzle-orm';
import { z } from 'zod';
import { getDb } from '#db/client.ts';
import { auditEvents, users } from '#db/schema/index.ts';
import type { StaffUser } from '#app/auth/session.server.ts';
import { type DataTable, textCell, toCsv } from '#app/utils/data-table.ts';
import { recordAudit } from './audit.server.ts';
import { WAVE_TIME_ZONE_OFFSET } from './waves.server.ts';

// The audit log as admins read it: who did what to which record and when, filtered and paged, and
// exported as CSV — the export itself being one more line of the log.

export const auditPageSize = 50;
/** An export is for reading in a spreadsheet; past this a narrower filter is the better tool. */
export const auditExportLimit = 100_000;

const day = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/)
  .optional()
  .catch(undefined);

/** A free-text filter: blank or over-long is no filter, as a hand-edited URL must not fail the page. */
const optionalText = (max: number) =>
  z
    .string()
    .trim()
    .max(max)
    .optional()
    .catch(undefined)
    .transform((value) => value || undefined);

export const auditFilterSchema = z.object({
  actor: z.uuid().optional().catch(undefined),
  action: optionalText(80),
  entityType: optionalText(80),
  entityId: optionalText(200),
  from: day,
  to: day,
  page: z.coerce.number().int().min(1).max(100_000).catch(1).default(1),
});

export type AuditFilter = z.infer<typeof auditFilterSchema>;

/** Days are read in the company's time zone (Moscow), as staff enter every other date. */
const startOfDay = (isoDay: string) => new Date(`${isoDay}T00:00:00${WAVE_TIME_ZONE_OFFSET}`);

function conditions(filter: AuditFilter): SQL | undefined {
  const list: SQL[] = [];
  if (filter.actor) list.push(eq(auditEvents.actorUserId, filter.actor));
  if (filter.action) list.push(eq(auditEvents.action, filter.action));
  if (filter.entityType) list.push(eq(auditEvents.entityType, filter.entityType));
  if (filter.entityId) list.push(eq(auditEvents.entityId, filter.entityId));
  if (filter.from) list.push(gte(auditEvents.at, startOfDay(filter.from)));
  if (filter.to) list.push(lt(auditEvents.at, new Date(startOfDay(filter.to).getTime() + 86_400_000)));
  return list.length ? and(...list) : undefined;
}

const columns = {
  id: auditEvents.id,
  at: auditEvents.at,
  actorUserId: auditEvents.actorUserId,
  actorName: users.fullName,
  actorEmail: users.email,
  action: auditEvents.action,
  entityType: auditEvents.entityType,
  entityId: auditEvents.entityId,
  detail: auditEvents.detail,
  ipAddress: auditEvents.ipAddress,
};

export async function listAuditEvents(filter: AuditFilter) {
  const db = getDb();
  const where = conditions(filter);
  const [[{ total }], rows] = await Promise.all([
    db.select({ total: count() }).from(auditEvents).where(where),
    db
      .select(columns)
      .from(auditEvents)
      .leftJoin(users, eq(users.id, auditEvents.actorUserId))
      .where(where)
      .orderBy(desc(auditEvents.at), desc(auditEvents.id))
      .limit(auditPageSize)
      .offset((filter.page - 1) * auditPageSize),
  ]);
  return {
    rows,
    total: Number(total),
    page: filter.page,
    pageCount: Math.max(1, Math.ceil(Number(total) / auditPageSize)),
  };
}

/** The filter bar's choices: people who appear in the log, and the actions and entities recorded. */
export async function auditFilterOptions() {
  const db = getDb();
  const [actors, actions, entityTypes] = await Promise.all([
    db
      .selectDistinct({ id: users.id, fullName: users.fullName, email: users.email })
      .from(users)
      .innerJoin(auditEvents, eq(auditEvents.actorUserId, users.id))
      .orderBy(users.fullName),
    db.selectDistinct({ action: auditEvents.action }).from(auditEvents).orderBy(auditEvents.action),
    db
      .selectDistinct({ entityType: auditEvents.entityType })
      .from(auditEvents)
      .where(sql`${auditEvents.entityType} IS NOT NULL`)
      .orderBy(auditEvents.entityType),
  ]);
  return {
    actors,
    actions: actions.map((row) => row.action),
    entityTypes: entityTypes.map((row) => row.entityType!),
  };
}

/** The filtered log as CSV (newest first, at most auditExportLimit rows); the export is audited. */
export async function exportAuditLog({
  filter,
  viewer,
  ipAddress,
  labels,
}: {
  filter: AuditFilter;
  viewer: StaffUser;
  ipAddress: string;
  labels: {
    at: string;
    actor: string;
    email: string;
    action: string;
    entityType: string;
    entityId: string;
    detail: string;
    ipAddress: string;
  };
}): Promise<Response> {
  const db = getDb();
  const where = conditions(filter);
  const rows = await db
    .select(columns)
    .from(auditEvents)
    .leftJoin(users, eq(users.id, auditEvents.actorUserId))
    .where(where)
    .orderBy(desc(auditEvents.at), desc(auditEvents.id))
    .limit(auditExportLimit);
  const table: DataTable = {
    id: 'audit',
    title: 'Audit log',
    suppressedLabel: '',
    columns: [
      { label: labels.at },
      { label: labels.actor },
      { label: labels.email },
      { label: labels.action },
      { label: labels.entityType },
      { label: labels.entityId },
      { label: labels.detail },
      { label: labels.ipAddress },
    ],
    rows: rows.map((row) => ({
      key: String(row.id),
      cells: [
        textCell(row.at.toISOString()),
        textCell(row.actorName ?? ''),
        textCell(row.actorEmail ?? ''),
        textCell(row.action),
        textCell(row.entityType ?? ''),
        textCell(row.entityId ?? ''),
        textCell(row.detail === null ? '' : JSON.stringify(row.detail)),
        textCell(row.ipAddress ?? ''),
      ],
    })),
  };
  const { page: _page, ...kept } = filter;
  await recordAudit(db, {
    actorUserId: viewer.id,
    action: 'export',
    entityType: 'audit_log',
    detail: { format: 'csv', filter: kept, rows: rows.length },
    ipAddress,
  });
  return new Response(toCsv(table), {
    headers: {
      'Content-Type': 'text/csv; charset=utf-8',
      'Content-Disposition': `attachment; filename="barometer-audit-${new Date().toISOString().slice(0, 10)}.csv"`,
      'Cache-Control': 'private, no-store',
    },
  });
}
