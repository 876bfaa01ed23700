import { and, asc, desc, eq, ilike, inArray, isNull, or, type SQL, sql } from 'drizzle-orm';
import { z } from 'zod';
import type { StaffUser } from '#app/auth/session.server.ts';
import { notFound } from '#app/auth/session.server.ts';
import { type Executor, getDb } from '#db/client.ts';
import { selectRows } from '#db/raw-query.ts';
import { clientGroups, clients, followUps, managerAssignments, managers, units } from '#db/schema/index.ts';
import { sizeSegments } from '#db/schema/domain.ts';
import { recordAudit } from './audit.server.ts';
import { economicsOf, figuresByClient, figuresByManager } from './economics.server.ts';
import { businessDay, slaAdherenceByManager } from './follow-up-sla.server.ts';

/**
 * Portfolios: which clients each personal manager serves, since when, and the controls the source
 * article sets on them (principles 2 and 3) — one manager per client group, personal managers for
 * large and VIP clients, rotation no more often than once a year. Every reassignment is written to
 * the assignment history and the audit log in one transaction.
 */

/** Who may see which managers: management all, a unit head their unit, a manager only themselves. */
export type PortfolioScope =
  | { kind: 'all' }
  | { kind: 'unit'; unitId: string; managerId: string }
  | { kind: 'own'; managerId: string }
  | { kind: 'none' };

export async function portfolioScope(
  viewer: StaffUser,
  executor: Executor = getDb(),
): Promise<PortfolioScope> {
  if (viewer.role === 'admin' || viewer.role === 'management') return { kind: 'all' };
  if (viewer.role !== 'manager' || !viewer.managerId) return { kind: 'none' };
  const [self] = await executor
    .select({ unitId: managers.unitId, isUnitHead: managers.isUnitHead })
    .from(managers)
    .where(eq(managers.id, viewer.managerId));
  if (!self) return { kind: 'none' };
  return self.isUnitHead
    ? { kind: 'unit', unitId: self.unitId, managerId: viewer.managerId }
    : { kind: 'own', managerId: viewer.managerId };
}

function managerCondition(scope: PortfolioScope): SQL | undefined {
  switch (scope.kind) {
    case 'all':
      return undefined;
    case 'unit':
      return eq(managers.unitId, scope.unitId);
    case 'own':
      return eq(managers.id, scope.managerId);
    case 'none':
      return sql`false`;
  }
}

const sqlIds = (ids: readonly string[]) =>
  ids.length === 0
    ? sql`NULL::uuid`
    : sql.join(
        ids.map((id) => sql`${id}::uuid`),
        sql`, `,
      );

function addDays(isoDay: string, days: number): string {
  const date = new Date(`${isoDay}T00:00:00Z`);
  date.setUTCDate(date.getUTCDate() + days);
  return date.toISOString().slice(0, 10);
}

/** The SLA adherence shown next to a portfolio: follow-ups due in the last twelve months. */
function slaWindow(today: string) {
  return { from: addDays(today, -365), to: today };
}

export interface PortfolioCounts {
  clients: number;
  large: number;
  vip: number;
  revenueRub: number;
  overdueFollowUps: number;
}

async function countsByManager(managerIds: readonly string[], executor: Executor) {
  const result = new Map<string, PortfolioCounts>();
  if (managerIds.length === 0) return result;
  const [clientRows, overdueRows] = await Promise.all([
    selectRows<{ manager_id: string; clients: string; large: string; vip: string; revenue: string }>(
      executor,
      sql`SELECT manager_id, count(*) AS clients,
                 count(*) FILTER (WHERE size_segment = 'large') AS large,
                 count(*) FILTER (WHERE cardinality(vip_criteria) > 0) AS vip,
                 sum(revenue_rub) AS revenue
            FROM clients WHERE manager_id IN (${sqlIds(managerIds)})
           GROUP BY manager_id`,
    ),
    selectRows<{ manager_id: string; overdue: string }>(
      executor,
      sql`SELECT manager_id, count(*) AS overdue FROM follow_ups
           WHERE manager_id IN (${sqlIds(managerIds)}) AND status <> 'resolved'
             AND due_on < ${businessDay()}::date
           GROUP BY manager_id`,
    ),
  ]);
  const overdue = new Map(overdueRows.map((row) => [row.manager_id, Number(row.overdue)]));
  for (const id of managerIds) {
    const row = clientRows.find((candidate) => candidate.manager_id === id);
    result.set(id, {
      clients: Number(row?.clients ?? 0),
      large: Number(row?.large ?? 0),
      vip: Number(row?.vip ?? 0),
      revenueRub: Number(row?.revenue ?? 0),
      overdueFollowUps: overdue.get(id) ?? 0,
    });
  }
  return result;
}

/** What a portfolio list row and a portfolio page say about its manager (joined with their unit). */
const managerColumns = {
  id: managers.id,
  fullName: managers.fullName,
  email: managers.email,
  isUnitHead: managers.isUnitHead,
  active: managers.active,
  unitId: units.id,
  unitNameEn: units.nameEn,
  unitNameRu: units.nameRu,
};

/** The managers the viewer may see, each with their portfolio's size, economics and SLA adherence. */
export async function listManagers({ viewer }: { viewer: StaffUser }) {
  const db = getDb();
  const scope = await portfolioScope(viewer, db);
  const rows = await db
    .select(managerColumns)
    .from(managers)
    .innerJoin(units, eq(units.id, managers.unitId))
    .where(
      and(
        managerCondition(scope),
        // A manager who left stays listed while clients still point at them.
        or(
          eq(managers.active, true),
          sql`EXISTS (SELECT 1 FROM clients c WHERE c.manager_id = ${managers.id})`,
        ),
      ),
    )
    .orderBy(asc(units.nameEn), desc(managers.isUnitHead), asc(managers.fullName));
  const ids = rows.map((row) => row.id);
  const today = businessDay();
  const [counts, economics, sla, controls] = await Promise.all([
    countsByManager(ids, db),
    figuresByManager(sql`c.manager_id IN (${sqlIds(ids)})`, db),
    slaAdherenceByManager({ managerIds: ids, ...slaWindow(today), asOf: today, executor: db }),
    portfolioControls(scope, db),
  ]);
  const managerRows = rows.map((row) => ({
    ...row,
    counts: counts.get(row.id)!,
    economics: economics.get(row.id) ?? { incomeRub: 0, costRub: 0, contributionRub: 0 },
    sla: sla.get(row.id) ?? { resolvedOnTime: 0, due: 0, share: null },
  }));
  const escalatedToViewer =
    scope.kind === 'unit' || scope.kind === 'own'
      ? await db.$count(
          followUps,
          and(eq(followUps.escalatedTo, scope.managerId), sql`${followUps.status} <> 'resolved'`),
        )
      : 0;
  return {
    scope: scope.kind,
    managers: managerRows,
    total: portfolioTotal(managerRows),
    controls,
    escalatedToViewer,
    slaFrom: slaWindow(today).from,
  };
}

/** The managers' portfolios summed: the list's total row. */
function portfolioTotal(
  rows: {
    counts: { clients: number; large: number; vip: number; revenueRub: number; overdueFollowUps: number };
    economics: { incomeRub: number; costRub: number; contributionRub: number };
    sla: { resolvedOnTime: number; due: number };
  }[],
) {
  const total = {
    clients: 0,
    large: 0,
    vip: 0,
    revenueRub: 0,
    incomeRub: 0,
    costRub: 0,
    contributionRub: 0,
    due: 0,
    onTime: 0,
    overdue: 0,
  };
  for (const row of rows) {
    total.clients += row.counts.clients;
    total.large += row.counts.large;
    total.vip += row.counts.vip;
    total.revenueRub += row.counts.revenueRub;
    total.incomeRub += row.economics.incomeRub;
    total.costRub += row.economics.costRub;
    total.contributionRub += row.economics.contributionRub;
    total.due += row.sla.due;
    total.onTime += row.sla.resolvedOnTime;
    total.overdue += row.counts.overdueFollowUps;
  }
  return total;
}

/**
 * What breaks the portfolio rules within the viewer's reach: large or VIP clients without a
 * personal manager, and client groups served by more than one manager.
 */
async function portfolioControls(scope: PortfolioScope, executor: Executor) {
  if (scope.kind === 'own' || scope.kind === 'none') return { unmanaged: [], splitGroups: [] };
  const unitCondition = scope.kind === 'unit' ? sql`c.unit_id = ${scope.unitId}::uuid` : sql`true`;
  const [unmanaged, splitGroups] = await Promise.all([
    selectRows<{
      id: string;
      name: string;
      inn: string;
      size_segment: string;
      vip: boolean;
      unit_name_en: string;
      unit_name_ru: string;
      group_name: string | null;
    }>(
      executor,
      sql`SELECT c.id, c.name, c.inn, c.size_segment, cardinality(c.vip_criteria) > 0 AS vip,
                 u.name_en AS unit_name_en, u.name_ru AS unit_name_ru, g.name AS group_name
            FROM clients c
            JOIN units u ON u.id = c.unit_id
            LEFT JOIN client_groups g ON g.id = c.group_id
           WHERE c.manager_id IS NULL AND (c.size_segment = 'large' OR cardinality(c.vip_criteria) > 0)
             AND ${unitCondition}
           ORDER BY c.revenue_rub DESC, c.name
           LIMIT 200`,
    ),
    selectRows<{ id: string; name: string; managers: string[]; clients: string | number }>(
      executor,
      sql`SELECT g.id, g.name, array_agg(DISTINCT m.full_name ORDER BY m.full_name) AS managers,
                 count(DISTINCT c.id) AS clients
            FROM client_groups g
            JOIN clients c ON c.group_id = g.id
            JOIN managers m ON m.id = c.manager_id
           WHERE EXISTS (SELECT 1 FROM clients c WHERE c.group_id = g.id AND ${unitCondition})
           GROUP BY g.id, g.name
          HAVING count(DISTINCT c.manager_id) > 1
           ORDER BY g.name`,
    ),
  ]);
  return {
    unmanaged: unmanaged.map((row) => ({
      id: row.id,
      name: row.name,
      inn: row.inn,
      sizeSegment: row.size_segment as (typeof sizeSegments)[number],
      vip: Boolean(row.vip),
      unitNameEn: row.unit_name_en,
      unitNameRu: row.unit_name_ru,
      groupName: row.group_name,
    })),
    splitGroups: splitGroups.map((row) => ({
      id: row.id,
      name: row.name,
      managers: row.managers,
      clients: Number(row.clients),
    })),
  };
}

/** Filters of a portfolio's client table; the same filter selects clients for a bulk reassignment. */
export const portfolioFilterSchema = z.object({
  q: z
    .string()
    .trim()
    .max(200)
    .optional()
    .transform((value) => value || undefined)
    .catch(undefined),
  size: z.enum(sizeSegments).optional().catch(undefined),
  vip: z.enum(['yes', 'no']).optional().catch(undefined),
});

export type PortfolioFilter = z.infer<typeof portfolioFilterSchema>;

function portfolioClientConditions(managerId: string, filter: PortfolioFilter): SQL {
  const conditions: SQL[] = [eq(clients.managerId, managerId)];
  if (filter.q) {
    const pattern = `%${filter.q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    conditions.push(or(ilike(clients.name, pattern), ilike(clients.inn, pattern))!);
  }
  if (filter.size) conditions.push(eq(clients.sizeSegment, filter.size));
  if (filter.vip === 'yes') conditions.push(sql`cardinality(${clients.vipCriteria}) > 0`);
  if (filter.vip === 'no') conditions.push(sql`cardinality(${clients.vipCriteria}) = 0`);
  return and(...conditions)!;
}

/** The ids of a portfolio's clients matching the filter (a bulk reassignment "by filter"). */
export async function portfolioClientIds({
  managerId,
  filter,
}: {
  managerId: string;
  filter: PortfolioFilter;
}) {
  if (!z.string().uuid().safeParse(managerId).success) throw notFound();
  const rows = await getDb()
    .select({ id: clients.id })
    .from(clients)
    .where(portfolioClientConditions(managerId, filter));
  return rows.map((row) => row.id);
}

async function visibleManager(managerId: string, scope: PortfolioScope, executor: Executor) {
  if (!z.string().uuid().safeParse(managerId).success) throw notFound();
  const [manager] = await executor
    .select(managerColumns)
    .from(managers)
    .innerJoin(units, eq(units.id, managers.unitId))
    .where(and(eq(managers.id, managerId), managerCondition(scope)));
  if (!manager) throw notFound();
  return manager;
}

const HISTORY_LIMIT = 300;

/**
 * A manager's card: their portfolio (filtered), its economics and SLA adherence, and the history of
 * assignments to and from them. 404 when the viewer may not see this manager.
 */
export async function getManagerCard({
  managerId,
  viewer,
  filter,
}: {
  managerId: string;
  viewer: StaffUser;
  filter: PortfolioFilter;
}) {
  const db = getDb();
  const scope = await portfolioScope(viewer, db);
  const manager = await visibleManager(managerId, scope, db);
  const today = businessDay();
  const clientRows = await db
    .select({
      id: clients.id,
      name: clients.name,
      inn: clients.inn,
      sizeSegment: clients.sizeSegment,
      vipCriteria: clients.vipCriteria,
      revenueRub: clients.revenueRub,
      groupId: clients.groupId,
      groupName: clientGroups.name,
      since: sql<string | null>`(SELECT max(a.valid_from)::text FROM manager_assignments a
        WHERE a.client_id = "clients"."id" AND a.valid_to IS NULL)`,
    })
    .from(clients)
    .leftJoin(clientGroups, eq(clientGroups.id, clients.groupId))
    .where(portfolioClientConditions(managerId, filter))
    .orderBy(desc(clients.revenueRub), asc(clients.name));
  const [counts, economics, byClient, sla, history] = await Promise.all([
    countsByManager([managerId], db),
    economicsOf(sql`c.manager_id = ${managerId}::uuid`, db),
    figuresByClient(sql`c.manager_id = ${managerId}::uuid`, db),
    slaAdherenceByManager({ managerIds: [managerId], ...slaWindow(today), asOf: today, executor: db }),
    assignmentHistory(managerId, db),
  ]);
  return {
    manager,
    counts: counts.get(managerId)!,
    economics,
    sla: sla.get(managerId) ?? { resolvedOnTime: 0, due: 0, share: null },
    slaFrom: slaWindow(today).from,
    clients: clientRows.map((row) => ({
      ...row,
      vip: row.vipCriteria.length > 0,
      contributionRub: byClient.get(row.id)?.contributionRub ?? null,
    })),
    history,
  };
}

/** Assignments to and from the manager, newest first, each with who served before and after. */
async function assignmentHistory(managerId: string, executor: Executor) {
  const rows = await selectRows<{
    id: string;
    client_id: string;
    client_name: string;
    manager_id: string | null;
    manager_name: string | null;
    valid_from: string | Date;
    valid_to: string | Date | null;
    reason: string | null;
    assigned_by_name: string | null;
    previous_manager_name: string | null;
    next_manager_name: string | null;
  }>(
    executor,
    sql`WITH ordered AS (
          SELECT a.*, lag(a.manager_id) OVER w AS previous_manager_id, lead(a.manager_id) OVER w AS next_manager_id
            FROM manager_assignments a
           WHERE a.client_id IN (SELECT client_id FROM manager_assignments WHERE manager_id = ${managerId}::uuid)
          WINDOW w AS (PARTITION BY a.client_id ORDER BY a.valid_from, a.created_at))
        SELECT o.id, o.client_id, c.name AS client_name, o.manager_id, m.full_name AS manager_name,
               o.valid_from, o.valid_to, o.reason, u.full_name AS assigned_by_name,
               pm.full_name AS previous_manager_name, nm.full_name AS next_manager_name
          FROM ordered o
          JOIN clients c ON c.id = o.client_id
          LEFT JOIN managers m ON m.id = o.manager_id
          LEFT JOIN managers pm ON pm.id = o.previous_manager_id
          LEFT JOIN managers nm ON nm.id = o.next_manager_id
          LEFT JOIN users u ON u.id = o.assigned_by
         WHERE o.manager_id = ${managerId}::uuid
         ORDER BY coalesce(o.valid_to, o.valid_from) DESC, o.valid_from DESC, c.name
         LIMIT ${HISTORY_LIMIT}`,
  );
  const day = (value: string | Date | null) =>
    value === null ? null : typeof value === 'string' ? value.slice(0, 10) : value.toISOString().slice(0, 10);
  return rows.map((row) => ({
    id: row.id,
    clientId: row.client_id,
    clientName: row.client_name,
    validFrom: day(row.valid_from)!,
    validTo: day(row.valid_to),
    reason: row.reason,
    assignedByName: row.assigned_by_name,
    previousManagerName: row.previous_manager_name,
    nextManagerName: row.next_manager_name,
  }));
}

/** Managers (active) and units a portfolio can be handed to. */
export async function reassignmentTargets() {
  const db = getDb();
  const [managerRows, unitRows] = await Promise.all([
    db
      .select({
        id: managers.id,
        fullName: managers.fullName,
        unitId: managers.unitId,
        unitNameEn: units.nameEn,
        unitNameRu: units.nameRu,
      })
      .from(managers)
      .innerJoin(units, eq(units.id, managers.unitId))
      .where(eq(managers.active, true))
      .orderBy(asc(units.nameEn), asc(managers.fullName)),
    db
      .select({ id: units.id, nameEn: units.nameEn, nameRu: units.nameRu })
      .from(units)
      .orderBy(asc(units.nameEn)),
  ]);
  return { managers: managerRows, units: unitRows };
}

const isoDate = z
  .string({ message: 'errors.required' })
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'errors.date')
  .refine((value) => !Number.isNaN(Date.parse(`${value}T00:00:00Z`)), 'errors.date');

const optionalUuid = z
  .string()
  .uuid('errors.unknown')
  .optional()
  .or(z.literal('').transform(() => undefined));

export const MAX_CLIENTS_PER_REASSIGNMENT = 2000;

/** The reassignment form; `clientIds` come from the ticked rows or from the portfolio filter. */
export const reassignmentSchema = z
  .object({
    clientIds: z
      .array(z.string().uuid('errors.unknown'))
      .min(1, 'managers:errors.noClients')
      .max(MAX_CLIENTS_PER_REASSIGNMENT, 'managers:errors.tooManyClients'),
    toManagerId: optionalUuid,
    toUnitId: optionalUuid,
    effectiveOn: isoDate,
    reason: z
      .string({ message: 'errors.required' })
      .trim()
      .min(1, 'errors.required')
      .max(2000, 'managers:errors.tooLong'),
    confirmRotation: z
      .enum(['yes'])
      .optional()
      .catch(undefined)
      .transform((value) => value === 'yes'),
    groupOverrideReason: z
      .string()
      .trim()
      .max(2000, 'managers:errors.tooLong')
      .optional()
      .transform((value) => value || undefined),
  })
  .refine((input) => input.toManagerId || input.toUnitId, {
    path: ['toManagerId'],
    message: 'managers:errors.targetRequired',
  });

export type Reassignment = z.infer<typeof reassignmentSchema>;

export interface RotationWarning {
  clientId: string;
  clientName: string;
  /** When the client last changed manager, within the twelve months before the effective date. */
  previousChangeOn: string;
  previousManagerName: string | null;
}

export interface GroupConflict {
  groupId: string;
  groupName: string;
  /** The managers the group would be served by after the move. */
  managers: string[];
}

export type ReassignmentResult =
  | { ok: true; moved: string[]; unchanged: string[]; rotationWarnings: RotationWarning[] }
  | { ok: false; fieldErrors: Record<string, string>; errorParams?: Record<string, string> }
  | { ok: false; needsConfirmation: true; rotationWarnings: RotationWarning[] }
  | { ok: false; groupConflicts: GroupConflict[] };

/** Rolls a transaction back with a result for the caller (nothing was written). */
class Refusal extends Error {
  constructor(readonly result: Exclude<ReassignmentResult, { ok: true }>) {
    super('reassignment refused');
  }
}

/**
 * Hands clients to another manager (or, without one, to a unit) from an effective date: closes each
 * client's open assignment the day before, opens the new one, moves clients.manager_id/unit_id and
 * writes one audit event per client, all in one transaction. Refuses — writing nothing — when a
 * client group would end up with more than one manager (unless a written override reason is given),
 * and asks for explicit confirmation when a client changed manager within the past twelve months.
 */
export async function reassignClients({
  input,
  actor,
  ipAddress,
  today = businessDay(),
}: {
  input: Reassignment;
  actor: StaffUser;
  ipAddress: string;
  today?: string;
}): Promise<ReassignmentResult> {
  if (input.effectiveOn > today)
    return { ok: false, fieldErrors: { effectiveOn: 'managers:errors.futureDate' } };
  try {
    return await getDb().transaction((tx) => reassignWithin(tx, input, actor, ipAddress));
  } catch (error) {
    if (error instanceof Refusal) return error.result;
    throw error;
  }
}

async function reassignWithin(
  tx: Executor,
  input: Reassignment,
  actor: StaffUser,
  ipAddress: string,
): Promise<ReassignmentResult> {
  const refuse = (result: Exclude<ReassignmentResult, { ok: true }>): never => {
    throw new Refusal(result);
  };
  let target: { managerId: string | null; unitId: string; managerName: string | null };
  if (input.toManagerId) {
    const [manager] = await tx
      .select({
        id: managers.id,
        unitId: managers.unitId,
        fullName: managers.fullName,
        active: managers.active,
      })
      .from(managers)
      .where(eq(managers.id, input.toManagerId));
    if (!manager?.active)
      refuse({ ok: false, fieldErrors: { toManagerId: 'managers:errors.inactiveManager' } });
    // A personal manager serves from their own unit: the relationship sits in one place (principle 2).
    target = { managerId: manager!.id, unitId: manager!.unitId, managerName: manager!.fullName };
  } else {
    const [unit] = await tx.select({ id: units.id }).from(units).where(eq(units.id, input.toUnitId!));
    if (!unit) refuse({ ok: false, fieldErrors: { toUnitId: 'errors.unknown' } });
    target = { managerId: null, unitId: unit!.id, managerName: null };
  }

  const ids = [...new Set(input.clientIds)];
  // Locked in id order, so two reassignments of overlapping sets cannot deadlock.
  const current = await tx
    .select({
      id: clients.id,
      name: clients.name,
      managerId: clients.managerId,
      unitId: clients.unitId,
      groupId: clients.groupId,
      openFrom: sql<string | null>`(SELECT max(a.valid_from)::text FROM manager_assignments a
        WHERE a.client_id = "clients"."id" AND a.valid_to IS NULL)`,
    })
    .from(clients)
    .where(inArray(clients.id, ids))
    .orderBy(asc(clients.id))
    .for('update', { of: clients });
  if (current.length !== ids.length)
    refuse({ ok: false, fieldErrors: { clientIds: 'managers:errors.unknownClient' } });

  const changing = current.filter(
    (client) => client.managerId !== target.managerId || client.unitId !== target.unitId,
  );
  const unchanged = current.filter((client) => !changing.includes(client)).map((client) => client.id);
  if (changing.length === 0) return { ok: true, moved: [], unchanged, rotationWarnings: [] };

  const tooEarly = changing.find(
    (client) => client.openFrom !== null && client.openFrom >= input.effectiveOn,
  );
  if (tooEarly)
    refuse({
      ok: false,
      fieldErrors: { effectiveOn: 'managers:errors.beforeCurrentAssignment' },
      errorParams: { client: tooEarly.name, date: tooEarly.openFrom! },
    });

  const groupConflicts = await findGroupConflicts(tx, changing, ids, target);
  if (groupConflicts.length > 0 && !input.groupOverrideReason) refuse({ ok: false, groupConflicts });

  const rotationWarnings =
    target.managerId === null
      ? []
      : await recentManagerChanges(
          tx,
          changing.filter((client) => client.managerId !== target.managerId),
          input.effectiveOn,
        );
  if (rotationWarnings.length > 0 && !input.confirmRotation)
    refuse({ ok: false, needsConfirmation: true, rotationWarnings });

  const closedOn = addDays(input.effectiveOn, -1);
  const warningByClient = new Map(rotationWarnings.map((warning) => [warning.clientId, warning]));
  const conflictByGroup = new Map(groupConflicts.map((conflict) => [conflict.groupId, conflict]));
  for (const client of changing) {
    await tx
      .update(managerAssignments)
      .set({ validTo: closedOn })
      .where(and(eq(managerAssignments.clientId, client.id), isNull(managerAssignments.validTo)));
    await tx.insert(managerAssignments).values({
      clientId: client.id,
      managerId: target.managerId,
      unitId: target.unitId,
      validFrom: input.effectiveOn,
      reason: input.reason,
      assignedBy: actor.id,
    });
    await tx
      .update(clients)
      .set({ managerId: target.managerId, unitId: target.unitId })
      .where(eq(clients.id, client.id));
    const warning = warningByClient.get(client.id);
    const conflict = client.groupId ? conflictByGroup.get(client.groupId) : undefined;
    await recordAudit(tx, {
      actorUserId: actor.id,
      action: 'client_reassigned',
      entityType: 'client',
      entityId: client.id,
      detail: {
        from: { managerId: client.managerId, unitId: client.unitId },
        to: { managerId: target.managerId, unitId: target.unitId },
        effectiveOn: input.effectiveOn,
        reason: input.reason,
        clientsInBatch: changing.length,
        rotationWarning: warning
          ? {
              previousChangeOn: warning.previousChangeOn,
              previousManagerName: warning.previousManagerName,
              confirmed: true,
            }
          : null,
        groupOverride: conflict
          ? {
              groupId: conflict.groupId,
              groupName: conflict.groupName,
              managers: conflict.managers,
              reason: input.groupOverrideReason,
            }
          : null,
      },
      ipAddress,
    });
  }
  return { ok: true, moved: changing.map((client) => client.id), unchanged, rotationWarnings };
}

/** Groups that would be served by more than one manager once the clients move. */
async function findGroupConflicts(
  tx: Executor,
  changing: readonly { groupId: string | null }[],
  movingIds: readonly string[],
  target: { managerId: string | null; managerName: string | null },
): Promise<GroupConflict[]> {
  const groupIds = [
    ...new Set(changing.map((client) => client.groupId).filter((id): id is string => id !== null)),
  ];
  if (groupIds.length === 0) return [];
  const rows = await selectRows<{
    group_id: string;
    group_name: string;
    manager_id: string;
    manager_name: string;
  }>(
    tx,
    sql`SELECT DISTINCT g.id AS group_id, g.name AS group_name, m.id AS manager_id, m.full_name AS manager_name
          FROM clients c
          JOIN client_groups g ON g.id = c.group_id
          JOIN managers m ON m.id = c.manager_id
         WHERE c.group_id IN (${sqlIds(groupIds)}) AND c.id NOT IN (${sqlIds(movingIds)})`,
  );
  const conflicts: GroupConflict[] = [];
  for (const groupId of groupIds) {
    const staying = rows.filter((row) => row.group_id === groupId);
    const names = new Map(staying.map((row) => [row.manager_id, row.manager_name]));
    if (target.managerId) names.set(target.managerId, target.managerName!);
    if (names.size > 1) {
      const [groupName] = staying.map((row) => row.group_name);
      conflicts.push({ groupId, groupName, managers: [...names.values()].sort() });
    }
  }
  return conflicts;
}

/**
 * Clients whose manager changed within the twelve months before `effectiveOn` (a change is an
 * assignment whose manager differs from the one before it): moving them again would rotate them
 * more often than once a year.
 */
async function recentManagerChanges(
  tx: Executor,
  clientsMoving: readonly { id: string; name: string }[],
  effectiveOn: string,
): Promise<RotationWarning[]> {
  if (clientsMoving.length === 0) return [];
  const rows = await selectRows<{
    client_id: string;
    changed_on: string | Date;
    previous_manager_name: string | null;
  }>(
    tx,
    sql`SELECT DISTINCT ON (h.client_id) h.client_id, h.valid_from AS changed_on, pm.full_name AS previous_manager_name
          FROM (SELECT a.client_id, a.valid_from, a.manager_id,
                       lag(a.manager_id) OVER w AS previous_manager_id, row_number() OVER w AS n
                  FROM manager_assignments a
                 WHERE a.client_id IN (${sqlIds(clientsMoving.map((client) => client.id))})
                WINDOW w AS (PARTITION BY a.client_id ORDER BY a.valid_from, a.created_at)) h
          LEFT JOIN managers pm ON pm.id = h.previous_manager_id
         WHERE h.n > 1 AND h.previous_manager_id IS NOT NULL
           AND h.manager_id IS DISTINCT FROM h.previous_manager_id
           AND h.valid_from > (${effectiveOn}::date - interval '1 year')
           AND h.valid_from <= ${effectiveOn}::date
         ORDER BY h.client_id, h.valid_from DESC`,
  );
  const names = new Map(clientsMoving.map((client) => [client.id, client.name]));
  return rows
    .map((row) => ({
      clientId: row.client_id,
      clientName: names.get(row.client_id)!,
      previousChangeOn:
        typeof row.changed_on === 'string'
          ? row.changed_on.slice(0, 10)
          : row.changed_on.toISOString().slice(0, 10),
      previousManagerName: row.previous_manager_name,
    }))
    .sort((a, b) => a.clientName.localeCompare(b.clientName));
}

/** The outcome of a reassignment in one shape for the form: what was done, or why nothing was. */
export interface ReassignmentFeedback {
  status: 'done' | 'invalid' | 'confirm' | 'conflict';
  fieldErrors: Record<string, string>;
  errorParams: Record<string, string>;
  rotationWarnings: RotationWarning[];
  groupConflicts: GroupConflict[];
  moved: number;
  unchanged: number;
}

export function reassignmentFeedback(result: ReassignmentResult): ReassignmentFeedback {
  const empty: ReassignmentFeedback = {
    status: 'done',
    fieldErrors: {},
    errorParams: {},
    rotationWarnings: [],
    groupConflicts: [],
    moved: 0,
    unchanged: 0,
  };
  if (result.ok)
    return {
      ...empty,
      moved: result.moved.length,
      unchanged: result.unchanged.length,
      rotationWarnings: result.rotationWarnings,
    };
  if ('needsConfirmation' in result)
    return { ...empty, status: 'confirm', rotationWarnings: result.rotationWarnings };
  if ('groupConflicts' in result)
    return { ...empty, status: 'conflict', groupConflicts: result.groupConflicts };
  return {
    ...empty,
    status: 'invalid',
    fieldErrors: result.fieldErrors,
    errorParams: result.errorParams ?? {},
  };
}
