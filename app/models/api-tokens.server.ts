import { createHash, randomBytes } from 'node:crypto';
import { and, desc, eq, isNull, sql } from 'drizzle-orm';
import { z } from 'zod';
import { getDb } from '#db/client.ts';
import { type AreaAccess, areaAccessLevels } from '#db/integration-vocabulary.ts';
import { selectRows } from '#db/raw-query.ts';
import {
  type ApiArea,
  type ApiPermission,
  apiAreas,
  apiTokens,
  managers,
  units,
  users,
} from '#db/schema/index.ts';
import type { StaffUser } from '#app/auth/session.server.ts';
import { recordAudit } from './audit.server.ts';

// API tokens for other systems. A token is `brm_` and 43 base64url characters (256 random bits);
// only its SHA-256 is stored, as with invitation links, so a database leak yields no working token.

const TOKEN_PREFIX = 'brm_';
const tokenShape = /^brm_[A-Za-z0-9_-]{43}$/;

export const hashApiToken = (token: string) => createHash('sha256').update(token).digest('hex');

export { type AreaAccess, areaAccessLevels } from '#db/integration-vocabulary.ts';

/**
 * Areas that are company-wide by nature — campaigns, and KPI actuals for any manager — which a token
 * limited to a unit or a portfolio cannot hold.
 */
export const unrestrictedOnlyAreas: readonly ApiArea[] = ['waves', 'kpis'];

export const newApiTokenSchema = z
  .object({
    name: z.string().trim().min(1, 'errors.required').max(120),
    access: z.object(
      Object.fromEntries(apiAreas.map((area) => [area, z.enum(areaAccessLevels).default('none')])) as Record<
        ApiArea,
        z.ZodDefault<z.ZodEnum<{ none: 'none'; read: 'read'; write: 'write' }>>
      >,
    ),
    restriction: z.enum(['none', 'unit', 'manager']).default('none'),
    unitId: z
      .string()
      .uuid('errors.required')
      .optional()
      .or(z.literal('').transform(() => undefined)),
    managerId: z
      .string()
      .uuid('errors.required')
      .optional()
      .or(z.literal('').transform(() => undefined)),
    ratePerMinute: z.coerce
      .number({ message: 'errors.number' })
      .int('errors.integer')
      .min(1, 'integration:errors.rate')
      .max(10_000, 'integration:errors.rate')
      .default(600),
  })
  .superRefine((input, context) => {
    if (input.restriction === 'unit' && !input.unitId)
      context.addIssue({ code: 'custom', path: ['unitId'], message: 'errors.required' });
    if (input.restriction === 'manager' && !input.managerId)
      context.addIssue({ code: 'custom', path: ['managerId'], message: 'errors.required' });
    if (apiAreas.every((area) => input.access[area] === 'none'))
      context.addIssue({ code: 'custom', path: ['access'], message: 'integration:errors.noAccess' });
    if (input.restriction !== 'none') {
      for (const area of unrestrictedOnlyAreas) {
        if (input.access[area] !== 'none')
          context.addIssue({
            code: 'custom',
            path: [`access.${area}`],
            message: 'integration:errors.areaNeedsWholeCompany',
          });
      }
    }
  });

export type NewApiToken = z.infer<typeof newApiTokenSchema>;

/** The form's flat fields (`access.clients=write`) as the schema's nested input. */
export function apiTokenFormInput(fields: Record<string, string>): Record<string, unknown> {
  const access: Record<string, string> = {};
  for (const area of apiAreas) if (fields[`access.${area}`]) access[area] = fields[`access.${area}`];
  return { ...fields, access };
}

export function permissionsOf(access: Record<ApiArea, AreaAccess>): ApiPermission[] {
  return apiAreas.flatMap((area): ApiPermission[] =>
    access[area] === 'write'
      ? [`${area}:read`, `${area}:write`]
      : access[area] === 'read'
        ? [`${area}:read`]
        : [],
  );
}

export class ApiTokenFieldError extends Error {
  constructor(
    readonly field: string,
    readonly messageKey: string,
  ) {
    super(`${field}: ${messageKey}`);
  }
}

/** Creates a token and returns it in clear: the only time anyone sees it. */
export async function createApiToken({
  input,
  actor,
  ipAddress,
}: {
  input: NewApiToken;
  actor: StaffUser;
  ipAddress: string;
}): Promise<{ id: string; token: string }> {
  const token = `${TOKEN_PREFIX}${randomBytes(32).toString('base64url')}`;
  const unitId = input.restriction === 'unit' ? input.unitId! : null;
  const managerId = input.restriction === 'manager' ? input.managerId! : null;
  return getDb().transaction(async (tx) => {
    if (unitId) {
      const [unit] = await tx.select({ id: units.id }).from(units).where(eq(units.id, unitId));
      if (!unit) throw new ApiTokenFieldError('unitId', 'errors.unknown');
    }
    if (managerId) {
      const [manager] = await tx.select({ id: managers.id }).from(managers).where(eq(managers.id, managerId));
      if (!manager) throw new ApiTokenFieldError('managerId', 'errors.unknown');
    }
    const permissions = permissionsOf(input.access);
    const [created] = await tx
      .insert(apiTokens)
      .values({
        name: input.name,
        tokenPrefix: token.slice(0, 12),
        tokenHash: hashApiToken(token),
        permissions,
        unitId,
        managerId,
        ratePerMinute: input.ratePerMinute,
        bucketLevel: input.ratePerMinute,
        createdBy: actor.id,
      })
      .returning({ id: apiTokens.id });
    await recordAudit(tx, {
      actorUserId: actor.id,
      action: 'api_token_created',
      entityType: 'api_token',
      entityId: created.id,
      detail: { name: input.name, permissions, unitId, managerId, ratePerMinute: input.ratePerMinute },
      ipAddress,
    });
    return { id: created.id, token };
  });
}

export async function listApiTokens() {
  return getDb()
    .select({
      id: apiTokens.id,
      name: apiTokens.name,
      tokenPrefix: apiTokens.tokenPrefix,
      permissions: apiTokens.permissions,
      unitNameEn: units.nameEn,
      unitNameRu: units.nameRu,
      managerName: managers.fullName,
      ratePerMinute: apiTokens.ratePerMinute,
      lastUsedAt: apiTokens.lastUsedAt,
      lastUsedIp: apiTokens.lastUsedIp,
      createdAt: apiTokens.createdAt,
      createdByName: users.fullName,
      revokedAt: apiTokens.revokedAt,
    })
    .from(apiTokens)
    .leftJoin(units, eq(units.id, apiTokens.unitId))
    .leftJoin(managers, eq(managers.id, apiTokens.managerId))
    .leftJoin(users, eq(users.id, apiTokens.createdBy))
    .orderBy(sql`${apiTokens.revokedAt} IS NOT NULL`, desc(apiTokens.createdAt));
}

/** Revokes a token at once: the next request with it is refused. Revoking twice changes nothing. */
export async function revokeApiToken({
  id,
  actor,
  ipAddress,
}: {
  id: string;
  actor: StaffUser;
  ipAddress: string;
}): Promise<void> {
  if (!z.string().uuid().safeParse(id).success) return;
  await getDb().transaction(async (tx) => {
    const revoked = await tx
      .update(apiTokens)
      .set({ revokedAt: new Date(), revokedBy: actor.id })
      .where(and(eq(apiTokens.id, id), isNull(apiTokens.revokedAt)))
      .returning({ id: apiTokens.id, name: apiTokens.name });
    if (revoked.length === 0) return;
    await recordAudit(tx, {
      actorUserId: actor.id,
      action: 'api_token_revoked',
      entityType: 'api_token',
      entityId: id,
      detail: { name: revoked[0].name },
      ipAddress,
    });
  });
}

/** What a request made with a valid token may do. */
export interface ApiTokenContext {
  id: string;
  name: string;
  permissions: ApiPermission[];
  unitId: string | null;
  managerId: string | null;
  /** The admin who created the token: the actor of what the token changes, in the audit log too. */
  createdBy: string | null;
}

export type ApiTokenCheck =
  | { kind: 'ok'; token: ApiTokenContext }
  | { kind: 'invalid' }
  | { kind: 'rate_limited'; retryAfterSeconds: number };

interface CheckedRow {
  id: string;
  name: string;
  permissions: ApiPermission[] | string;
  unit_id: string | null;
  manager_id: string | null;
  created_by: string | null;
  allowed: boolean;
  level: number | string;
  rate_per_minute: number | string;
  audit_use: boolean;
}

/**
 * Checks a bearer token and spends one request from its token bucket, in one statement that also
 * records the last use. The bucket (capacity: one minute's allowance, refilled continuously) is on
 * the token's row rather than in memory so that every app server behind a load balancer draws on
 * the same budget, and the row lock makes concurrent requests of one token take turns. The first
 * use in an hour is also written to the audit log.
 */
export async function checkApiToken({
  token,
  ipAddress,
}: {
  token: string;
  ipAddress: string;
}): Promise<ApiTokenCheck> {
  if (!tokenShape.test(token)) return { kind: 'invalid' };
  const db = getDb();
  return db.transaction(async (tx) => {
    const [row] = await selectRows<CheckedRow>(
      tx,
      sql`WITH current AS (
            SELECT id, least(rate_per_minute::float8,
                     bucket_level + greatest(0, extract(epoch FROM clock_timestamp() - bucket_at)) * rate_per_minute / 60.0
                   ) AS level,
                   (use_audited_at IS NULL OR use_audited_at < clock_timestamp() - interval '1 hour') AS audit_due
              FROM api_tokens
             WHERE token_hash = ${hashApiToken(token)} AND revoked_at IS NULL
               FOR UPDATE)
          UPDATE api_tokens t
             SET bucket_level = CASE WHEN current.level >= 1 THEN current.level - 1 ELSE current.level END,
                 bucket_at = clock_timestamp(),
                 last_used_at = CASE WHEN current.level >= 1 THEN clock_timestamp() ELSE t.last_used_at END,
                 last_used_ip = CASE WHEN current.level >= 1 THEN ${ipAddress} ELSE t.last_used_ip END,
                 use_audited_at = CASE WHEN current.level >= 1 AND current.audit_due THEN clock_timestamp()
                                       ELSE t.use_audited_at END
            FROM current
           WHERE t.id = current.id
          RETURNING t.id, t.name, t.permissions, t.unit_id, t.manager_id, t.created_by, t.rate_per_minute,
                    current.level, (current.level >= 1) AS allowed,
                    (current.level >= 1 AND current.audit_due) AS audit_use`,
    );
    if (!row) return { kind: 'invalid' } as const;
    if (!row.allowed) {
      const perSecond = Number(row.rate_per_minute) / 60;
      return {
        kind: 'rate_limited',
        retryAfterSeconds: Math.max(1, Math.ceil((1 - Number(row.level)) / perSecond)),
      } as const;
    }
    if (row.audit_use)
      await recordAudit(tx, {
        actorUserId: row.created_by,
        action: 'api_token_used',
        entityType: 'api_token',
        entityId: row.id,
        detail: { name: row.name },
        ipAddress,
      });
    return {
      kind: 'ok',
      token: {
        id: row.id,
        name: row.name,
        permissions: parseTextArray(row.permissions) as ApiPermission[],
        unitId: row.unit_id,
        managerId: row.manager_id,
        createdBy: row.created_by,
      },
    } as const;
  });
}

/** A text[] column read through raw SQL: an array from postgres.js, sometimes `{a,b}` text. */
function parseTextArray(value: string[] | string): string[] {
  if (Array.isArray(value)) return value;
  const inner = value.replace(/^\{|\}$/g, '');
  return inner === '' ? [] : inner.split(',').map((item) => item.replace(/^"|"$/g, ''));
}

/** Choices of the token form. */
export async function apiTokenFormOptions() {
  const db = getDb();
  const [unitRows, managerRows] = await Promise.all([
    db.select({ id: units.id, nameEn: units.nameEn, nameRu: units.nameRu }).from(units).orderBy(units.nameEn),
    db
      .select({ id: managers.id, fullName: managers.fullName })
      .from(managers)
      .where(eq(managers.active, true))
      .orderBy(managers.fullName),
  ]);
  return { units: unitRows, managers: managerRows };
}
