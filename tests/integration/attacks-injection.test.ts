import { sql } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import type { z } from 'zod';
import { foldAllPendingRollups } from '#analytics/aggregations/rollup-folder.ts';
import type { Database } from '#db/client.ts';
import { type ApiArea, apiAreas } from '#db/schema/index.ts';
import type { Role } from '#db/schema/domain.ts';
import { allEndpoints } from '#app/api/openapi.server.ts';
import { createApiToken, newApiTokenSchema } from '#app/models/api-tokens.server.ts';
import { auditFilterSchema } from '#app/models/audit-log.server.ts';
import { clientFilterSchema } from '#app/models/clients.server.ts';
import { followUpFilterSchema } from '#app/models/follow-ups.server.ts';
import { outboxFilterSchema } from '#app/models/outbox.server.ts';
import { portfolioFilterSchema } from '#app/models/portfolios.server.ts';
import { completeResponse } from '#app/models/responses.server.ts';
import {
  feedParamsSchema,
  loyaltyFilterSchema,
  matrixParamsSchema,
  movementParamsSchema,
} from '#app/models/satisfaction-feed.server.ts';
import { monitorSchema } from '#app/models/waves.server.ts';
import { deliveryFilterSchema } from '#app/models/webhooks.server.ts';
import { createRespondentFixture, industrialAnswers } from '#tests/factories/responses.ts';
import { createStaffUser, signedInCookie } from '#tests/factories/users.ts';
import { openTestDatabase } from '#tests/setup/test-database.ts';
import { callApi } from './api-client.ts';

// SQL injection through every filter, search box and path parameter a staff page or the API reads:
// each one, alone, set to strings that would break out of a quoted literal, end the statement or
// widen a LIKE. Every answer must be an ordinary one (200, a redirect, 400, 404 or 429 — never a
// 5xx or an exception), and nothing in the database may change.

const payloads = [
  `x' OR '1'='1'; DROP TABLE clients; -- %_\\`,
  `1 OR 1=1) UNION SELECT password_hash FROM users --`,
];

type RouteArgs = { request: Request; params: Record<string, string>; context: object };
type RouteModule = { loader?: (args: RouteArgs) => unknown };

const staffRoutes = import.meta.glob<RouteModule>('/app/routes/_staff*.{ts,tsx}', { eager: true });

/** The filters read through Object.fromEntries(searchParams) into a schema, per route file. */
const schemaFilters: Array<[RegExp, z.ZodObject[]]> = [
  [/^_staff\.clients\.(_index|export)/, [clientFilterSchema]],
  [/^_staff\.settings\.audit/, [auditFilterSchema]],
  [/^_staff\.follow-ups/, [followUpFilterSchema]],
  [/^_staff\.outbox/, [outboxFilterSchema]],
  [/^_staff\.managers\.\$managerId/, [portfolioFilterSchema]],
  [/^_staff\.loyalty\._index/, [matrixParamsSchema]],
  [/^_staff\.loyalty\.at-risk/, [loyaltyFilterSchema]],
  [/^_staff\.loyalty\.feed/, [feedParamsSchema]],
  [/^_staff\.loyalty\.movement/, [movementParamsSchema]],
  [/^_staff\.loyalty\.export/, [matrixParamsSchema, feedParamsSchema, movementParamsSchema]],
  [/^_staff\.waves\.\$waveId/, [monitorSchema]],
  [/^_staff\.settings\.webhooks\.\$subscriptionId/, [deliveryFilterSchema]],
];

/** `_staff.analytics.export[.]csv.ts` → `/analytics/export.csv`; parameters stay `$name`. */
function urlPattern(file: string): string {
  const name = file
    .replace(/^.*\//, '')
    .replace(/\.tsx?$/, '')
    .replace(/\[\.\]/g, '~');
  const segments = name
    .split('.')
    .slice(1)
    .filter((segment) => segment !== '_index')
    .map((segment) => segment.replace(/_$/, '').replaceAll('~', '.'));
  return `/${segments.join('/')}`;
}

let db: Database;
const cookies = new Map<Role, string>();
let realParams: Record<string, string>;
/** The query keys tried per page, to show the discovery found the filters. */
const keysTried = new Map<string, Set<string>>();

async function statusOf(
  loader: RouteModule['loader'],
  role: Role,
  url: string,
  params: Record<string, string>,
) {
  const request = new Request(`http://localhost${url}`, { headers: { Cookie: cookies.get(role)! } });
  try {
    const result = await loader!({ request, params, context: {} });
    if (result instanceof Response) return result.status;
    const init = (result as { init?: { status?: number } } | null)?.init;
    return init?.status ?? 200;
  } catch (thrown) {
    if (thrown instanceof Response) return thrown.status;
    throw new Error(`${url} threw ${thrown instanceof Error ? thrown.stack : String(thrown)}`);
  }
}

/** Rows of a raw query, whichever driver (PGlite answers { rows }, postgres.js an array). */
async function rowsOf<Row>(query: ReturnType<typeof sql>): Promise<Row[]> {
  const result = (await db.execute(query)) as unknown as { rows?: Row[] } | Row[];
  return Array.isArray(result) ? result : (result.rows ?? []);
}

/** Row counts of the tables an injection would most want to read or wreck, and the table count. */
async function fingerprint() {
  const tables = [
    'clients',
    'users',
    'responses',
    'invitations',
    'survey_versions',
    'api_tokens',
    'sessions',
  ];
  const counts: Record<string, number> = {};
  for (const table of tables) {
    const [row] = await rowsOf<{ n: number }>(sql.raw(`SELECT count(*)::int AS n FROM "${table}"`));
    counts[table] = Number(row.n);
  }
  const [tableCount] = await rowsOf<{ n: number }>(
    sql`SELECT count(*)::int AS n FROM information_schema.tables WHERE table_schema = 'public'`,
  );
  counts.tables = Number(tableCount.n);
  return counts;
}

/** Runs the loader once, recording the query keys it reads one by one. */
async function keysRead(
  loader: RouteModule['loader'],
  role: Role,
  url: string,
  params: Record<string, string>,
) {
  const read = new Set<string>();
  const prototype = URLSearchParams.prototype;
  const original = { get: prototype.get, getAll: prototype.getAll, has: prototype.has };
  prototype.get = function (this: URLSearchParams, name: string) {
    read.add(name);
    return original.get.call(this, name);
  };
  prototype.getAll = function (this: URLSearchParams, name: string) {
    read.add(name);
    return original.getAll.call(this, name);
  };
  prototype.has = function (this: URLSearchParams, name: string) {
    read.add(name);
    return original.has.call(this, name);
  };
  try {
    return { status: await statusOf(loader, role, url, params), read };
  } finally {
    Object.assign(prototype, original);
  }
}

beforeAll(async () => {
  ({ db } = await openTestDatabase());
  const first = await createRespondentFixture(db);
  const second = await createRespondentFixture(db, { wave: first.wave });
  await completeResponse({ token: first.token, answers: industrialAnswers({ comments: 'Fine.' }) });
  await completeResponse({ token: second.token, answers: industrialAnswers({ ltr: 2, comments: 'Late.' }) });
  await foldAllPendingRollups(db);
  for (const role of ['admin', 'management', 'marketing'] as const) {
    cookies.set(role, await signedInCookie((await createStaffUser(db, role)).id));
  }
  const [survey] = await rowsOf<{ survey_id: string }>(
    sql`SELECT survey_id FROM survey_versions WHERE id = ${first.wave.surveyVersionId}`,
  );
  realParams = {
    clientId: first.client.id,
    managerId: first.managerId,
    waveId: first.wave.id,
    ...(survey?.survey_id ? { surveyId: survey.survey_id } : {}),
  };
});

describe('SQL injection through staff filters', () => {
  const routes = Object.entries(staffRoutes)
    .filter(([, module]) => typeof module.loader === 'function')
    .map(([file, module]) => ({ file: file.replace(/^.*\//, ''), pattern: urlPattern(file), module }));

  it('covers every staff page and export that has a loader', () => {
    expect(routes.length).toBeGreaterThan(30);
  });

  for (const route of routes) {
    it(`${route.pattern}: every filter and path parameter is data, never SQL`, async () => {
      const paramNames = [...route.pattern.matchAll(/\$(\w+)/g)].map((match) => match[1]);
      const withParams = (values: Record<string, string>) =>
        route.pattern.replace(/\$(\w+)/g, (_, name: string) => encodeURIComponent(values[name]));

      // The query keys the page reads: recorded while it runs, plus its schema's fields. This first
      // visit also does what a first visit may (the survey library adds its templates).
      const params = Object.fromEntries(paramNames.map((name) => [name, realParams[name] ?? 'unknown']));
      const path = withParams(params);
      let role: Role = 'admin';
      let probe = await keysRead(route.module.loader, role, path, params);
      for (const other of ['management', 'marketing'] as const) {
        if (probe.status !== 404) break;
        role = other;
        probe = await keysRead(route.module.loader, role, path, params);
      }
      const keys = new Set(probe.read);
      for (const [pattern, schemas] of schemaFilters) {
        if (!pattern.test(route.file)) continue;
        for (const schema of schemas) for (const key of Object.keys(schema.shape)) keys.add(key);
      }
      keysTried.set(route.pattern, keys);
      const before = await fingerprint();

      for (const payload of payloads) {
        // The path parameters themselves.
        for (const name of paramNames) {
          const hostile = { ...realParams, [name]: payload };
          const status = await statusOf(route.module.loader, role, withParams(hostile), hostile);
          expect(status, `${route.pattern} ${name}=${payload}`).toBeLessThan(500);
        }
        for (const key of keys) {
          const url = `${path}?${new URLSearchParams({ [key]: payload })}`;
          const status = await statusOf(route.module.loader, role, url, params);
          expect(status, `${url} as ${role}`).toBeLessThan(500);
        }
      }
      expect(await fingerprint()).toEqual(before);
    });
  }
});

describe('the filter discovery', () => {
  it('found the search and filter fields of the main lists', () => {
    expect([...(keysTried.get('/clients') ?? [])]).toEqual(expect.arrayContaining(['q']));
    expect(keysTried.get('/analytics/verbatims')?.size).toBeGreaterThan(3);
    expect(keysTried.get('/segments')?.size).toBeGreaterThan(1);
    expect(keysTried.get('/settings/audit')?.size).toBeGreaterThan(1);
    expect(keysTried.get('/loyalty/at-risk')?.size).toBeGreaterThan(1);
  });
});

describe('SQL injection through API query and path parameters', () => {
  const readEndpoints = allEndpoints.filter((endpoint) => endpoint.method === 'GET');

  it(`covers the API's ${readEndpoints.length} read endpoints`, () => {
    expect(readEndpoints.length).toBeGreaterThan(5);
  });

  for (const endpoint of readEndpoints) {
    it(`GET ${endpoint.path}: parameters are data, never SQL`, async () => {
      const admin = await createStaffUser(db, 'admin');
      const access = Object.fromEntries(apiAreas.map((area) => [area, 'read'])) as Record<ApiArea, 'read'>;
      const { token } = await createApiToken({
        input: newApiTokenSchema.parse({ name: `injection ${endpoint.operationId}`, access }),
        actor: { ...admin, role: 'admin', locale: 'en', managerId: null },
        ipAddress: 'test',
      });
      const before = await fingerprint();
      const queryShape = (endpoint.query as unknown as { shape?: Record<string, unknown> } | undefined)
        ?.shape;
      const queryKeys = Object.keys(queryShape ?? {});
      const pathNames = [...endpoint.path.matchAll(/\{(\w+)\}/g)].map((match) => match[1]);
      const fill = (payload: string | null) =>
        endpoint.path.replace(/\{(\w+)\}/g, (_, name: string) =>
          encodeURIComponent(payload ?? realParams[name] ?? '7707083893'),
        );
      for (const payload of payloads) {
        if (pathNames.length > 0) {
          const response = await callApi('GET', `/api/v1${fill(payload)}`, { token });
          expect(response.status, `${endpoint.path} path=${payload}`).toBeLessThan(500);
        }
        for (const key of queryKeys) {
          const url = `/api/v1${fill(null)}?${new URLSearchParams({ [key]: payload })}`;
          const response = await callApi('GET', url, { token });
          expect(response.status, url).toBeLessThan(500);
        }
      }
      expect(await fingerprint()).toEqual(before);
    });
  }
});
