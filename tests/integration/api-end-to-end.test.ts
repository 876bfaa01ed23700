import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { foldAllPendingRollups } from '#analytics/aggregations/rollup-folder.ts';
import type { Database } from '#db/client.ts';
import { invitations, kpiActuals, kpis, mailMessages, managers } from '#db/schema/index.ts';
import { allEndpoints } from '#app/api/openapi.server.ts';
import { createApiToken, newApiTokenSchema } from '#app/models/api-tokens.server.ts';
import { createSubscription } from '#app/models/webhooks.server.ts';
import * as respondentAnswers from '#app/routes/s.$token_.answers.ts';
import { dispatchDueWebhooks } from '#app/webhooks/dispatcher.server.ts';
import { getTemplate } from '#surveys/templates/index.ts';
import { verifySignature } from '#app/webhooks/signature.ts';
import { nextInn } from '#tests/factories/clients.ts';
import { createManager, createRegion, createUnit } from '#tests/factories/reference.ts';
import { createSurveyVersion, ensureProducts, industrialAnswers } from '#tests/factories/responses.ts';
import { createStaffViewer } from '#tests/factories/users.ts';
import { openTestDatabase } from '#tests/setup/test-database.ts';
import { callApi, callApiJson } from './api-client.ts';

// The acceptance path of the integration surface: a CRM creates clients and contacts by API, a wave
// is created and launched by API, respondents answer through the respondent endpoint, a receiver
// gets the signed webhooks over real HTTP, and the score is read back by API — with suppression.

// biome-ignore lint/suspicious/noExplicitAny: parsed JSON answers, checked against their schemas by documented()
type Json = any;

interface Received {
  headers: IncomingHttpHeaders;
  body: string;
}

/** Every answer must match the schema its endpoint publishes in the OpenAPI document. */
function documented(operationId: string, body: unknown) {
  const endpoint = allEndpoints.find((candidate) => candidate.operationId === operationId);
  if (!endpoint) throw new Error(`no endpoint ${operationId}`);
  const parsed = endpoint.response.safeParse(body);
  if (!parsed.success) throw new Error(`${operationId} answer off its schema: ${parsed.error.message}`);
  return body as Record<string, Json>;
}

describe('the REST API end to end', () => {
  let db: Database;
  let token: string;
  let secret: string;
  let server: Server;
  const received: Received[] = [];
  let unitId: string;
  let managerId: string;
  let regionCode: string;
  let surveyVersionId: string;
  let waveId: string;
  const inns: string[] = [];

  beforeAll(async () => {
    ({ db } = await openTestDatabase());
    const admin = await createStaffViewer(db, 'admin');
    const region = await createRegion(db);
    const unit = await createUnit(db);
    const manager = await createManager(db, { unitId: unit.id });
    regionCode = region.code;
    unitId = unit.id;
    managerId = manager.id;
    await ensureProducts(db, ['pipes']);
    surveyVersionId = (await createSurveyVersion(db, { template: 'industrial-relationship' })).id;

    token = (
      await createApiToken({
        input: newApiTokenSchema.parse({
          name: 'CRM',
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

    server = createServer((request, response) => {
      let body = '';
      request.on('data', (chunk) => {
        body += chunk;
      });
      request.on('end', () => {
        received.push({ headers: request.headers, body });
        response.writeHead(204).end();
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    secret = (
      await createSubscription({
        input: {
          url: `http://127.0.0.1:${port}/barometer-hooks`,
          events: ['response.completed', 'follow_up.created'],
          description: 'CRM',
        },
        actor: admin,
        ipAddress: 'test',
      })
    ).secret;
    // A second receiver of the slower events, so the first one's counts above stay exact.
    await createSubscription({
      input: {
        url: `http://127.0.0.1:${port}/barometer-hooks/lifecycle`,
        events: ['wave.finished', 'loyalty_state.changed'],
        description: 'BI',
      },
      actor: admin,
      ipAddress: 'test',
    });
  });

  afterAll(async () => {
    await new Promise((resolve) => server?.close(resolve));
  });

  it('creates clients with contacts and product usage, upserting by INN', async () => {
    for (let index = 0; index < 6; index++) {
      const inn = nextInn();
      inns.push(inn);
      const created = await callApiJson('POST', '/api/v1/clients', {
        token,
        body: {
          name: `ООО «Поставщик ${index}»`,
          inn,
          okved2: '24.20',
          regionCode,
          unitId,
          registeredOn: '2012-05-04',
          revenueRub: 1_500_000_000,
          headcount: 200,
          managerId,
        },
      });
      expect(created.status).toBe(201);
      expect(documented('upsertClient', created.body).created).toBe(true);
      const contact = await callApiJson('POST', `/api/v1/clients/${inn}/contacts`, {
        token,
        body: {
          fullName: `Контакт ${index}`,
          email: `buyer${index}@supplier${index}.test`,
          // One finance contact: a segment of one, which the scores must suppress.
          role: index === 0 ? 'finance' : 'decision_maker',
          language: 'ru',
        },
      });
      expect(contact.status).toBe(201);
      const usage = await callApiJson('PUT', `/api/v1/clients/${inn}/products`, {
        token,
        body: { products: [{ code: 'pipes', since: '2020-01-01', incomeRub: 12_000_000 }] },
      });
      expect(usage.status).toBe(200);
      expect(documented('replaceProductUsage', usage.body).products).toEqual([
        { code: 'pipes', since: '2020-01-01', incomeRub: 12_000_000, volumeRub: null },
      ]);
    }

    const renamed = await callApiJson('POST', '/api/v1/clients', {
      token,
      body: {
        name: 'ООО «Поставщик 0» (переименован)',
        inn: inns[0],
        okved2: '24.20',
        regionCode,
        unitId,
        registeredOn: '2012-05-04',
        revenueRub: 1_500_000_000,
        headcount: 200,
        managerId,
      },
    });
    expect(renamed.status).toBe(200);
    expect(renamed.body).toMatchObject({
      created: false,
      client: { inn: inns[0], name: 'ООО «Поставщик 0» (переименован)' },
    });

    const fetched = await callApiJson('GET', `/api/v1/clients/${inns[1]}`, { token });
    expect(documented('getClient', fetched.body)).toMatchObject({
      inn: inns[1],
      sizeSegment: 'medium',
      unitId,
    });
  });

  it('refuses a client with a bad INN and names the field', async () => {
    const refused = await callApiJson('POST', '/api/v1/clients', {
      token,
      body: {
        name: 'X',
        inn: '1234567890',
        okved2: '99.99.99.9',
        regionCode,
        unitId,
        registeredOn: '2012',
        revenueRub: -1,
        headcount: 1,
      },
    });
    expect(refused.status).toBe(400);
    expect(refused.headers.get('Content-Type')).toBe('application/problem+json');
    const fields = (refused.body.errors as Array<{ field: string; message: string }>).map(
      (error) => error.field,
    );
    expect(fields).toEqual(expect.arrayContaining(['inn', 'okved2', 'registeredOn', 'revenueRub']));
    expect(refused.body.errors).toContainEqual({
      field: 'inn',
      message: 'Not a valid INN: 10 or 12 digits with correct check digits.',
    });
  });

  it('refuses an update naming an unknown region, as the staff form does, and changes nothing', async () => {
    const refused = await callApiJson('POST', '/api/v1/clients', {
      token,
      body: {
        name: 'Must not be stored',
        inn: inns[0],
        okved2: '24.20',
        regionCode: 'no-such-region',
        unitId,
        registeredOn: '2012-05-04',
        revenueRub: 1_500_000_000,
        headcount: 200,
        managerId,
      },
    });
    expect(refused.status).toBe(422);
    expect(refused.body.errors.map((error: { field: string }) => error.field)).toEqual(['regionCode']);
    const unchanged = await callApiJson('GET', `/api/v1/clients/${inns[0]}`, { token });
    expect(unchanged.body).toMatchObject({ name: 'ООО «Поставщик 0» (переименован)', regionCode });
  });

  it('creates and launches a wave by API and reports its status', async () => {
    const versions = await callApiJson('GET', '/api/v1/survey-versions', { token });
    expect(
      documented('listSurveyVersions', versions.body).surveyVersions.map((row: { id: string }) => row.id),
    ).toContain(surveyVersionId);
    const now = Date.now();
    const created = await callApiJson('POST', '/api/v1/waves', {
      token,
      body: {
        name: 'Supplier satisfaction, API',
        surveyVersionId,
        sendFrom: new Date(now).toISOString(),
        sendUntil: new Date(now + 14 * 86_400_000).toISOString(),
        expiresAt: new Date(now + 21 * 86_400_000).toISOString(),
        reminderAfterDays: 5,
        reminderMax: 1,
        audience: { units: [unitId] },
      },
    });
    expect(created.status).toBe(201);
    waveId = documented('createWave', created.body).id;

    const draft = await callApiJson('GET', `/api/v1/waves/${waveId}`, { token });
    expect(documented('getWave', draft.body)).toMatchObject({ status: 'draft', funnel: null });

    const launched = await callApiJson('POST', `/api/v1/waves/${waveId}/launch`, { token });
    expect(launched.status).toBe(200);
    expect(documented('launchWave', launched.body)).toMatchObject({ invitations: 6, clients: 6 });

    const again = await callApiJson('POST', `/api/v1/waves/${waveId}/launch`, { token });
    expect(again.status).toBe(409);
    expect(again.body.detail).toBe('The wave has already been launched.');

    const running = await callApiJson('GET', `/api/v1/waves/${waveId}`, { token });
    expect(documented('getWave', running.body)).toMatchObject({
      status: 'running',
      funnel: { invited: 6, completed: 0 },
    });
  });

  it('delivers signed webhooks for completed responses and follow-ups, each once', async () => {
    const mails = await db
      .select({ text: mailMessages.textBody })
      .from(mailMessages)
      .innerJoin(invitations, eq(invitations.id, mailMessages.invitationId))
      .where(eq(invitations.waveId, waveId));
    const links = [
      ...new Set(
        mails.flatMap((mail) =>
          [...mail.text.matchAll(/\/s\/([A-Za-z0-9_-]{43})/g)].map((match) => match[1]),
        ),
      ),
    ];
    expect(links).toHaveLength(6);
    for (const [index, linkToken] of links.entries()) {
      const response = await respondentAnswers.action({
        request: new Request(`http://localhost/s/${linkToken}/answers`, {
          method: 'POST',
          headers: { 'Content-Type': 'application/json' },
          // One detractor: its follow-up is an event of its own.
          body: JSON.stringify({ answers: industrialAnswers({ ltr: index === 0 ? 3 : 9 }), complete: true }),
        }),
        params: { token: linkToken },
        context: {},
      });
      expect(response.status, await response.clone().text()).toBe(200);
    }

    const outcome = await dispatchDueWebhooks();
    expect(outcome).toMatchObject({ claimed: 7, delivered: 7, retried: 0, failed: 0 });
    expect(received).toHaveLength(7);
    for (const delivery of received) {
      expect(
        verifySignature({
          secret,
          header: delivery.headers['barometer-signature'] as string,
          body: delivery.body,
        }),
      ).toBe(true);
      expect(
        verifySignature({
          secret: 'not-the-secret',
          header: delivery.headers['barometer-signature'] as string,
          body: delivery.body,
        }),
      ).toBe(false);
      const event = JSON.parse(delivery.body);
      expect(delivery.headers['barometer-event-id']).toBe(event.id);
      expect(delivery.headers['content-type']).toBe('application/json');
    }
    const events = received.map((delivery) => JSON.parse(delivery.body));
    const completed = events.filter((event) => event.type === 'response.completed');
    expect(completed).toHaveLength(6);
    expect(new Set(completed.map((event) => event.data.clientInn))).toEqual(new Set(inns));
    expect(completed[0].data).toMatchObject({
      waveId,
      scores: expect.arrayContaining([expect.objectContaining({ metric: 'nps' })]),
    });
    const followUps = events.filter((event) => event.type === 'follow_up.created');
    expect(followUps).toHaveLength(1);
    expect(followUps[0].data).toMatchObject({ reason: 'detractor', managerId });

    // Delivered means done: another pass sends nothing again.
    expect(await dispatchDueWebhooks()).toMatchObject({ claimed: 0 });
    expect(received).toHaveLength(7);
  });

  it('invites one more contact by API and returns the personal link', async () => {
    const contact = await callApiJson('POST', `/api/v1/clients/${inns[2]}/contacts`, {
      token,
      body: { fullName: 'Сервисный контакт', email: 'service@supplier2.test', role: 'user', language: 'en' },
    });
    const invited = await callApiJson('POST', '/api/v1/invitations', {
      token,
      body: { waveId, contactId: contact.body.contact.id, sendEmail: true },
    });
    expect(invited.status).toBe(201);
    expect(documented('createInvitation', invited.body)).toMatchObject({ emailQueued: true });
    // The same mail as a launch sends: the survey named in the contact's language, the link in it.
    const mails = await db
      .select({ subject: mailMessages.subject, textBody: mailMessages.textBody })
      .from(mailMessages)
      .where(eq(mailMessages.toAddress, 'service@supplier2.test'));
    expect(mails).toHaveLength(1);
    expect(mails[0].subject).toBe(getTemplate('industrial-relationship')!.titleEn);
    expect(mails[0].textBody).toContain(invited.body.link);
    const linkToken = new URL(invited.body.link).pathname.split('/')[2];
    const twice = await callApiJson('POST', '/api/v1/invitations', {
      token,
      body: { waveId, contactId: contact.body.contact.id },
    });
    expect(twice.status).toBe(409);
    expect(twice.body.errors).toEqual([
      { field: 'contactId', message: 'The contact is already invited to this wave.' },
    ]);

    const response = await respondentAnswers.action({
      request: new Request(`http://localhost/s/${linkToken}/answers`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ answers: industrialAnswers({ ltr: 10 }), complete: true }),
      }),
      params: { token: linkToken },
      context: {},
    });
    expect(response.status).toBe(200);
    expect(await dispatchDueWebhooks()).toMatchObject({ delivered: 1 });
  });

  it('reads the score by API with the dashboards’ suppression', async () => {
    // The background folder's work, done here at once.
    await foldAllPendingRollups(db);
    const overall = await callApiJson('GET', `/api/v1/scores?metric=nps&waveId=${waveId}`, { token });
    expect(overall.status).toBe(200);
    const [cell] = documented('getScores', overall.body).cells;
    // Six promoters (9, 9, 9, 9, 9, 10) and one detractor (3) of seven: NPS = (6 − 1) / 7.
    expect(cell.n).toBe(7);
    expect(cell.value).toBeCloseTo((100 * 5) / 7, 6);
    expect(cell.suppressed).toBe(false);

    const byRole = await callApiJson('GET', `/api/v1/scores?metric=nps&waveId=${waveId}&by=contactRole`, {
      token,
    });
    const cells = documented('getScores', byRole.body).cells as Array<Record<string, Json>>;
    expect(cells.find((row) => row.keys.contactRole === 'finance')).toEqual({
      keys: { contactRole: 'finance' },
      n: null,
      value: null,
      ci95: null,
      suppressed: true,
      lowBase: true,
    });

    const unknownMetric = await callApiJson('GET', '/api/v1/scores?metric=loyalty', { token });
    expect(unknownMetric.status).toBe(400);
    expect(unknownMetric.body.errors).toEqual([{ field: 'query.metric', message: 'Unknown value.' }]);
    const threeDimensions = await callApiJson('GET', '/api/v1/scores?metric=nps&by=size&by=unit&by=wave', {
      token,
    });
    expect(threeDimensions.body.errors).toEqual([{ field: 'query.by', message: 'At most two dimensions.' }]);
  });

  it('closes the wave by API and tells subscribers the wave finished and loyalty states changed', async () => {
    received.length = 0;
    const closed = await callApiJson('POST', `/api/v1/waves/${waveId}/close`, { token });
    expect(documented('closeWave', closed.body)).toEqual({ closed: true });
    await dispatchDueWebhooks();
    const events = received.map((delivery) => JSON.parse(delivery.body));
    expect(
      events.filter((event) => event.type === 'wave.finished').map((event) => event.data.waveId),
    ).toEqual([waveId]);
    // The fold measured the six clients for the first time: each entered the feed with a state.
    const changes = events.filter((event) => event.type === 'loyalty_state.changed');
    expect(changes.length).toBeGreaterThanOrEqual(6);
    expect(changes[0].data).toMatchObject({ from: null, to: expect.any(String) });
    const status = await callApiJson('GET', `/api/v1/waves/${waveId}`, { token });
    expect(status.body.status).toBe('closed');
  });

  it('reads loyalty states and the at-risk list by API', async () => {
    const feed = await callApiJson('GET', '/api/v1/loyalty?limit=4', { token });
    expect(feed.status).toBe(200);
    const first = documented('listLoyaltyStates', feed.body);
    expect(first.items).toHaveLength(4);
    const rest = await callApiJson('GET', `/api/v1/loyalty?limit=4&cursor=${first.nextCursor}`, { token });
    const clients = [...first.items, ...documented('listLoyaltyStates', rest.body).items];
    expect(new Set(clients.map((item: { inn: string }) => item.inn))).toEqual(new Set(inns));
    const atRisk = await callApiJson('GET', '/api/v1/loyalty/at-risk', { token });
    documented('listAtRiskAccounts', atRisk.body);
    // The one detractor's client is the account at risk.
    expect(atRisk.body.accounts.map((account: { inn: string }) => account.inn)).toContain(
      clients.find((item: { accountClass: string | null }) => item.accountClass === 'detractor')?.inn,
    );
  });

  it('imports KPI actuals by API, all rows or none, naming the refused row', async () => {
    await db.insert(kpis).values({
      code: 'commission_income',
      nameEn: 'Commission income',
      nameRu: 'Комиссионный доход',
      unit: 'RUB',
    });
    const [manager] = await db.select().from(managers).where(eq(managers.id, managerId));
    const refused = await callApiJson('POST', '/api/v1/kpi-actuals', {
      token,
      body: {
        actuals: [
          { managerEmail: manager.email, kpi: 'commission_income', month: '2026-10', value: 1_250_000 },
          { managerEmail: 'nobody@bank.test', kpi: 'commission_income', month: '2026-13', value: 1 },
        ],
      },
    });
    expect(refused.status).toBe(422);
    expect(refused.body.errors.map((error: { field: string }) => error.field)).toEqual([
      'actuals.1.managerEmail',
      'actuals.1.month',
    ]);
    expect(await db.select().from(kpiActuals)).toHaveLength(0);
    const imported = await callApiJson('POST', '/api/v1/kpi-actuals', {
      token,
      body: {
        actuals: [
          { managerEmail: manager.email, kpi: 'commission_income', month: '2026-10', value: 1_250_000 },
        ],
      },
    });
    expect(documented('importKpiActuals', imported.body)).toEqual({ rows: 1, created: 1, updated: 0 });
  });

  it('pages responses by cursor and exports them all as NDJSON', async () => {
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const page: { status: number; body: Record<string, Json> } = await callApiJson(
        'GET',
        `/api/v1/responses?waveId=${waveId}&limit=3${cursor ? `&cursor=${cursor}` : ''}`,
        { token },
      );
      expect(page.status).toBe(200);
      documented('listResponses', page.body);
      expect(page.body.responses.length).toBeLessThanOrEqual(3);
      seen.push(...page.body.responses.map((response: { id: string }) => response.id));
      cursor = page.body.nextCursor;
    } while (cursor);
    expect(seen).toHaveLength(7);
    expect(new Set(seen).size).toBe(7);

    const exported = await callApi('GET', `/api/v1/responses/export?waveId=${waveId}`, { token });
    expect(exported.headers.get('Content-Type')).toContain('application/x-ndjson');
    const lines = (await exported.text()).trim().split('\n');
    expect(lines.map((line) => JSON.parse(line).id).sort()).toEqual([...seen].sort());

    const badCursor = await callApiJson('GET', '/api/v1/responses?cursor=bm90LWEtY3Vyc29y', { token });
    expect(badCursor.status).toBe(400);
    expect(badCursor.body.errors).toEqual([
      { field: 'query.cursor', message: 'Not a cursor this API gave out.' },
    ]);
  });
});
