import { and, asc, eq, gt, inArray, isNull, notInArray, sql } from 'drizzle-orm';
import { z } from 'zod';
import { type Executor, getDb } from '#db/client.ts';
import { isValidInn } from '#db/inn.ts';
import { clientProducts, clients, contacts, managerAssignments, products } from '#db/schema/index.ts';
import { contactRoles, locales, sizeSegments, vipCriteria } from '#db/schema/domain.ts';
import { recordAudit } from '#app/models/audit.server.ts';
import {
  ClientFieldError,
  checkClientReferences,
  clientColumnValues,
  createClient,
  newClientSchema,
} from '#app/models/clients.server.ts';
import { currentSizeThresholds } from '#app/models/settings.server.ts';
import type { ApiTokenContext } from '#app/models/api-tokens.server.ts';
import { endpoint } from './endpoint.server.ts';
import { ApiProblem, fieldProblem } from './problem.server.ts';
import { tokenActor, tokenClientScope } from './scope.server.ts';

// Clients, contacts and product usage for CRM synchronisation: a client is upserted by INN with the
// same validation as the staff form, contacts by e-mail within their client, usage as the whole
// list of a client's products.

const innParam = z.object({ inn: z.string().refine(isValidInn, 'errors.inn') });

export const clientSchema = z.object({
  id: z.uuid(),
  inn: z.string(),
  name: z.string(),
  okved2: z.string(),
  industrySection: z.string(),
  sizeSegment: z.enum(sizeSegments),
  regionCode: z.string(),
  unitId: z.uuid(),
  managerId: z.uuid().nullable(),
  registeredOn: z.string(),
  revenueRub: z.number(),
  headcount: z.number().int(),
  vipCriteria: z.array(z.enum(vipCriteria)),
  updatedAt: z.string(),
});

const clientColumns = {
  id: clients.id,
  inn: clients.inn,
  name: clients.name,
  okved2: clients.okved2,
  industrySection: clients.industrySection,
  sizeSegment: clients.sizeSegment,
  regionCode: clients.regionCode,
  unitId: clients.unitId,
  managerId: clients.managerId,
  registeredOn: clients.registeredOn,
  revenueRub: clients.revenueRub,
  headcount: clients.headcount,
  vipCriteria: clients.vipCriteria,
  updatedAt: clients.updatedAt,
};

type ClientRow = { revenueRub: string; updatedAt: Date } & Record<string, unknown>;
const clientOut = (row: ClientRow) => ({
  ...row,
  revenueRub: Number(row.revenueRub),
  updatedAt: row.updatedAt.toISOString(),
});

/** The client with this INN if the token may see it; 404 otherwise (existence is not revealed). */
async function clientInScope(executor: Executor, token: ApiTokenContext, inn: string) {
  const [client] = await executor
    .select(clientColumns)
    .from(clients)
    .where(and(eq(clients.inn, inn), tokenClientScope(token)));
  if (!client) throw new ApiProblem(404, `No client with INN ${inn}.`);
  return client;
}

const pageLimit = z.coerce
  .number({ message: 'errors.number' })
  .int('errors.integer')
  .min(1)
  .max(500)
  .default(100);

const listClients = endpoint({
  method: 'GET',
  path: '/clients',
  operationId: 'listClients',
  summary: 'List clients, ordered by INN',
  tag: 'Clients',
  permission: 'clients:read',
  query: z.object({
    after: z
      .string()
      .regex(/^\d{10,12}$/, 'errors.inn')
      .optional(),
    limit: pageLimit,
  }),
  response: z.object({ clients: z.array(clientSchema), nextCursor: z.string().nullable() }),
  async run({ token, query }) {
    const rows = await getDb()
      .select(clientColumns)
      .from(clients)
      .where(and(tokenClientScope(token), query.after ? gt(clients.inn, query.after) : undefined))
      .orderBy(asc(clients.inn))
      .limit(query.limit + 1);
    const page = rows.slice(0, query.limit);
    return {
      clients: page.map(clientOut),
      nextCursor: rows.length > query.limit ? page.at(-1)!.inn : null,
    };
  },
});

const getClient = endpoint({
  method: 'GET',
  path: '/clients/{inn}',
  operationId: 'getClient',
  summary: 'One client by INN',
  tag: 'Clients',
  permission: 'clients:read',
  params: innParam,
  response: clientSchema,
  refusals: [404],
  async run({ token, params }) {
    return clientOut(await clientInScope(getDb(), token, params.inn));
  },
});

const upsertResult = z.object({ client: clientSchema, created: z.boolean() });

/**
 * Creates the client, or updates the one with this INN. A change of manager or unit closes the
 * current assignment and opens a new one, as the staff screens do, and is audited.
 */
const upsertClient = endpoint({
  method: 'POST',
  path: '/clients',
  operationId: 'upsertClient',
  summary: 'Create or update a client by INN',
  description:
    "Validation is the staff form's: INN with check digits, OKVED2 code, known region, unit and manager. A token limited to a unit or portfolio may only write clients of that unit or manager.",
  tag: 'Clients',
  permission: 'clients:write',
  body: newClientSchema,
  response: upsertResult,
  refusals: [404],
  async run({ token, body, ipAddress }) {
    if (token.unitId && body.unitId !== token.unitId)
      throw fieldProblem('unitId', 'integration:errors.outsideUnit', 422);
    if (token.managerId && body.managerId !== token.managerId)
      throw fieldProblem('managerId', 'integration:errors.outsidePortfolio', 422);
    const actor = tokenActor(token);
    const db = getDb();
    const [existing] = await db.select({ id: clients.id }).from(clients).where(eq(clients.inn, body.inn));
    if (!existing) {
      const created = await createClient(body, actor, ipAddress).catch(asFieldProblem);
      const [row] = await db.select(clientColumns).from(clients).where(eq(clients.id, created.id));
      return new Response(JSON.stringify({ client: clientOut(row), created: true }), {
        status: 201,
        headers: { 'Content-Type': 'application/json', 'Cache-Control': 'no-store' },
      });
    }
    const thresholds = await currentSizeThresholds();
    const updated = await db.transaction(async (tx) => {
      const before = await clientInScope(tx, token, body.inn);
      await checkClientReferences(tx, body).catch(asFieldProblem);
      const today = new Date().toISOString().slice(0, 10);
      const after = clientColumnValues(body, thresholds);
      await tx.update(clients).set(after).where(eq(clients.id, before.id));
      const reassigned = before.managerId !== after.managerId || before.unitId !== after.unitId;
      if (reassigned) {
        await tx
          .update(managerAssignments)
          .set({ validTo: today })
          .where(and(eq(managerAssignments.clientId, before.id), isNull(managerAssignments.validTo)));
        await tx.insert(managerAssignments).values({
          clientId: before.id,
          managerId: after.managerId,
          unitId: after.unitId,
          validFrom: today,
          reason: 'api_sync',
          assignedBy: actor.id,
        });
        await recordAudit(tx, {
          actorUserId: actor.id,
          action: 'client_reassigned',
          entityType: 'client',
          entityId: before.id,
          detail: {
            via: 'api',
            apiTokenId: token.id,
            from: { managerId: before.managerId, unitId: before.unitId },
            to: { managerId: after.managerId, unitId: after.unitId },
          },
          ipAddress,
        });
      }
      const changed = Object.keys(after).filter(
        (key) =>
          JSON.stringify((before as Record<string, unknown>)[key]) !==
          JSON.stringify((after as Record<string, unknown>)[key]),
      );
      if (changed.length > 0)
        await recordAudit(tx, {
          actorUserId: actor.id,
          action: 'client_updated',
          entityType: 'client',
          entityId: before.id,
          detail: { via: 'api', apiTokenId: token.id, fields: changed },
          ipAddress,
        });
      const [row] = await tx.select(clientColumns).from(clients).where(eq(clients.id, before.id));
      return row;
    });
    return { client: clientOut(updated), created: false };
  },
});

/** The staff form's field refusals, answered as a 422 naming the field. */
function asFieldProblem(error: unknown): never {
  if (error instanceof ClientFieldError) throw fieldProblem(error.field, error.messageKey, 422);
  throw error;
}

// ── Contacts ────────────────────────────────────────────────────────────────────────────────────

export const contactInputSchema = z.object({
  fullName: z.string().trim().min(1, 'errors.required').max(300),
  email: z.string().trim().toLowerCase().email('errors.email').max(320),
  position: z.string().trim().max(300).nullable().optional(),
  phone: z.string().trim().max(60).nullable().optional(),
  role: z.enum(contactRoles, { message: 'errors.unknown' }),
  language: z.enum(locales, { message: 'errors.unknown' }).default('ru'),
  consentGiven: z.boolean().default(true),
  leftCompany: z.boolean().default(false),
  surveyCapDays: z.number().int('errors.integer').min(1).max(3650).nullable().optional(),
});

export const contactSchema = z.object({
  id: z.uuid(),
  fullName: z.string(),
  email: z.string().nullable(),
  position: z.string().nullable(),
  phone: z.string().nullable(),
  role: z.enum(contactRoles),
  language: z.enum(locales),
  consentGiven: z.boolean(),
  optedOut: z.boolean(),
  leftCompany: z.boolean(),
  surveyCapDays: z.number().int().nullable(),
});

const contactColumns = {
  id: contacts.id,
  fullName: contacts.fullName,
  email: contacts.email,
  position: contacts.position,
  phone: contacts.phone,
  role: contacts.role,
  language: contacts.language,
  consentGiven: contacts.consentGiven,
  optedOutAt: contacts.optedOutAt,
  leftCompany: contacts.leftCompany,
  surveyCapDays: contacts.surveyCapDays,
};

const contactOut = ({ optedOutAt, ...row }: { optedOutAt: Date | null } & Record<string, unknown>) => ({
  ...row,
  optedOut: optedOutAt !== null,
});

const listContacts = endpoint({
  method: 'GET',
  path: '/clients/{inn}/contacts',
  operationId: 'listContacts',
  summary: "A client's contacts",
  tag: 'Clients',
  permission: 'clients:read',
  params: innParam,
  response: z.object({ contacts: z.array(contactSchema) }),
  refusals: [404],
  async run({ token, params }) {
    const db = getDb();
    const client = await clientInScope(db, token, params.inn);
    const rows = await db
      .select(contactColumns)
      .from(contacts)
      .where(eq(contacts.clientId, client.id))
      .orderBy(asc(contacts.fullName));
    return { contacts: rows.map(contactOut) };
  },
});

/**
 * Upserts a contact by e-mail within the client. An opt-out is the respondent's own decision and
 * is never undone by a sync; everything else follows the CRM.
 */
const upsertContact = endpoint({
  method: 'POST',
  path: '/clients/{inn}/contacts',
  operationId: 'upsertContact',
  summary: "Create or update a client's contact by e-mail",
  tag: 'Clients',
  permission: 'clients:write',
  params: innParam,
  body: contactInputSchema,
  response: z.object({ contact: contactSchema, created: z.boolean() }),
  refusals: [404],
  async run({ token, params, body, ipAddress }) {
    const actor = tokenActor(token);
    return getDb().transaction(async (tx) => {
      const client = await clientInScope(tx, token, params.inn);
      const values = {
        fullName: body.fullName,
        email: body.email,
        position: body.position ?? null,
        phone: body.phone ?? null,
        role: body.role,
        language: body.language,
        consentGiven: body.consentGiven,
        leftCompany: body.leftCompany,
        surveyCapDays: body.surveyCapDays ?? null,
      };
      const [existing] = await tx
        .select({ id: contacts.id })
        .from(contacts)
        .where(and(eq(contacts.clientId, client.id), sql`lower(${contacts.email}) = ${body.email}`))
        .limit(1);
      const [row] = existing
        ? await tx.update(contacts).set(values).where(eq(contacts.id, existing.id)).returning(contactColumns)
        : await tx
            .insert(contacts)
            .values({ ...values, clientId: client.id })
            .returning(contactColumns);
      await recordAudit(tx, {
        actorUserId: actor.id,
        action: existing ? 'contact_updated' : 'contact_created',
        entityType: 'contact',
        entityId: row.id,
        detail: { via: 'api', apiTokenId: token.id, clientId: client.id },
        ipAddress,
      });
      const body_ = { contact: contactOut(row), created: !existing };
      return existing
        ? body_
        : new Response(JSON.stringify(body_), {
            status: 201,
            headers: { 'Content-Type': 'application/json', 'Cache-Control': 'no-store' },
          });
    });
  },
});

// ── Products and usage ──────────────────────────────────────────────────────────────────────────

const productSchema = z.object({
  code: z.string(),
  nameEn: z.string(),
  nameRu: z.string(),
  active: z.boolean(),
});

const listProducts = endpoint({
  method: 'GET',
  path: '/products',
  operationId: 'listProducts',
  summary: 'The product catalogue',
  tag: 'Clients',
  permission: 'clients:read',
  response: z.object({ products: z.array(productSchema) }),
  async run() {
    const rows = await getDb()
      .select({
        code: products.code,
        nameEn: products.nameEn,
        nameRu: products.nameRu,
        active: products.active,
      })
      .from(products)
      .orderBy(asc(products.code));
    return { products: rows };
  },
});

const money = z.number({ message: 'errors.number' }).finite('errors.number').min(0, 'errors.negative');

export const usageInputSchema = z.object({
  products: z
    .array(
      z.object({
        code: z.string().trim().min(1, 'errors.required'),
        since: z
          .string()
          .regex(/^\d{4}-\d{2}-\d{2}$/, 'errors.date')
          .nullable()
          .optional(),
        incomeRub: money.default(0),
        volumeRub: money.nullable().optional(),
      }),
    )
    .max(500)
    .superRefine((rows, context) => {
      const seen = new Set<string>();
      rows.forEach((row, index) => {
        if (seen.has(row.code))
          context.addIssue({
            code: 'custom',
            path: [index, 'code'],
            message: 'integration:errors.duplicate',
          });
        seen.add(row.code);
      });
    }),
});

const usageSchema = z.object({
  products: z.array(
    z.object({
      code: z.string(),
      since: z.string().nullable(),
      incomeRub: z.number(),
      volumeRub: z.number().nullable(),
    }),
  ),
});

async function usageOf(executor: Executor, clientId: string) {
  const rows = await executor
    .select({
      code: products.code,
      since: clientProducts.since,
      incomeRub: clientProducts.incomeRub,
      volumeRub: clientProducts.volumeRub,
    })
    .from(clientProducts)
    .innerJoin(products, eq(products.id, clientProducts.productId))
    .where(eq(clientProducts.clientId, clientId))
    .orderBy(asc(products.code));
  return {
    products: rows.map((row) => ({
      ...row,
      incomeRub: Number(row.incomeRub),
      volumeRub: row.volumeRub === null ? null : Number(row.volumeRub),
    })),
  };
}

const getUsage = endpoint({
  method: 'GET',
  path: '/clients/{inn}/products',
  operationId: 'getProductUsage',
  summary: 'Products a client uses, with income and volume',
  tag: 'Clients',
  permission: 'clients:read',
  params: innParam,
  response: usageSchema,
  refusals: [404],
  async run({ token, params }) {
    const db = getDb();
    const client = await clientInScope(db, token, params.inn);
    return usageOf(db, client.id);
  },
});

/** Replaces a client's product usage with the list sent, in one transaction: all or nothing. */
const putUsage = endpoint({
  method: 'PUT',
  path: '/clients/{inn}/products',
  operationId: 'replaceProductUsage',
  summary: "Replace a client's product usage",
  tag: 'Clients',
  permission: 'clients:write',
  params: innParam,
  body: usageInputSchema,
  response: usageSchema,
  refusals: [404],
  async run({ token, params, body, ipAddress }) {
    const actor = tokenActor(token);
    return getDb().transaction(async (tx) => {
      const client = await clientInScope(tx, token, params.inn);
      const codes = body.products.map((row) => row.code);
      const known = codes.length
        ? await tx
            .select({ id: products.id, code: products.code })
            .from(products)
            .where(inArray(products.code, codes))
        : [];
      const idByCode = new Map(known.map((row) => [row.code, row.id]));
      const unknown = body.products.flatMap((row, index) =>
        idByCode.has(row.code)
          ? []
          : [{ field: `products.${index}.code`, message: `Unknown product code "${row.code}".` }],
      );
      if (unknown.length) throw new ApiProblem(422, 'See errors for the fields to correct.', unknown);
      const keptIds = [...idByCode.values()];
      // Rows kept are updated in place, so columns this endpoint does not carry stay as they were.
      await tx
        .delete(clientProducts)
        .where(
          and(
            eq(clientProducts.clientId, client.id),
            keptIds.length ? notInArray(clientProducts.productId, keptIds) : undefined,
          ),
        );
      if (body.products.length)
        await tx
          .insert(clientProducts)
          .values(
            body.products.map((row) => ({
              clientId: client.id,
              productId: idByCode.get(row.code)!,
              since: row.since ?? null,
              incomeRub: row.incomeRub.toFixed(2),
              volumeRub: row.volumeRub == null ? null : row.volumeRub.toFixed(2),
            })),
          )
          .onConflictDoUpdate({
            target: [clientProducts.clientId, clientProducts.productId],
            set: {
              since: sql`excluded.since`,
              incomeRub: sql`excluded.income_rub`,
              volumeRub: sql`excluded.volume_rub`,
            },
          });
      await recordAudit(tx, {
        actorUserId: actor.id,
        action: 'client_products_replaced',
        entityType: 'client',
        entityId: client.id,
        detail: { via: 'api', apiTokenId: token.id, products: codes },
        ipAddress,
      });
      return usageOf(tx, client.id);
    });
  },
});

export const clientEndpoints = {
  clients: [listClients, upsertClient],
  client: [getClient],
  contacts: [listContacts, upsertContact],
  products: [listProducts],
  usage: [getUsage, putUsage],
};
