import { eq, sql } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '#db/client.ts';
import { selectRows } from '#db/raw-query.ts';
import {
  clients,
  contacts,
  followUps,
  invitationEvents,
  invitations,
  mailMessages,
  responses,
  scoreFacts,
  settings,
} from '#db/schema/index.ts';
import {
  addWorkingDays,
  completeResponse,
  RespondentError,
  saveAnswers,
} from '#app/models/responses.server.ts';
import * as answersRoute from '#app/routes/s.$token_.answers.ts';
import * as respondentRoute from '#app/routes/s.$token.tsx';
import * as optOutRoute from '#app/routes/s.$token_.opt-out.tsx';
import { aggregateMetric, foldAllPendingRollups, pendingRollupCount } from '#analytics/aggregations/index.ts';
import { getTemplate } from '#surveys/templates/index.ts';
import { extractScoreFacts } from '#surveys/scoring.ts';
import { createManager } from '#tests/factories/reference.ts';
import { createRespondentFixture, industrialAnswers } from '#tests/factories/responses.ts';
import { openTestDatabase } from '#tests/setup/test-database.ts';

let db: Database;

beforeAll(async () => {
  ({ db } = await openTestDatabase());
});

async function post(token: string, body: unknown): Promise<Response> {
  const request = new Request(`http://localhost/s/${token}/answers`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify(body),
  });
  return answersRoute.action({ request, params: { token }, context: {} });
}

interface LoaderResult {
  data: { state: string; [key: string]: unknown };
  init: { status?: number } | null;
}

async function openPage(token: string): Promise<LoaderResult> {
  const request = new Request(`http://localhost/s/${token}`);
  return (await respondentRoute.loader({
    request,
    params: { token },
    context: {},
  })) as unknown as LoaderResult;
}

async function responseOf(invitationId: string) {
  const [row] = await db.select().from(responses).where(eq(responses.invitationId, invitationId));
  return row;
}

async function countsFor(invitationId: string) {
  const [row] = await selectRows<{ responses: number; facts: number; followUps: number; events: number }>(
    db,
    sql`SELECT
      (SELECT count(*)::int FROM responses WHERE invitation_id = ${invitationId}) AS responses,
      (SELECT count(*)::int FROM score_facts f JOIN responses r ON r.id = f.response_id
        WHERE r.invitation_id = ${invitationId}) AS facts,
      (SELECT count(*)::int FROM follow_ups u JOIN responses r ON r.id = u.response_id
        WHERE r.invitation_id = ${invitationId}) AS "followUps",
      (SELECT count(*)::int FROM invitation_events WHERE invitation_id = ${invitationId}) AS events`,
  ).then((result) => (Array.isArray(result) ? result : (result as unknown as { rows: never[] }).rows));
  return row;
}

describe('saving answers', () => {
  it('keeps a partial response and marks the invitation started on the first save', async () => {
    const { token, invitation } = await createRespondentFixture(db);
    const saved = await post(token, { answers: { overall: 4, ltr: 8 }, currentPage: 1, complete: false });
    expect(saved.status).toBe(200);
    expect(await saved.json()).toEqual({ status: 'saved' });

    const response = await responseOf(invitation.id);
    expect(response).toMatchObject({ status: 'partial', answers: { overall: 4, ltr: 8 }, currentPage: 1 });
    const [stored] = await db.select().from(invitations).where(eq(invitations.id, invitation.id));
    expect(stored.status).toBe('started');
    expect(stored.startedAt).not.toBeNull();
    const events = await db
      .select()
      .from(invitationEvents)
      .where(eq(invitationEvents.invitationId, invitation.id));
    expect(events.map((event) => event.status)).toEqual(['started']);

    // Resuming (another device): the page comes back with the answers and the page reached.
    const page = await openPage(token);
    expect(page.data).toMatchObject({ state: 'open', answers: { overall: 4, ltr: 8 }, currentPage: 1 });
  });

  it.each([
    ['a value out of range', { overall: 42 }, 'overall'],
    ['a wrong type', { ltr: 'nine' }, 'ltr'],
    ['an unknown question', { favourite_colour: 'blue' }, 'favourite_colour'],
    ['a product the client does not use', { product_sat: { fittings: { quality: 4 } } }, 'product_sat'],
  ])('refuses %s, naming the question, and changes nothing', async (_, answers, question) => {
    const { token, invitation } = await createRespondentFixture(db);
    await post(token, { answers: { overall: 3 }, currentPage: 0, complete: false });
    const before = await responseOf(invitation.id);

    const refused = await post(token, {
      answers: { overall: 3, ...answers },
      currentPage: 1,
      complete: false,
    });
    expect(refused.status).toBe(400);
    const body = (await refused.json()) as { errors: Array<{ question: string; message: string }> };
    expect(body.errors).toEqual([expect.objectContaining({ question })]);
    expect(body.errors[0].message).not.toBe('');
    expect(await responseOf(invitation.id)).toEqual(before);
  });

  it('refuses a completion that misses a required answer', async () => {
    const { token, invitation } = await createRespondentFixture(db);
    const { ltr: _, ...withoutLtr } = industrialAnswers();
    const refused = await post(token, { answers: withoutLtr, complete: true });
    expect(refused.status).toBe(400);
    expect(((await refused.json()) as { errors: unknown[] }).errors).toEqual([
      { question: 'ltr', message: 'an answer is required' },
    ]);
    expect(await countsFor(invitation.id)).toMatchObject({ responses: 0, facts: 0, events: 0 });
  });

  it('offers the client its own products in the product matrix', async () => {
    const { token } = await createRespondentFixture(db, { productCodes: ['valves', 'engineering_services'] });
    const page = await openPage(token);
    const definition = page.data.definition as {
      pages: Array<{ elements?: Array<Record<string, unknown>> }>;
    };
    const matrix = definition.pages.flatMap((p) => p.elements ?? []).find((e) => e.name === 'product_sat')!;
    expect((matrix.rows as Array<{ value: string }>).map((row) => row.value)).toEqual([
      'engineering_services',
      'valves',
    ]);
  });
});

describe('completing a response', () => {
  it('writes the response, its snapshot, its score facts, the invitation and a follow-up together', async () => {
    const { token, invitation, client, contact, managerId, products } = await createRespondentFixture(db, {
      vip: true,
      language: 'en',
    });
    const answers = industrialAnswers({ ltr: 3, contact_request: true });
    const completed = await post(token, { answers, complete: true, language: 'ru' });
    expect(completed.status).toBe(200);
    const { responseId, status } = (await completed.json()) as { responseId: string; status: string };
    expect(status).toBe('completed');

    const response = await responseOf(invitation.id);
    expect(response).toMatchObject({
      id: responseId,
      status: 'completed',
      answers,
      language: 'ru',
      clientId: client.id,
      contactId: contact.id,
      sizeSegment: client.sizeSegment,
      industrySection: client.industrySection,
      regionCode: client.regionCode,
      unitId: client.unitId,
      managerId,
      clientGroupId: null,
      contactRole: contact.role,
      isVip: true,
    });
    expect(response.completedAt).not.toBeNull();
    expect([...response.productIds].sort()).toEqual(products.map((product) => product.id).sort());

    const facts = await db.select().from(scoreFacts).where(eq(scoreFacts.responseId, responseId));
    const expected = extractScoreFacts(getTemplate('industrial-relationship')!.definition, answers);
    expect(facts).toHaveLength(expected.length);
    expect(facts.find((fact) => fact.metric === 'nps')).toMatchObject({ value: 3, question: 'ltr' });
    const pipes = products.find((product) => product.code === 'pipes')!;
    expect(facts.filter((fact) => fact.question === 'product_sat')).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ productId: pipes.id, attribute: 'quality', value: 4 }),
      ]),
    );

    const [stored] = await db.select().from(invitations).where(eq(invitations.id, invitation.id));
    expect(stored).toMatchObject({ status: 'completed' });
    expect(stored.completedAt).not.toBeNull();

    const tasks = await db.select().from(followUps).where(eq(followUps.responseId, responseId));
    expect(tasks).toEqual([
      expect.objectContaining({
        clientId: client.id,
        managerId,
        reason: 'contact_request',
        status: 'open',
        dueOn: addWorkingDays(new Date().toISOString().slice(0, 10), 2),
      }),
    ]);
  });

  it('creates no follow-up for a satisfied client', async () => {
    const { token, invitation } = await createRespondentFixture(db);
    await completeResponse({ token, answers: industrialAnswers() });
    expect(await countsFor(invitation.id)).toMatchObject({ responses: 1, followUps: 0 });
  });

  it('uses the follow-up SLA setting, counted in working days', async () => {
    await db.insert(settings).values({ key: 'follow_up_sla_days', version: 1, value: 5 });
    try {
      const { token } = await createRespondentFixture(db);
      const { responseId } = await completeResponse({ token, answers: industrialAnswers({ ltr: 2 }) });
      const [task] = await db.select().from(followUps).where(eq(followUps.responseId, responseId));
      expect(task).toMatchObject({
        reason: 'detractor',
        dueOn: addWorkingDays(new Date().toISOString().slice(0, 10), 5),
      });
    } finally {
      await db.delete(settings).where(eq(settings.key, 'follow_up_sla_days'));
    }
  });

  it('writes nothing at all when any part of the completion fails', async () => {
    const { token, invitation } = await createRespondentFixture(db);
    await db.execute(sql`CREATE FUNCTION refuse_follow_up() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN RAISE EXCEPTION 'follow-ups are refused in this test'; END; $$`);
    await db.execute(
      sql`CREATE TRIGGER refuse_follow_up BEFORE INSERT ON follow_ups FOR EACH ROW EXECUTE FUNCTION refuse_follow_up()`,
    );
    try {
      await expect(completeResponse({ token, answers: industrialAnswers({ ltr: 1 }) })).rejects.toThrow();
    } finally {
      await db.execute(sql`DROP TRIGGER refuse_follow_up ON follow_ups`);
      await db.execute(sql`DROP FUNCTION refuse_follow_up()`);
    }
    expect(await countsFor(invitation.id)).toEqual({ responses: 0, facts: 0, followUps: 0, events: 0 });
    const [stored] = await db.select().from(invitations).where(eq(invitations.id, invitation.id));
    expect(stored.status).toBe('sent');
  });

  it('counts in the dashboards once the background fold has applied it', async () => {
    const { token, invitation } = await createRespondentFixture(db);
    const figure = async () => {
      const [cell] = await aggregateMetric(db, {
        metric: 'nps',
        by: [],
        filter: { waveIds: [invitation.waveId] },
        thresholds: { suppressBelow: 1, lowBaseBelow: 1 },
      });
      return cell?.n ?? 0;
    };
    const before = await figure();
    await post(token, { answers: industrialAnswers({ ltr: 3 }), complete: true });
    expect(await pendingRollupCount(db)).toBeGreaterThan(0);
    await foldAllPendingRollups(db);
    expect(await figure()).toBe(before + 1);
    expect(await pendingRollupCount(db)).toBe(0);
  });

  it('returns the first response to a second completion and writes nothing more', async () => {
    const { token, invitation } = await createRespondentFixture(db);
    const first = await post(token, { answers: industrialAnswers({ ltr: 4 }), complete: true });
    const { responseId } = (await first.json()) as { responseId: string };
    const before = await countsFor(invitation.id);
    const storedBefore = await responseOf(invitation.id);

    const second = await post(token, { answers: industrialAnswers({ ltr: 10, overall: 5 }), complete: true });
    expect(second.status).toBe(200);
    expect(await second.json()).toEqual({ status: 'completed', responseId });
    expect(await countsFor(invitation.id)).toEqual(before);
    expect(await responseOf(invitation.id)).toEqual(storedBefore);
  });

  it('yields one response when the same completion arrives twice at once', async () => {
    const { token, invitation } = await createRespondentFixture(db);
    const answers = industrialAnswers({ ltr: 5 });
    const results = await Promise.all([
      completeResponse({ token, answers }),
      completeResponse({ token, answers }),
    ]);
    expect(results[0].responseId).toBe(results[1].responseId);
    expect(results.map((result) => result.alreadyCompleted).sort()).toEqual([false, true]);
    const counts = await countsFor(invitation.id);
    expect(counts).toEqual({
      responses: 1,
      facts: extractScoreFacts(getTemplate('industrial-relationship')!.definition, answers).length,
      followUps: 1,
      events: 1,
    });
  });

  it('keeps the snapshot when the client later changes manager and segment', async () => {
    const { token, invitation, client, managerId, unitId } = await createRespondentFixture(db);
    await completeResponse({ token, answers: industrialAnswers() });
    const newManager = await createManager(db, { unitId });
    await db
      .update(clients)
      .set({ managerId: newManager.id, sizeSegment: 'small', vipCriteria: ['own_group'] })
      .where(eq(clients.id, client.id));
    const response = await responseOf(invitation.id);
    expect(response).toMatchObject({ managerId, sizeSegment: 'large', isVip: false });
  });

  it('refuses to save after completion with a clear message', async () => {
    const { token } = await createRespondentFixture(db);
    await completeResponse({ token, answers: industrialAnswers() });
    const refused = await post(token, { answers: { overall: 1 }, currentPage: 0, complete: false });
    expect(refused.status).toBe(409);
    expect(await refused.json()).toMatchObject({
      error: 'already_completed',
      message: expect.stringContaining('already been completed'),
    });
  });

  it('refuses answers after the wave expired', async () => {
    const { token, invitation } = await createRespondentFixture(db, {
      expiresAt: new Date(Date.now() - 60_000),
    });
    const refused = await post(token, { answers: industrialAnswers(), complete: true });
    expect(refused.status).toBe(410);
    expect(await refused.json()).toMatchObject({ error: 'closed' });
    await expect(saveAnswers({ token, answers: { overall: 4 }, currentPage: 0 })).rejects.toBeInstanceOf(
      RespondentError,
    );
    expect(await countsFor(invitation.id)).toMatchObject({ responses: 0 });
  });

  it('does not know a made-up token', async () => {
    const refused = await post('x'.repeat(43), { answers: {}, complete: true });
    expect(refused.status).toBe(404);
    expect(await refused.json()).toMatchObject({ error: 'unknown_link' });
  });
});

describe('the respondent page', () => {
  it('records the first opening only once', async () => {
    const { token, invitation } = await createRespondentFixture(db, { language: 'en' });
    const page = await openPage(token);
    expect(page.data).toMatchObject({ state: 'open', language: 'en', answers: {}, currentPage: 0 });
    await openPage(token);
    const [stored] = await db.select().from(invitations).where(eq(invitations.id, invitation.id));
    expect(stored.status).toBe('opened');
    expect(stored.openedAt).not.toBeNull();
    const events = await db
      .select()
      .from(invitationEvents)
      .where(eq(invitationEvents.invitationId, invitation.id));
    expect(events.map((event) => event.status)).toEqual(['opened']);
  });

  it('says a link is not valid without naming anything', async () => {
    const page = await openPage('not-a-real-token-at-all-0123456789');
    expect(page.init?.status).toBe(404);
    expect(page.data).toEqual({ state: 'invalid' });
  });

  it('says an expired survey has closed', async () => {
    const { token } = await createRespondentFixture(db, { expiresAt: new Date(Date.now() - 1000) });
    const page = await openPage(token);
    expect(page.init?.status).toBe(410);
    expect(page.data).toMatchObject({ state: 'closed' });
    expect(page.data).not.toHaveProperty('definition');
  });

  it('says an expired invitation has closed', async () => {
    const { token } = await createRespondentFixture(db, { status: 'expired' });
    expect((await openPage(token)).data).toMatchObject({ state: 'closed' });
  });

  it('thanks a respondent who already answered, showing nothing else', async () => {
    const { token } = await createRespondentFixture(db);
    await completeResponse({ token, answers: industrialAnswers() });
    const page = await openPage(token);
    expect(page.data).toEqual({ state: 'completed', clientName: expect.any(String), language: 'ru' });
  });
});

describe('opting out', () => {
  it('marks the contact and invitation, cancels queued mail, and closes the questionnaire', async () => {
    const { token, invitation, contact } = await createRespondentFixture(db);
    const mail = (status: 'queued' | 'sent') => ({
      kind: 'reminder' as const,
      invitationId: invitation.id,
      toAddress: 'someone@client.test',
      subject: 'Reminder',
      textBody: 'Please answer',
      status,
    });
    await db.insert(mailMessages).values([mail('queued'), mail('sent')]);

    const confirm = await optOutRoute.loader({
      request: new Request(`http://localhost/s/${token}/opt-out`),
      params: { token },
      context: {},
    });
    expect((confirm as unknown as LoaderResult).data).toMatchObject({ state: 'ready' });

    const request = new Request(`http://localhost/s/${token}/opt-out`, {
      method: 'POST',
      body: new FormData(),
    });
    const redirected = await optOutRoute
      .action({ request, params: { token }, context: {} })
      .catch((thrown) => thrown);
    expect(redirected).toBeInstanceOf(Response);
    expect((redirected as Response).headers.get('Location')).toBe(`/s/${token}/opt-out`);

    const [storedContact] = await db.select().from(contacts).where(eq(contacts.id, contact.id));
    expect(storedContact.optedOutAt).not.toBeNull();
    const [stored] = await db.select().from(invitations).where(eq(invitations.id, invitation.id));
    expect(stored.status).toBe('opted_out');
    const events = await db
      .select()
      .from(invitationEvents)
      .where(eq(invitationEvents.invitationId, invitation.id));
    expect(events.map((event) => event.status)).toEqual(['opted_out']);
    const messages = await db.select().from(mailMessages).where(eq(mailMessages.invitationId, invitation.id));
    expect(messages.map((message) => message.status).sort()).toEqual(['cancelled', 'sent']);

    expect((await openPage(token)).data).toMatchObject({ state: 'opted_out' });
    const refused = await post(token, { answers: { overall: 3 }, currentPage: 0, complete: false });
    expect(refused.status).toBe(409);
  });

  it('does not know a made-up token', async () => {
    const token = 'y'.repeat(43);
    const page = await optOutRoute.loader({
      request: new Request(`http://localhost/s/${token}/opt-out`),
      params: { token },
      context: {},
    });
    expect((page as unknown as LoaderResult).data).toEqual({ state: 'invalid' });
  });
});

describe('the follow-up due date', () => {
  it('counts working days, skipping weekends', () => {
    expect(addWorkingDays('2026-11-25', 2)).toBe('2026-11-27'); // Wednesday → Friday
    expect(addWorkingDays('2026-11-27', 2)).toBe('2026-12-01'); // Friday → Tuesday
    expect(addWorkingDays('2026-11-28', 1)).toBe('2026-11-30'); // Saturday → Monday
    expect(addWorkingDays('2026-11-27', 0)).toBe('2026-11-27');
  });
});
