import { and, asc, count, desc, eq, ilike, or, type SQL, sql } from 'drizzle-orm';
import { z } from 'zod';
import { industrySection, isValidOkved2 } from '#analytics/metrics/okved2.ts';
import { type SizeThresholds, sizeSegment } from '#analytics/metrics/size-segment.ts';
import { type Executor, getDb } from '#db/client.ts';
import { isValidInn } from '#db/inn.ts';
import {
  clientGroups,
  clientProducts,
  clients,
  contacts,
  managerAssignments,
  managers,
  products,
  regions,
  units,
} from '#db/schema/index.ts';
import { sizeSegments, vipCriteria } from '#db/schema/domain.ts';
import type { StaffUser } from '#app/auth/session.server.ts';
import { notFound } from '#app/auth/session.server.ts';
import { recordAudit } from './audit.server.ts';
import { customSegmentClientCondition } from './segments.server.ts';
import { currentSizeThresholds } from './settings.server.ts';

export const clientPageSize = 25;

const optionalText = z
  .string()
  .trim()
  .optional()
  .transform((value) => value || undefined);

export const clientFilterSchema = z.object({
  q: optionalText,
  size: z.enum(sizeSegments).optional().catch(undefined),
  section: z
    .string()
    .regex(/^[A-U]$/)
    .optional()
    .catch(undefined),
  region: optionalText,
  unit: z.string().uuid().optional().catch(undefined),
  manager: z.string().uuid().optional().catch(undefined),
  vip: z.enum(['yes', 'no']).optional().catch(undefined),
  // A custom segment (app/models/segments.server.ts) the viewer may use.
  segment: z.string().uuid().optional().catch(undefined),
  page: z.coerce.number().int().min(1).max(100_000).catch(1).default(1),
});

export type ClientFilter = z.infer<typeof clientFilterSchema>;

/** Row-level access: a manager sees only the clients assigned to them; other roles see all. */
export function clientScope(viewer: StaffUser): SQL | undefined {
  if (viewer.role !== 'manager') return undefined;
  return viewer.managerId ? eq(clients.managerId, viewer.managerId) : sql`false`;
}

function filterConditions(filter: ClientFilter): SQL[] {
  const conditions: SQL[] = [];
  if (filter.q) {
    const pattern = `%${filter.q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    conditions.push(or(ilike(clients.name, pattern), ilike(clients.inn, pattern))!);
  }
  if (filter.size) conditions.push(eq(clients.sizeSegment, filter.size));
  if (filter.section) conditions.push(eq(clients.industrySection, filter.section));
  if (filter.region) conditions.push(eq(clients.regionCode, filter.region));
  if (filter.unit) conditions.push(eq(clients.unitId, filter.unit));
  if (filter.manager) conditions.push(eq(clients.managerId, filter.manager));
  if (filter.vip === 'yes') conditions.push(sql`cardinality(${clients.vipCriteria}) > 0`);
  if (filter.vip === 'no') conditions.push(sql`cardinality(${clients.vipCriteria}) = 0`);
  return conditions;
}

export async function listClients({ viewer, filter }: { viewer: StaffUser; filter: ClientFilter }) {
  const segment = filter.segment
    ? await customSegmentClientCondition({ id: filter.segment, viewer })
    : undefined;
  const where = and(clientScope(viewer), ...filterConditions(filter), segment);
  const db = getDb();
  const [{ total }] = await db.select({ total: count() }).from(clients).where(where);
  const rows = await db
    .select({
      id: clients.id,
      name: clients.name,
      inn: clients.inn,
      sizeSegment: clients.sizeSegment,
      industrySection: clients.industrySection,
      regionNameEn: regions.nameEn,
      regionNameRu: regions.nameRu,
      unitNameEn: units.nameEn,
      unitNameRu: units.nameRu,
      managerName: managers.fullName,
      revenueRub: clients.revenueRub,
      vipCriteria: clients.vipCriteria,
    })
    .from(clients)
    .innerJoin(regions, eq(regions.code, clients.regionCode))
    .innerJoin(units, eq(units.id, clients.unitId))
    .leftJoin(managers, eq(managers.id, clients.managerId))
    .where(where)
    .orderBy(desc(clients.revenueRub), asc(clients.name))
    .limit(clientPageSize)
    .offset((filter.page - 1) * clientPageSize);
  return { rows, total, page: filter.page, pageCount: Math.max(1, Math.ceil(total / clientPageSize)) };
}

/** The choices offered by the client filters; a manager is offered only themselves. */
export async function clientFilterOptions(viewer: StaffUser) {
  const db = getDb();
  const [regionRows, unitRows, managerRows] = await Promise.all([
    db.select().from(regions).orderBy(asc(regions.nameEn)),
    db
      .select({ id: units.id, nameEn: units.nameEn, nameRu: units.nameRu })
      .from(units)
      .orderBy(asc(units.nameEn)),
    db
      .select({ id: managers.id, fullName: managers.fullName })
      .from(managers)
      .where(viewer.role === 'manager' ? eq(managers.id, viewer.managerId ?? sql`null`) : undefined)
      .orderBy(asc(managers.fullName)),
  ]);
  return { regions: regionRows, units: unitRows, managers: managerRows };
}

/** One client with everything its page shows; 404 when it does not exist or the viewer may not see it. */
export async function getClient({ id, viewer }: { id: string; viewer: StaffUser }) {
  if (!z.string().uuid().safeParse(id).success) throw notFound();
  const db = getDb();
  const [client] = await db
    .select({
      id: clients.id,
      name: clients.name,
      inn: clients.inn,
      okved2: clients.okved2,
      industrySection: clients.industrySection,
      sizeSegment: clients.sizeSegment,
      registeredOn: clients.registeredOn,
      revenueRub: clients.revenueRub,
      headcount: clients.headcount,
      vipCriteria: clients.vipCriteria,
      regionNameEn: regions.nameEn,
      regionNameRu: regions.nameRu,
      unitNameEn: units.nameEn,
      unitNameRu: units.nameRu,
      managerName: managers.fullName,
      managerEmail: managers.email,
      groupName: clientGroups.name,
    })
    .from(clients)
    .innerJoin(regions, eq(regions.code, clients.regionCode))
    .innerJoin(units, eq(units.id, clients.unitId))
    .leftJoin(managers, eq(managers.id, clients.managerId))
    .leftJoin(clientGroups, eq(clientGroups.id, clients.groupId))
    .where(and(eq(clients.id, id), clientScope(viewer)));
  if (!client) throw notFound();

  const [contactRows, productRows, assignmentRows] = await Promise.all([
    db
      .select({
        id: contacts.id,
        fullName: contacts.fullName,
        position: contacts.position,
        email: contacts.email,
        phone: contacts.phone,
        role: contacts.role,
        language: contacts.language,
        optedOutAt: contacts.optedOutAt,
        leftCompany: contacts.leftCompany,
      })
      .from(contacts)
      .where(eq(contacts.clientId, id))
      .orderBy(asc(contacts.fullName)),
    db
      .select({
        code: products.code,
        nameEn: products.nameEn,
        nameRu: products.nameRu,
        since: clientProducts.since,
        incomeRub: clientProducts.incomeRub,
      })
      .from(clientProducts)
      .innerJoin(products, eq(products.id, clientProducts.productId))
      .where(eq(clientProducts.clientId, id))
      .orderBy(desc(clientProducts.incomeRub)),
    db
      .select({
        id: managerAssignments.id,
        managerName: managers.fullName,
        unitNameEn: units.nameEn,
        unitNameRu: units.nameRu,
        validFrom: managerAssignments.validFrom,
        validTo: managerAssignments.validTo,
        reason: managerAssignments.reason,
      })
      .from(managerAssignments)
      .leftJoin(managers, eq(managers.id, managerAssignments.managerId))
      .innerJoin(units, eq(units.id, managerAssignments.unitId))
      .where(eq(managerAssignments.clientId, id))
      .orderBy(desc(managerAssignments.validFrom)),
  ]);
  return { client, contacts: contactRows, products: productRows, assignments: assignmentRows };
}

const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'errors.date');

export const newClientSchema = z.object({
  name: z.string().trim().min(1, 'errors.required').max(300),
  inn: z.string().trim().refine(isValidInn, 'errors.inn'),
  okved2: z.string().trim().refine(isValidOkved2, 'errors.okved2'),
  regionCode: z.string().trim().min(1, 'errors.required'),
  unitId: z.string().uuid('errors.required'),
  registeredOn: isoDate,
  revenueRub: z.coerce.number({ message: 'errors.number' }).finite('errors.number').min(0, 'errors.negative'),
  headcount: z.coerce.number({ message: 'errors.number' }).int('errors.integer').min(0, 'errors.negative'),
  managerId: z
    .string()
    .uuid()
    .optional()
    .or(z.literal('').transform(() => undefined)),
  vipCriteria: z.array(z.enum(vipCriteria)).default([]),
});

export type NewClient = z.infer<typeof newClientSchema>;

export class ClientFieldError extends Error {
  constructor(
    readonly field: keyof NewClient,
    readonly messageKey: string,
  ) {
    super(`${field}: ${messageKey}`);
  }
}

/**
 * The stored columns of a client entered through the staff form or the API, except the INN (its
 * identity). Industry section and size class are derived, never entered: the thresholds in force
 * decide the class.
 */
export function clientColumnValues(input: NewClient, thresholds: SizeThresholds) {
  return {
    name: input.name,
    okved2: input.okved2,
    industrySection: industrySection(input.okved2)!,
    regionCode: input.regionCode,
    unitId: input.unitId,
    registeredOn: input.registeredOn,
    revenueRub: input.revenueRub.toFixed(2),
    headcount: input.headcount,
    sizeSegment: sizeSegment({ revenueRub: input.revenueRub, headcount: input.headcount }, thresholds)!,
    managerId: input.managerId ?? null,
    vipCriteria: input.vipCriteria,
  };
}

/** Refuses a client whose region, unit or manager does not exist, naming the field. */
export async function checkClientReferences(executor: Executor, input: NewClient) {
  const [region] = await executor
    .select({ code: regions.code })
    .from(regions)
    .where(eq(regions.code, input.regionCode));
  if (!region) throw new ClientFieldError('regionCode', 'errors.unknown');
  const [unit] = await executor.select({ id: units.id }).from(units).where(eq(units.id, input.unitId));
  if (!unit) throw new ClientFieldError('unitId', 'errors.unknown');
  if (input.managerId) {
    const [manager] = await executor
      .select({ id: managers.id })
      .from(managers)
      .where(eq(managers.id, input.managerId));
    if (!manager) throw new ClientFieldError('managerId', 'errors.unknown');
  }
}

/** Adds a client with its first assignment, in one transaction; a duplicate INN writes nothing. */
export async function createClient(input: NewClient, actor: StaffUser, ipAddress: string) {
  const thresholds = await currentSizeThresholds();
  return getDb().transaction(async (tx) => {
    const [duplicate] = await tx.select({ id: clients.id }).from(clients).where(eq(clients.inn, input.inn));
    if (duplicate) throw new ClientFieldError('inn', 'errors.innTaken');
    await checkClientReferences(tx, input);
    const [created] = await tx
      .insert(clients)
      .values({ inn: input.inn, ...clientColumnValues(input, thresholds) })
      .returning({ id: clients.id });
    await tx.insert(managerAssignments).values({
      clientId: created.id,
      managerId: input.managerId ?? null,
      unitId: input.unitId,
      validFrom: new Date().toISOString().slice(0, 10),
      reason: 'created',
      assignedBy: actor.id,
    });
    await recordAudit(tx, {
      actorUserId: actor.id,
      action: 'client_created',
      entityType: 'client',
      entityId: created.id,
      detail: { inn: input.inn, managerId: input.managerId ?? null },
      ipAddress,
    });
    return created;
  });
}
