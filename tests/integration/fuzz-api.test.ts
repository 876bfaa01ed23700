import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { createApiToken, newApiTokenSchema } from '#app/models/api-tokens.server.ts';
import type { Database } from '#db/client.ts';
import { kpis } from '#db/schema/index.ts';
import { nextInn } from '#tests/factories/clients.ts';
import { createManager, createRegion, createUnit } from '#tests/factories/reference.ts';
import { createSurveyVersion, ensureProducts } from '#tests/factories/responses.ts';
import { createStaffViewer } from '#tests/factories/users.ts';
import { openTestDatabase } from '#tests/setup/test-database.ts';
import { tableFingerprints } from '#tests/support/table-fingerprints.ts';
import { callApi } from './api-client.ts';

// Property-based fuzzing of the REST API (issue #7, "bad input"): arbitrary JSON bodies to every
// write endpoint and arbitrary query strings to every list endpoint are answered with a 2xx or a
// problem+json 4xx that names the fields to correct — never a 5xx (which serveApi also logs with
// console.error, failing the test) — and a refusal writes nothing. The seed is fixed for CI; on a
// failure fast-check prints it with the shrunk counterexample.

const SEED = 7_041;
const runs = (numRuns: number) => ({ seed: SEED, numRuns, endOnFailure: true });

let db: Database;
let token: string;
let inn: string;
let contactId: string;
let waveId: string;
let managerEmail: string;
const fixture = {
  regionCode: '',
  unitId: '',
  managerId: '',
  surveyVersionId: '',
};

beforeAll(async () => {
  ({ db } = await openTestDatabase());
  const admin = await createStaffViewer(db, 'admin');
  const region = await createRegion(db);
  const unit = await createUnit(db);
  const manager = await createManager(db, { unitId: unit.id });
  managerEmail = manager.email;
  Object.assign(fixture, {
    regionCode: region.code,
    unitId: unit.id,
    managerId: manager.id,
    surveyVersionId: (await createSurveyVersion(db)).id,
  });
  await ensureProducts(db, ['pipes']);
  await db
    .insert(kpis)
    .values({ code: 'commission_income', nameEn: 'Commission', nameRu: 'Комиссия', unit: 'RUB' })
    .onConflictDoNothing();
  token = (
    await createApiToken({
      input: newApiTokenSchema.parse({
        name: 'Fuzz',
        ratePerMinute: 10_000,
        access: {
          clients: 'write',
          waves: 'write',
          invitations: 'write',
          responses: 'read',
          scores: 'read',
          loyalty: 'read',
          kpis: 'write',
        },
      }),
      actor: admin,
      ipAddress: 'test',
    })
  ).token;

  inn = nextInn();
  const created = await callApiJsonOk('POST', '/api/v1/clients', validBodies.client());
  expect(created.created).toBe(true);
  contactId = (await callApiJsonOk('POST', `/api/v1/clients/${inn}/contacts`, validBodies.contact())).contact
    .id;
  waveId = (await callApiJsonOk('POST', '/api/v1/waves', validBodies.wave())).id;
});

// biome-ignore lint/suspicious/noExplicitAny: parsed JSON of a call the fixture expects to succeed
async function callApiJsonOk(method: string, path: string, body: unknown): Promise<any> {
  const response = await callApi(method, path, { token, body });
  const text = await response.text();
  if (response.status >= 300) throw new Error(`${method} ${path}: ${response.status} ${text}`);
  return JSON.parse(text);
}

/** A valid body for each write endpoint: what the mutations start from. */
const validBodies = {
  client: (): Record<string, unknown> => ({
    name: 'ООО «Фазз»',
    inn,
    okved2: '24.20',
    regionCode: fixture.regionCode,
    unitId: fixture.unitId,
    registeredOn: '2012-05-04',
    revenueRub: 1_500_000_000,
    headcount: 200,
    managerId: fixture.managerId,
  }),
  contact: (): Record<string, unknown> => ({
    fullName: 'Контакт',
    email: 'buyer@fuzz.test',
    role: 'decision_maker',
    language: 'ru',
  }),
  products: (): Record<string, unknown> => ({
    products: [{ code: 'pipes', since: '2020-01-01', incomeRub: 12_000_000 }],
  }),
  wave: (): Record<string, unknown> => ({
    name: 'Fuzz wave',
    surveyVersionId: fixture.surveyVersionId,
    sendFrom: new Date(Date.now() + 86_400_000).toISOString(),
    sendUntil: new Date(Date.now() + 15 * 86_400_000).toISOString(),
    expiresAt: new Date(Date.now() + 22 * 86_400_000).toISOString(),
    reminderAfterDays: 5,
    reminderMax: 1,
    audience: { units: [fixture.unitId] },
  }),
  invitation: (): Record<string, unknown> => ({ waveId, contactId, sendEmail: false }),
  kpiActuals: (): Record<string, unknown> => ({
    actuals: [{ managerEmail, kpi: 'commission_income', month: '2026-10', value: 1_250_000 }],
  }),
};

const writeEndpoints: Array<{ method: string; path: () => string; body: () => Record<string, unknown> }> = [
  { method: 'POST', path: () => '/api/v1/clients', body: validBodies.client },
  { method: 'POST', path: () => `/api/v1/clients/${inn}/contacts`, body: validBodies.contact },
  { method: 'PUT', path: () => `/api/v1/clients/${inn}/products`, body: validBodies.products },
  { method: 'POST', path: () => '/api/v1/waves', body: validBodies.wave },
  { method: 'POST', path: () => '/api/v1/invitations', body: validBodies.invitation },
  { method: 'POST', path: () => '/api/v1/kpi-actuals', body: validBodies.kpiActuals },
];

const listEndpoints: Array<{ path: string; parameters: string[] }> = [
  { path: '/api/v1/clients', parameters: ['after', 'limit'] },
  { path: '/api/v1/responses', parameters: ['waveId', 'completedSince', 'cursor', 'limit'] },
  { path: '/api/v1/responses/export', parameters: ['waveId', 'completedSince'] },
  {
    path: '/api/v1/scores',
    parameters: [
      'metric',
      'by',
      'waveId',
      'size',
      'section',
      'region',
      'unitId',
      'managerId',
      'attribute',
      'vip',
    ],
  },
  { path: '/api/v1/loyalty', parameters: ['waveId', 'cursor', 'limit'] },
  { path: '/api/v1/loyalty/at-risk', parameters: ['limit', 'unitId', 'managerId'] },
  { path: '/api/v1/waves', parameters: ['status', 'limit', 'cursor'] },
  { path: '/api/v1/products', parameters: ['limit'] },
  { path: `/api/v1/clients/{inn}/contacts`, parameters: [] },
  { path: '/api/v1/survey-versions', parameters: [] },
];

// ------------------------------------------------------------------------------------------------
// Arbitraries

const prototypeKeys = ['__proto__', 'constructor', 'prototype'];

const awkwardText = fc.oneof(
  fc.string({ maxLength: 30 }),
  fc.string({ unit: 'binary', maxLength: 20 }),
  fc.constantFrom('', ' ', '\u0000', 'a\u0000b', '\ud800', '😀', "' OR 1=1 --", '-1', '1e309', 'NaN', 'null'),
  fc.integer({ min: 1_000, max: 300_000 }).map((length) => 'x'.repeat(length)),
);

const awkwardNumber = fc.oneof(
  fc.integer(),
  fc.double({ noNaN: true }),
  fc.constantFrom(-0, -1, 0, 1e308, Number.MAX_SAFE_INTEGER + 2, 0.001, 2 ** 31),
);

const junkValue: fc.Arbitrary<unknown> = fc.letrec((tie) => ({
  value: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    awkwardNumber,
    awkwardText,
    fc.boolean(),
    fc.constant(null),
    fc.array(tie('value'), { maxLength: 3 }),
    fc.dictionary(fc.oneof(fc.string({ maxLength: 10 }), fc.constantFrom(...prototypeKeys)), tie('value'), {
      maxKeys: 3,
    }),
  ),
})).value;

/** Replaces, drops or adds fields of a valid body; arrays' first item is mutated the same way. */
function mutate(valid: Record<string, unknown>) {
  const names = [...Object.keys(valid), ...prototypeKeys, 'unexpected'];
  return fc
    .tuple(
      fc.dictionary(fc.constantFrom(...names), junkValue, { maxKeys: 3 }),
      fc.subarray(Object.keys(valid)),
    )
    .map(([replaced, dropped]) => {
      const body: Record<string, unknown> = structuredClone(valid);
      for (const name of dropped) delete body[name];
      for (const [name, value] of Object.entries(replaced)) {
        Object.defineProperty(body, name, { value, enumerable: true, writable: true, configurable: true });
      }
      return body;
    });
}

/** A valid body but for one field, which gets awkward text or a value of another type. */
function mutateOne(valid: Record<string, unknown>) {
  return fc
    .tuple(fc.constantFrom(...Object.keys(valid)), fc.oneof({ weight: 3, arbitrary: awkwardText }, junkValue))
    .map(([name, value]) => ({ ...structuredClone(valid), [name]: value }));
}

function mutateNested(valid: Record<string, unknown>) {
  const [listName] = Object.keys(valid);
  const [item] = valid[listName] as Array<Record<string, unknown>>;
  return fc.oneof(mutate(item), mutateOne(item)).map((mutated) => ({ [listName]: [item, mutated] }));
}

/** A body as sent: JSON of a mutated valid body, any JSON, or text that is not JSON. */
const bodyFor = (endpoint: (typeof writeEndpoints)[number]) => {
  const valid = endpoint.body();
  const nested = Array.isArray(Object.values(valid)[0]);
  return fc.oneof(
    { weight: 3, arbitrary: mutate(valid).map((body) => JSON.stringify(body)) },
    { weight: 4, arbitrary: mutateOne(valid).map((body) => JSON.stringify(body)) },
    ...(nested ? [{ weight: 4, arbitrary: mutateNested(valid).map((body) => JSON.stringify(body)) }] : []),
    { weight: 1, arbitrary: junkValue.map((value) => JSON.stringify(value) ?? '') },
    { weight: 1, arbitrary: fc.string({ maxLength: 40 }) },
  );
};

const queryValue = fc.oneof(
  fc.constantFrom('1', '0', '500', '501', '-1', 'true', 'nps', 'size', 'region', 'large', 'C', 'RU-MOW'),
  fc.uuid(),
  fc.constant('2026-01-01T00:00:00Z'),
  awkwardText.filter((text) => text.length < 2_000),
);

const queryFor = (parameters: string[]) =>
  fc
    .array(
      fc.tuple(
        fc.oneof(
          { weight: 4, arbitrary: fc.constantFrom(...parameters, 'limit') },
          { weight: 1, arbitrary: fc.oneof(fc.string({ maxLength: 8 }), fc.constantFrom(...prototypeKeys)) },
        ),
        queryValue,
      ),
      { maxLength: 5 },
    )
    .map((pairs) => new URLSearchParams(pairs).toString());

/** A lone surrogate cannot be percent-encoded into a URL at all, so no client can send it. */
function encodable(text: string): boolean {
  try {
    encodeURIComponent(text);
    return true;
  } catch {
    return false;
  }
}

// ------------------------------------------------------------------------------------------------
// Checks

/** Every table an API write can touch, each as one fingerprint of its rows. */
const writtenTables = [
  'clients',
  'contacts',
  'client_products',
  'manager_assignments',
  'waves',
  'invitations',
  'mail_messages',
  'kpi_actuals',
];
const writtenState = () => tableFingerprints(db, writtenTables);

interface Problem {
  type?: string;
  title?: string;
  status?: number;
  detail?: string;
  errors?: Array<{ field?: string; message?: string }>;
}

async function expectWellFormedAnswer(response: Response): Promise<Problem | undefined> {
  expect(response.status, 'never a 5xx').toBeLessThan(500);
  expect(response.status).toBeGreaterThanOrEqual(200);
  const text = await response.text();
  if (response.status < 400) return undefined;
  expect(response.headers.get('Content-Type')).toBe('application/problem+json');
  const problem = JSON.parse(text) as Problem;
  expect(problem).toMatchObject({
    type: expect.any(String),
    title: expect.any(String),
    status: response.status,
  });
  if (response.status === 400 || response.status === 422) {
    expect(
      problem.errors?.length,
      `${response.status} lists the fields: ${text.slice(0, 300)}`,
    ).toBeGreaterThan(0);
    for (const error of problem.errors ?? []) {
      expect(error.field, `an error names its field: ${JSON.stringify(error)}`).toBeTruthy();
      expect(error.message).toBeTruthy();
    }
  } else {
    expect(problem.detail ?? problem.title, 'a refusal says why').toBeTruthy();
  }
  return problem;
}

// ------------------------------------------------------------------------------------------------

describe('fuzzing the REST API', () => {
  it('refuses text the database cannot store in any body field or query parameter, naming it', async () => {
    const unstorable = fc.constantFrom('a\u0000b', '\u0000', 'x\ud800y', '\udfff');
    const bodyCase = fc.constantFrom(...writeEndpoints).chain((endpoint) => {
      const valid = endpoint.body();
      const [listName] = Object.keys(valid);
      const list = valid[listName];
      const fields = Array.isArray(list)
        ? Object.keys(list[0] as object).map((name) => [listName, '0', name])
        : Object.keys(valid).map((name) => [name]);
      return fc.tuple(fc.constant(endpoint), fc.constantFrom(...fields), unstorable);
    });
    await fc.assert(
      fc.asyncProperty(bodyCase, async ([endpoint, path, text]) => {
        const body = structuredClone(endpoint.body());
        let target: Record<string, unknown> = body;
        for (const step of path.slice(0, -1)) target = target[step] as Record<string, unknown>;
        target[path[path.length - 1]] = text;
        const before = await writtenState();
        const response = await callApi(endpoint.method, endpoint.path(), { token, body });
        const problem = await expectWellFormedAnswer(response);
        expect(response.status).toBe(400);
        expect(problem?.errors?.map((error) => error.field)).toContain(path.join('.'));
        expect(await writtenState()).toEqual(before);
      }),
      runs(40),
    );
    for (const parameter of ['region', 'attribute']) {
      const response = await callApi('GET', `/api/v1/scores?metric=nps&${parameter}=a%00b`, { token });
      const problem = await expectWellFormedAnswer(response);
      expect(problem?.errors).toEqual([expect.objectContaining({ field: `query.${parameter}` })]);
    }
  });
  for (const endpoint of writeEndpoints) {
    it(`answers arbitrary bodies to ${endpoint.method} ${endpoint.path().replace(inn, '{inn}')} with 2xx or a named 4xx, writing nothing on refusal`, async () => {
      await fc.assert(
        fc.asyncProperty(bodyFor(endpoint), async (body) => {
          const before = await writtenState();
          const response = await callApi(endpoint.method, endpoint.path(), { token, body });
          const problem = await expectWellFormedAnswer(response);
          if (problem) expect(await writtenState(), 'a refusal writes nothing').toEqual(before);
        }),
        runs(100),
      );
    });
  }

  it('answers arbitrary query strings to the list endpoints with 2xx or a named 4xx', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc
          .constantFrom(...listEndpoints)
          .chain((endpoint) =>
            fc.tuple(fc.constant(endpoint.path.replace('{inn}', inn)), queryFor(endpoint.parameters)),
          ),
        async ([path, query]) => {
          const before = await writtenState();
          const response = await callApi('GET', `${path}?${query}`, { token });
          await expectWellFormedAnswer(response);
          expect(await writtenState(), 'reading writes nothing').toEqual(before);
        },
      ),
      runs(300),
    );
  });

  it('answers arbitrary path parameters with 2xx or a named 4xx', async () => {
    const paths = [
      (value: string) => `/api/v1/clients/${value}`,
      (value: string) => `/api/v1/clients/${value}/contacts`,
      (value: string) => `/api/v1/waves/${value}`,
      (value: string) => `/api/v1/waves/${value}/launch`,
      (value: string) => `/api/v1/waves/${value}/close`,
    ];
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...paths),
        fc.oneof(
          fc.uuid(),
          fc.constant(inn),
          awkwardText.filter((text) => text.length < 500 && encodable(text)),
        ),
        fc.constantFrom('GET', 'POST'),
        async (pathOf, value, method) => {
          const before = await writtenState();
          const path = pathOf(encodeURIComponent(value) || '%20');
          const response = await callApi(method, path, { token, body: method === 'POST' ? {} : undefined });
          const problem = await expectWellFormedAnswer(response);
          if (problem) expect(await writtenState()).toEqual(before);
        },
      ),
      runs(100),
    );
  });
});
