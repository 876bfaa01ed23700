import { eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { foldAllPendingRollups } from '#analytics/aggregations/rollup-folder.ts';
import type { Database } from '#db/client.ts';
import { type ApiArea, apiAreas, apiTokens, auditEvents } from '#db/schema/index.ts';
import { allEndpoints } from '#app/api/openapi.server.ts';
import type { StaffUser } from '#app/auth/session.server.ts';
import {
  type AreaAccess,
  createApiToken,
  newApiTokenSchema,
  revokeApiToken,
} from '#app/models/api-tokens.server.ts';
import { completeResponse } from '#app/models/responses.server.ts';
import { createRespondentFixture, industrialAnswers } from '#tests/factories/responses.ts';
import { createStaffViewer } from '#tests/factories/users.ts';
import { openTestDatabase } from '#tests/setup/test-database.ts';
import { callApiJson } from './api-client.ts';

// Who may call what: every endpoint × anonymous, a revoked token, a token without the endpoint's
// permission; and a token limited to one manager's portfolio (or one unit) never sees, changes or
// counts another portfolio's clients — those answer 404, as they would to a manager in the app.

const allAccess = (level: AreaAccess) =>
  Object.fromEntries(apiAreas.map((area) => [area, level])) as Record<ApiArea, AreaAccess>;

describe('API access', () => {
  let db: Database;
  let admin: StaffUser;
  let own: Awaited<ReturnType<typeof createRespondentFixture>>;
  let other: Awaited<ReturnType<typeof createRespondentFixture>>;
  let fullToken: string;
  let portfolioToken: string;
  let unitToken: string;
  let revokedToken: string;
  const tokenWithout = new Map<string, string>();

  async function token(input: Record<string, unknown>) {
    return (await createApiToken({ input: newApiTokenSchema.parse(input), actor: admin, ipAddress: 'test' }))
      .token;
  }

  beforeAll(async () => {
    ({ db } = await openTestDatabase());
    admin = await createStaffViewer(db, 'admin');
    own = await createRespondentFixture(db);
    other = await createRespondentFixture(db, { wave: own.wave });
    await completeResponse({ token: own.token, answers: industrialAnswers() });
    await completeResponse({ token: other.token, answers: industrialAnswers({ ltr: 2 }) });
    await foldAllPendingRollups(db);

    fullToken = await token({ name: 'full', access: allAccess('write') });
    const scoped = {
      clients: 'write',
      invitations: 'write',
      responses: 'read',
      scores: 'read',
      loyalty: 'read',
    };
    portfolioToken = await token({
      name: 'portfolio',
      access: scoped,
      restriction: 'manager',
      managerId: own.managerId,
    });
    unitToken = await token({ name: 'unit', access: scoped, restriction: 'unit', unitId: own.unitId });
    revokedToken = await token({ name: 'revoked', access: allAccess('write') });
    const [revoked] = await db.select().from(apiTokens).where(eq(apiTokens.name, 'revoked'));
    await revokeApiToken({ id: revoked.id, actor: admin, ipAddress: 'test' });
    for (const area of apiAreas) {
      // Write everywhere else, read only in this area: lacks `${area}:write`.
      tokenWithout.set(
        `${area}:write`,
        await token({ name: `no ${area} write`, access: { ...allAccess('write'), [area]: 'read' } }),
      );
      tokenWithout.set(
        `${area}:read`,
        await token({ name: `no ${area}`, access: { ...allAccess('write'), [area]: 'none' } }),
      );
    }
  });

  const samplePath = (path: string) =>
    `/api/v1${path
      .replace('{inn}', () => own.client.inn)
      .replace('{waveId}', () => own.wave.id)}${path === '/scores' ? '?metric=nps' : ''}`;

  for (const endpoint of allEndpoints) {
    const body = endpoint.method === 'GET' ? undefined : {};
    const name = `${endpoint.method} ${endpoint.path}`;
    it(`${name} answers 401 without a token and with a revoked one`, async () => {
      for (const candidate of [null, revokedToken, 'brm_not-a-real-token-at-all-000000000000000000']) {
        const answer = await callApiJson(endpoint.method, samplePath(endpoint.path), {
          token: candidate,
          body,
        });
        expect(answer.status).toBe(401);
        expect(answer.headers.get('Content-Type')).toBe('application/problem+json');
        expect(answer.headers.get('WWW-Authenticate')).toContain('Bearer');
      }
    });
    it(`${name} answers 403 to a token without ${endpoint.permission}`, async () => {
      const answer = await callApiJson(endpoint.method, samplePath(endpoint.path), {
        token: tokenWithout.get(endpoint.permission),
        body,
      });
      expect(answer.status).toBe(403);
      expect(answer.body.detail).toContain(endpoint.permission);
    });
  }

  it('a portfolio token reads its own client and gets 404 for another portfolio’s', async () => {
    expect(
      (await callApiJson('GET', `/api/v1/clients/${own.client.inn}`, { token: portfolioToken })).status,
    ).toBe(200);
    for (const path of ['', '/contacts', '/products']) {
      const answer = await callApiJson('GET', `/api/v1/clients/${other.client.inn}${path}`, {
        token: portfolioToken,
      });
      expect(answer.status).toBe(404);
      expect(JSON.stringify(answer.body)).not.toContain(other.client.name);
    }
    const list = await callApiJson('GET', '/api/v1/clients', { token: portfolioToken });
    expect((list.body.clients as Array<{ inn: string }>).map((client) => client.inn)).toEqual([
      own.client.inn,
    ]);
    expect(
      (await callApiJson('GET', `/api/v1/clients/${other.client.inn}`, { token: unitToken })).status,
    ).toBe(404);
  });

  it('a portfolio token cannot write another portfolio’s client, contacts, usage or invitations', async () => {
    const contact = await callApiJson('POST', `/api/v1/clients/${other.client.inn}/contacts`, {
      token: portfolioToken,
      body: { fullName: 'Intruder', email: 'x@y.test', role: 'user' },
    });
    expect(contact.status).toBe(404);
    const usage = await callApiJson('PUT', `/api/v1/clients/${other.client.inn}/products`, {
      token: portfolioToken,
      body: { products: [] },
    });
    expect(usage.status).toBe(404);
    const invitation = await callApiJson('POST', '/api/v1/invitations', {
      token: portfolioToken,
      body: { waveId: own.wave.id, contactId: other.contact.id },
    });
    expect(invitation.status).toBe(404);
    const takeover = await callApiJson('POST', '/api/v1/clients', {
      token: portfolioToken,
      body: {
        name: 'Taken over',
        inn: other.client.inn,
        okved2: '24.20',
        regionCode: other.regionCode,
        unitId: other.unitId,
        registeredOn: '2010-01-01',
        revenueRub: 1,
        headcount: 1,
        managerId: own.managerId,
      },
    });
    expect(takeover.status).toBe(404);
    const moved = await callApiJson('POST', '/api/v1/clients', {
      token: portfolioToken,
      body: {
        name: 'Moved away',
        inn: own.client.inn,
        okved2: '24.20',
        regionCode: own.regionCode,
        unitId: own.unitId,
        registeredOn: '2010-01-01',
        revenueRub: 1,
        headcount: 1,
        managerId: other.managerId,
      },
    });
    expect(moved.status).toBe(422);
    expect(moved.body.errors).toEqual([
      {
        field: 'managerId',
        message: "A token limited to a portfolio can only write that manager's clients.",
      },
    ]);
  });

  it('a portfolio token lists, exports and scores only its portfolio’s responses', async () => {
    const responses = await callApiJson('GET', '/api/v1/responses', { token: portfolioToken });
    expect((responses.body.responses as Array<{ clientId: string }>).map((row) => row.clientId)).toEqual([
      own.client.id,
    ]);
    const all = await callApiJson('GET', '/api/v1/responses', { token: fullToken });
    expect(all.body.responses).toHaveLength(2);

    const byManager = await callApiJson('GET', '/api/v1/scores?metric=nps&by=manager', {
      token: portfolioToken,
    });
    const keys = (byManager.body.cells as Array<{ keys: { manager: string } }>).map(
      (cell) => cell.keys.manager,
    );
    expect(keys).toEqual([own.managerId]);
    // Asking for the other manager by filter changes nothing: the token's scope wins.
    const asked = await callApiJson(
      'GET',
      `/api/v1/scores?metric=nps&by=manager&managerId=${other.managerId}`,
      {
        token: portfolioToken,
      },
    );
    expect(
      (asked.body.cells as Array<{ keys: { manager: string } }>).map((cell) => cell.keys.manager),
    ).toEqual([own.managerId]);
  });

  it('a portfolio or unit token reads only its own clients’ loyalty states and risks', async () => {
    for (const scopedToken of [portfolioToken, unitToken]) {
      const feed = await callApiJson('GET', '/api/v1/loyalty', { token: scopedToken });
      expect((feed.body.items as Array<{ clientId: string }>).map((item) => item.clientId)).toEqual([
        own.client.id,
      ]);
      const atRisk = await callApiJson('GET', '/api/v1/loyalty/at-risk', { token: scopedToken });
      expect(JSON.stringify(atRisk.body)).not.toContain(other.client.id);
    }
    const everyone = await callApiJson('GET', '/api/v1/loyalty', { token: fullToken });
    expect(everyone.body.items).toHaveLength(2);
    // The other client's detractor makes it the company's account at risk.
    const atRisk = await callApiJson('GET', '/api/v1/loyalty/at-risk', { token: fullToken });
    expect(
      (atRisk.body.accounts as Array<{ clientId: string }>).map((account) => account.clientId),
    ).toContain(other.client.id);
  });

  it('refuses waves to a token limited to a portfolio', () => {
    const parsed = newApiTokenSchema.safeParse({
      name: 'x',
      access: { waves: 'read' },
      restriction: 'manager',
      managerId: own.managerId,
    });
    expect(parsed.success).toBe(false);
    expect(parsed.error?.issues.map((issue) => issue.path.join('.'))).toContain('access.waves');
  });

  it('limits each token’s rate with 429 and Retry-After, and records use', async () => {
    const slow = await token({ name: 'slow', access: { scores: 'read' }, ratePerMinute: 2 });
    const statuses = [];
    let retryAfter: string | null = null;
    for (let call = 0; call < 3; call++) {
      const answer = await callApiJson('GET', '/api/v1/scores?metric=nps', { token: slow });
      statuses.push(answer.status);
      if (answer.status === 429) retryAfter = answer.headers.get('Retry-After');
    }
    expect(statuses).toEqual([200, 200, 429]);
    expect(Number(retryAfter)).toBeGreaterThanOrEqual(1);
    expect(Number(retryAfter)).toBeLessThanOrEqual(30);

    const [row] = await db.select().from(apiTokens).where(eq(apiTokens.name, 'slow'));
    expect(row.lastUsedAt).not.toBeNull();
    const used = await db.select().from(auditEvents).where(eq(auditEvents.entityId, row.id));
    // Created once, used three times within the hour: one "used" line.
    expect(used.map((event) => event.action).sort()).toEqual(['api_token_created', 'api_token_used']);
  });

  it('answers unknown API paths and methods as problems', async () => {
    const unknown = await callApiJson('GET', '/api/v1/nothing-here', { token: fullToken });
    expect(unknown.status).toBe(404);
    expect(unknown.headers.get('Content-Type')).toBe('application/problem+json');
    const method = await callApiJson('DELETE', '/api/v1/clients', { token: fullToken });
    expect(method.status).toBe(405);
    expect(method.headers.get('Allow')).toBe('GET, POST');
    const notJson = await callApiJson('POST', '/api/v1/clients', {
      token: fullToken,
      body: 'inn=1',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
    });
    expect(notJson.status).toBe(415);
    const broken = await callApiJson('POST', '/api/v1/clients', { token: fullToken, body: '{"inn":' });
    expect(broken.body.errors).toEqual([{ field: 'body', message: 'Not valid JSON.' }]);
  });
});
