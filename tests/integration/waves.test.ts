import { and, asc, count, eq, sql } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '#db/client.ts';
import { selectRows } from '#db/raw-query.ts';
import {
  auditEvents,
  clientProducts,
  invitationEvents,
  invitations,
  mailMessages,
  products,
  responses,
  surveyVersions,
  waves,
} from '#db/schema/index.ts';
import { hashInvitationToken } from '#app/models/invitation-tokens.server.ts';
import { type Audience, previewAudience } from '#app/models/waves.server.ts';
import * as wavePage from '#app/routes/_staff.waves.$waveId.tsx';
import * as waveList from '#app/routes/_staff.waves._index.tsx';
import * as newWave from '#app/routes/_staff.waves.new.tsx';
import { createClient, createContact } from '#tests/factories/clients.ts';
import { createManager, createRegion, createUnit } from '#tests/factories/reference.ts';
import { createInvitation, createSurveyVersion, createWave, daysAgo } from '#tests/factories/surveys.ts';
import { createStaffUser, signedInCookie } from '#tests/factories/users.ts';
import { openTestDatabase } from '#tests/setup/test-database.ts';

type Args = Parameters<typeof wavePage.action>[0];
const args = (request: Request, params: Record<string, string> = {}) =>
  ({ request, params, context: {} }) as Args;

let db: Database;
const cookies: Record<'marketing' | 'management' | 'manager', string> = {
  marketing: '',
  management: '',
  manager: '',
};
const ids: Record<string, string> = {};

/** Contacts the fixture expects a wave with no filters to invite. */
const eligible = ['a1', 'a2', 'b2', 'b3', 'd1'];

beforeAll(async () => {
  ({ db } = await openTestDatabase());
  const region = await createRegion(db);
  const unitNorth = await createUnit(db);
  const unitSouth = await createUnit(db);
  const managerOne = await createManager(db, { unitId: unitNorth.id });
  const managerTwo = await createManager(db, { unitId: unitSouth.id });
  ids.unitSouth = unitSouth.id;
  const [lending] = await db
    .insert(products)
    .values({ code: 'lending', nameEn: 'Lending', nameRu: 'Кредитование' })
    .returning();

  const base = { regionCode: region.code };
  const clientA = await createClient(db, {
    ...base,
    unitId: unitNorth.id,
    managerId: managerOne.id,
    size: 'medium',
    name: 'ООО "Ромашка" <Тест> & Co',
  });
  const clientB = await createClient(db, {
    ...base,
    unitId: unitSouth.id,
    managerId: managerTwo.id,
    size: 'large',
  });
  const clientC = await createClient(db, {
    ...base,
    unitId: unitNorth.id,
    managerId: managerOne.id,
    size: 'small',
  });
  const clientD = await createClient(db, { ...base, unitId: unitSouth.id, size: 'micro' });
  Object.assign(ids, { clientA: clientA.id, clientB: clientB.id, clientC: clientC.id, clientD: clientD.id });
  await db.insert(clientProducts).values({ clientId: clientA.id, productId: lending.id });

  const contact = async (key: string, clientId: string, overrides: Record<string, unknown> = {}) => {
    const row = await createContact(db, {
      clientId,
      email: `${key}@client.test`,
      fullName: `Contact ${key}`,
      ...overrides,
    });
    ids[key] = row.id;
  };
  await contact('a1', clientA.id, { language: 'ru' });
  await contact('a2', clientA.id, { language: 'en', role: 'influencer' });
  await contact('a3', clientA.id, { optedOutAt: daysAgo(100) });
  await contact('a4', clientA.id, { email: null });
  await contact('a5', clientA.id, { leftCompany: true });
  await contact('a6', clientA.id, { consentGiven: false });
  await contact('b1', clientB.id);
  await contact('b2', clientB.id, { surveyCapDays: 10 });
  await contact('b3', clientB.id);
  await contact('c1', clientC.id);
  await contact('c2', clientC.id);
  // COPY's text format escapes tabs, newlines and backslashes: a name with all three must survive.
  await contact('d1', clientD.id, { language: 'en', fullName: 'Tab\tBack\\slash\nNew line' });

  // An earlier wave: b1 and b2 were asked 40 days ago (inside the 90-day contact cap, outside the
  // 30-day client cap; b2's own cap is 10 days), c1 10 days ago (which also caps the rest of client C).
  const earlier = await createSurveyVersion(db, { frozen: true });
  const earlierWave = await createWave(db, { surveyVersionId: earlier.id, status: 'closed' });
  for (const [key, clientId, days] of [
    ['b1', clientB.id, 40],
    ['b2', clientB.id, 40],
    ['c1', clientC.id, 10],
  ] as const) {
    await createInvitation(db, {
      waveId: earlierWave.id,
      contactId: ids[key],
      clientId,
      createdAt: daysAgo(days),
      sentAt: daysAgo(days),
      status: 'sent',
    });
  }

  const users = {
    marketing: await createStaffUser(db, 'marketing'),
    management: await createStaffUser(db, 'management'),
    manager: await createStaffUser(db, 'manager', { managerId: managerOne.id }),
  };
  for (const role of ['marketing', 'management', 'manager'] as const) {
    cookies[role] = await signedInCookie(users[role].id);
  }
});

function get(path: string, cookie: string) {
  return new Request(`http://localhost${path}`, { headers: { Cookie: cookie } });
}

function post(path: string, cookie: string, fields: Array<[string, string]>) {
  return new Request(`http://localhost${path}`, {
    method: 'POST',
    headers: { Cookie: cookie },
    body: new URLSearchParams(fields),
  });
}

const blankAudience: Audience = {
  sizes: [],
  sections: [],
  regions: [],
  units: [],
  managers: [],
  vip: 'any',
  products: [],
  groups: [],
  contactRoles: [],
};

describe('audience preview', () => {
  it('counts whom a wave reaches and why the others are excluded, each contact once', async () => {
    const preview = await previewAudience({ audience: blankAudience });
    expect(preview).toEqual({
      contacts: 5,
      clients: 3,
      matchedContacts: 12,
      matchedClients: 4,
      excluded: {
        left_company: 1,
        opted_out: 1,
        no_consent: 1,
        no_email: 1,
        contact_cap: 2,
        client_cap: 1,
      },
      caps: { contactDays: 90, clientDays: 30 },
    });
  });

  it('narrows the audience by size, contact role, product and unit', async () => {
    const reach = async (audience: Partial<Audience>) =>
      (await previewAudience({ audience: { ...blankAudience, ...audience } })).contacts;
    expect(await reach({ sizes: ['medium'] })).toBe(2);
    expect(await reach({ contactRoles: ['influencer'] })).toBe(1);
    expect(await reach({ products: ['lending'] })).toBe(2);
    expect(await reach({ units: [ids.unitSouth] })).toBe(3);
    expect(await reach({ sizes: ['large'], contactRoles: ['finance'] })).toBe(0);
  });

  it('follows the frequency_caps setting', async () => {
    const { settings } = await import('#db/schema/index.ts');
    await db
      .insert(settings)
      .values({ key: 'frequency_caps', version: 99, value: { contactDays: 5, clientDays: 5 } });
    const preview = await previewAudience({ audience: blankAudience });
    expect(preview.excluded).toMatchObject({ contact_cap: 0, client_cap: 0 });
    expect(preview.contacts).toBe(8);
    await db.delete(settings).where(and(eq(settings.key, 'frequency_caps'), eq(settings.version, 99)));
  });

  it('is offered by the new-wave form', async () => {
    const result = (await newWave.action(
      args(
        post('/waves/new', cookies.marketing, [
          ['intent', 'preview'],
          ['sizes', 'medium'],
          ['sizes', 'large'],
        ]),
      ),
    )) as { preview: { contacts: number; clients: number } };
    expect(result.preview).toMatchObject({ contacts: 4, clients: 2 });
  });
});

describe('creating a wave', () => {
  const valid: Array<[string, string]> = [
    ['intent', 'create'],
    ['name', 'Autumn pulse'],
    ['sendFrom', '2031-10-01T10:00'],
    ['sendUntil', '2031-10-20T18:00'],
    ['expiresAt', '2031-10-31T23:59'],
    ['reminderAfterDays', '5'],
    ['reminderMax', '2'],
    ['sizes', 'medium'],
    ['contactRoles', 'decision_maker'],
  ];

  it('refuses an inconsistent schedule with errors beside the fields', async () => {
    const version = await createSurveyVersion(db);
    const fields = valid
      .filter(([key]) => !['name', 'sendUntil', 'reminderAfterDays'].includes(key))
      .concat([
        ['surveyVersionId', version.id],
        ['name', ' '],
        ['sendUntil', '2031-09-30T10:00'],
        ['reminderAfterDays', '30'],
      ]);
    const result = (await newWave.action(args(post('/waves/new', cookies.marketing, fields)))) as unknown as {
      data: { fieldErrors: Record<string, string> };
      init: { status: number };
    };
    expect(result.init.status).toBe(400);
    expect(result.data.fieldErrors).toEqual({
      name: 'errors.required',
      sendUntil: 'waves:errors.windowOrder',
      reminderMax: 'waves:errors.remindersOutsideWindow',
    });
  });

  it('refuses reminders that do not fit the window, and an unknown audience value', async () => {
    const version = await createSurveyVersion(db);
    type Refusal = { data: { fieldErrors: Record<string, string> } };
    const base = valid.filter(([key]) => key !== 'reminderMax').concat([['surveyVersionId', version.id]]);
    const tooMany = (await newWave.action(
      args(post('/waves/new', cookies.marketing, [...base, ['reminderMax', '4']])),
    )) as unknown as Refusal;
    expect(tooMany.data.fieldErrors).toEqual({ reminderMax: 'waves:errors.remindersOutsideWindow' });
    const unknown = (await newWave.action(
      args(post('/waves/new', cookies.marketing, [...base, ['reminderMax', '2'], ['sizes', 'gigantic']])),
    )) as unknown as Refusal;
    expect(unknown.data.fieldErrors).toEqual({ 'audience.sizes.1': 'errors.unknown' });
  });

  it('saves a draft with its audience and schedule in Moscow time', async () => {
    const version = await createSurveyVersion(db);
    const response = (await newWave.action(
      args(post('/waves/new', cookies.marketing, [...valid, ['surveyVersionId', version.id]])),
    )) as Response;
    expect(response.status).toBe(302);
    const id = response.headers.get('Location')!.replace('/waves/', '');
    const [wave] = await db.select().from(waves).where(eq(waves.id, id));
    expect(wave).toMatchObject({
      name: 'Autumn pulse',
      status: 'draft',
      reminderAfterDays: 5,
      reminderMax: 2,
      audience: { ...blankAudience, sizes: ['medium'], contactRoles: ['decision_maker'] },
    });
    expect(wave.sendFrom?.toISOString()).toBe('2031-10-01T07:00:00.000Z');
    expect(wave.expiresAt?.toISOString()).toBe('2031-10-31T20:59:00.000Z');
  });
});

/** The wave launched below; the monitor tests follow its invitations. */
let launchedWaveId: string;

describe('launching a wave', () => {
  let waveId: string;
  let versionId: string;

  beforeAll(async () => {
    const version = await createSurveyVersion(db);
    versionId = version.id;
    const wave = await createWave(db, { surveyVersionId: version.id, audience: blankAudience });
    waveId = wave.id;
    launchedWaveId = wave.id;
  });

  it('creates one invitation per eligible contact, freezes the version and queues mail', async () => {
    const result = (await wavePage.action(
      args(post(`/waves/${waveId}`, cookies.marketing, [['intent', 'launch']]), { waveId }),
    )) as { launched: { invitations: number; clients: number; mailMessages: number } };
    expect(result.launched).toMatchObject({ invitations: 5, clients: 3, mailMessages: 15 });

    const [wave] = await db.select().from(waves).where(eq(waves.id, waveId));
    expect(wave.status).toBe('running');
    expect(wave.launchedAt).not.toBeNull();
    const [version] = await db.select().from(surveyVersions).where(eq(surveyVersions.id, versionId));
    expect(version.frozenAt).not.toBeNull();

    const rows = await db.select().from(invitations).where(eq(invitations.waveId, waveId));
    const byContact = new Map(rows.map((row) => [row.contactId, row]));
    expect([...byContact.keys()].sort()).toEqual(eligible.map((key) => ids[key]).sort());
    for (const row of rows) {
      expect(row.status).toBe('queued');
      expect(row.tokenHash).toMatch(/^[0-9a-f]{64}$/);
    }
    expect(byContact.get(ids.a2)).toMatchObject({ language: 'en', clientId: ids.clientA });
    expect(byContact.get(ids.a1)).toMatchObject({ language: 'ru', clientId: ids.clientA });
    const events = await db
      .select({ invitationId: invitationEvents.invitationId, status: invitationEvents.status })
      .from(invitationEvents)
      .innerJoin(invitations, eq(invitations.id, invitationEvents.invitationId))
      .where(eq(invitations.waveId, waveId));
    expect(events).toHaveLength(5);
    expect(new Set(events.map((event) => event.status))).toEqual(new Set(['queued']));

    const [audit] = await db
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.action, 'wave_launched'), eq(auditEvents.entityId, waveId)));
    expect(audit.detail).toMatchObject({ invitations: 5, excluded: { contact_cap: 2, client_cap: 1 } });
  });

  it('schedules the invitation at the start of sending and each reminder N days later', async () => {
    const [wave] = await db.select().from(waves).where(eq(waves.id, waveId));
    const mail = await db
      .select()
      .from(mailMessages)
      .innerJoin(invitations, eq(invitations.id, mailMessages.invitationId))
      .where(eq(invitations.contactId, ids.a2))
      .orderBy(asc(mailMessages.nextAttemptAt));
    const day = 24 * 60 * 60 * 1000;
    expect(
      mail.map(({ mail_messages: message }) => [
        message.kind,
        message.nextAttemptAt.getTime() - wave.sendFrom!.getTime(),
      ]),
    ).toEqual([
      ['invitation', 0],
      ['reminder', 5 * day],
      ['reminder', 10 * day],
    ]);
    for (const { mail_messages: message } of mail) {
      expect(message).toMatchObject({ status: 'queued', toAddress: 'a2@client.test' });
    }
    expect(mail[0].mail_messages.subject).toBe('Test survey');
    expect(mail[1].mail_messages.subject).toBe('Reminder: Test survey');
  });

  it('writes the personal link into the mail and stores only its hash', async () => {
    const rows = await db
      .select({
        text: mailMessages.textBody,
        html: mailMessages.htmlBody,
        kind: mailMessages.kind,
        tokenHash: invitations.tokenHash,
      })
      .from(mailMessages)
      .innerJoin(invitations, eq(invitations.id, mailMessages.invitationId))
      .where(eq(invitations.waveId, waveId));
    const tokens = new Set<string>();
    for (const row of rows) {
      const token = /\/s\/([A-Za-z0-9_-]{43})\s/.exec(row.text)![1];
      expect(hashInvitationToken(token)).toBe(row.tokenHash);
      expect(row.text).toContain(`/s/${token}/opt-out`);
      expect(row.html).toContain(`/s/${token}/opt-out`);
      tokens.add(token);
    }
    expect(tokens.size).toBe(5);
    for (const token of tokens) {
      const [inInvitations] = await selectRows<{ n: number | string }>(
        db,
        sql`SELECT count(*) AS n FROM invitations i WHERE row_to_json(i)::text LIKE ${`%${token}%`}`,
      );
      const [inEvents] = await selectRows<{ n: number | string }>(
        db,
        sql`SELECT count(*) AS n FROM invitation_events e WHERE row_to_json(e)::text LIKE ${`%${token}%`}`,
      );
      expect(Number(inInvitations.n) + Number(inEvents.n)).toBe(0);
    }
  });

  it("writes each mail in the contact's language with the company name escaped in HTML", async () => {
    const [russian] = await db
      .select({ text: mailMessages.textBody, html: mailMessages.htmlBody, subject: mailMessages.subject })
      .from(mailMessages)
      .innerJoin(invitations, eq(invitations.id, mailMessages.invitationId))
      .where(and(eq(invitations.contactId, ids.a1), eq(mailMessages.kind, 'invitation')));
    expect(russian.subject).toBe('Тестовая анкета');
    expect(russian.text).toContain('Здравствуйте, Contact a1!');
    expect(russian.text).toContain('ООО "Ромашка" <Тест> & Co');
    expect(russian.html).toContain('ООО &quot;Ромашка&quot; &lt;Тест&gt; &amp; Co');
    expect(russian.html).not.toContain('<Тест>');
    const [english] = await db
      .select({ text: mailMessages.textBody })
      .from(mailMessages)
      .innerJoin(invitations, eq(invitations.id, mailMessages.invitationId))
      .where(and(eq(invitations.contactId, ids.d1), eq(mailMessages.kind, 'invitation')));
    expect(english.text).toContain('Dear Tab\tBack\\slash\nNew line,');
  });

  it('makes the invited contacts count against the frequency cap', async () => {
    const preview = await previewAudience({ audience: blankAudience });
    expect(preview.contacts).toBe(0);
    expect(preview.excluded.contact_cap).toBe(7);
  });

  it('refuses a second launch and changes nothing', async () => {
    const result = (await wavePage.action(
      args(post(`/waves/${waveId}`, cookies.marketing, [['intent', 'launch']]), { waveId }),
    )) as unknown as { data: { launchError: string }; init: { status: number } };
    expect(result.init.status).toBe(400);
    expect(result.data.launchError).toBe('notDraft');
    const [{ n }] = await db.select({ n: count() }).from(invitations).where(eq(invitations.waveId, waveId));
    expect(n).toBe(5);
  });

  it('refuses to launch a wave whose audience is empty, leaving it a draft', async () => {
    const version = await createSurveyVersion(db);
    const wave = await createWave(db, {
      surveyVersionId: version.id,
      audience: { ...blankAudience, sizes: ['large'], contactRoles: ['finance'] },
    });
    const result = (await wavePage.action(
      args(post(`/waves/${wave.id}`, cookies.marketing, [['intent', 'launch']]), { waveId: wave.id }),
    )) as unknown as { data: { launchError: string } };
    expect(result.data.launchError).toBe('emptyAudience');
    const [stored] = await db.select().from(waves).where(eq(waves.id, wave.id));
    expect(stored.status).toBe('draft');
    const [storedVersion] = await db.select().from(surveyVersions).where(eq(surveyVersions.id, version.id));
    expect(storedVersion.frozenAt).toBeNull();
  });

  it('leaves out reminders that would fall after the send window', async () => {
    const region = await createRegion(db);
    const unit = await createUnit(db);
    const client = await createClient(db, { regionCode: region.code, unitId: unit.id });
    await createContact(db, { clientId: client.id, email: 'late-1@client.test' });
    await createContact(db, { clientId: client.id, email: 'late-2@client.test' });
    const version = await createSurveyVersion(db);
    const day = 24 * 60 * 60 * 1000;
    const wave = await createWave(db, {
      surveyVersionId: version.id,
      audience: { ...blankAudience, units: [unit.id] },
      // Launched late: sending starts now, so only the first reminder still fits before the window closes.
      sendFrom: new Date(Date.now() - 3 * day),
      sendUntil: new Date(Date.now() + 7 * day),
      reminderAfterDays: 5,
      reminderMax: 2,
    });
    const result = (await wavePage.action(
      args(post(`/waves/${wave.id}`, cookies.marketing, [['intent', 'launch']]), { waveId: wave.id }),
    )) as { launched: { invitations: number; mailMessages: number } };
    expect(result.launched).toMatchObject({ invitations: 2, mailMessages: 4 });
  });
});

describe('wave monitor', () => {
  let waveId: string;

  beforeAll(async () => {
    waveId = launchedWaveId;
    const [wave] = await db.select().from(waves).where(eq(waves.id, waveId));
    const version = { id: wave.surveyVersionId };
    const rows = await db.select().from(invitations).where(eq(invitations.waveId, waveId));
    const of = (key: string) => rows.find((row) => row.contactId === ids[key])!;
    const at = new Date();
    const set = (key: string, values: Partial<typeof invitations.$inferInsert>) =>
      db
        .update(invitations)
        .set(values)
        .where(eq(invitations.id, of(key).id));
    await db.update(invitations).set({ status: 'sent', sentAt: at }).where(eq(invitations.waveId, waveId));
    await set('a1', { status: 'completed', openedAt: at, startedAt: at, completedAt: at });
    await set('a2', { status: 'started', openedAt: at, startedAt: at });
    await set('b2', { status: 'started', openedAt: at, startedAt: at });
    await set('b3', { status: 'bounced' });
    await set('d1', { status: 'opted_out', openedAt: at });
    const partial = (key: string, clientId: string, answers: Record<string, unknown>) =>
      db.insert(responses).values({
        invitationId: of(key).id,
        waveId,
        surveyVersionId: version.id,
        clientId,
        contactId: ids[key],
        status: 'partial',
        answers,
        language: 'ru',
        sizeSegment: 'medium',
        industrySection: 'G',
        regionCode: 'RU-MOW',
        contactRole: 'decision_maker',
        isVip: false,
      });
    // Two of the four scored questions: a partial. One of four: a break-off.
    await partial('a2', ids.clientA, { ltr: 9, overall: 4, comments: 'x' });
    await partial('b2', ids.clientB, { ltr: 3, comments: 'y' });
  });

  it('shows the funnel, the AAPOR rates and the account response rate', async () => {
    const page = await wavePage.loader(args(get(`/waves/${waveId}`, cookies.management), { waveId }));
    expect(page.canLaunch).toBe(false);
    const overall = page.monitor!.overall;
    expect(overall).toMatchObject({
      invited: 5,
      sent: 5,
      bounced: 1,
      opened: 4,
      started: 3,
      completed: 1,
      optedOut: 1,
      dispositions: { I: 1, P: 1, R: 2, NC: 1, O: 0, UH: 0, UO: 0, NE: 0 },
      clientsInvited: 3,
      clientsCompleted: 1,
    });
    expect(overall.rates.RR1).toBeCloseTo(0.2);
    expect(overall.rates.RR2).toBeCloseTo(0.4);
    expect(overall.rates.COOP1).toBeCloseTo(0.25);
    expect(overall.accountResponseRate).toBeCloseTo(1 / 3);
    expect(page.monitor!.scoredQuestions).toBe(4);
    expect(page.mail).toEqual([
      { kind: 'invitation', status: 'queued', messages: 5 },
      { kind: 'reminder', status: 'queued', messages: 10 },
    ]);
  });

  it('splits the funnel by size and by manager', async () => {
    const bySize = await wavePage.loader(
      args(get(`/waves/${waveId}?by=size`, cookies.marketing), { waveId }),
    );
    expect(
      bySize.monitor!.segments.map((row) => [
        row.key,
        row.invited,
        row.completed,
        row.dispositions.P,
        row.rates.RR1,
      ]),
    ).toEqual([
      ['micro', 1, 0, 0, 0],
      ['medium', 2, 1, 1, 0.5],
      ['large', 2, 0, 0, 0],
    ]);
    const byManager = await wavePage.loader(
      args(get(`/waves/${waveId}?by=manager`, cookies.marketing), { waveId }),
    );
    expect(byManager.monitor!.segments.map((row) => row.invited).reduce((a, b) => a + b)).toBe(5);
    expect(byManager.monitor!.segments.find((row) => row.key === '')).toMatchObject({
      invited: 1,
      labelEn: '',
    });
  });

  it('counts a contact who left the company as not eligible', async () => {
    await db
      .update(invitations)
      .set({ status: 'sent', startedAt: null, openedAt: null })
      .where(and(eq(invitations.waveId, waveId), eq(invitations.contactId, ids.b3)));
    const { contacts } = await import('#db/schema/index.ts');
    await db.update(contacts).set({ leftCompany: true }).where(eq(contacts.id, ids.b3));
    const page = await wavePage.loader(args(get(`/waves/${waveId}`, cookies.marketing), { waveId }));
    expect(page.monitor!.overall.dispositions).toMatchObject({ NC: 0, NE: 1 });
    await db.update(contacts).set({ leftCompany: false }).where(eq(contacts.id, ids.b3));
  });

  it('lists the wave with its counts', async () => {
    const list = await waveList.loader(args(get('/waves', cookies.management)));
    expect(list.canWrite).toBe(false);
    expect(list.waves.find((wave) => wave.id === waveId)).toMatchObject({
      status: 'running',
      invited: 5,
      completed: 1,
    });
  });
});

describe('access to waves', () => {
  it('gives a manager a 404 for every wave page', async () => {
    const version = await createSurveyVersion(db);
    const wave = await createWave(db, { surveyVersionId: version.id });
    await expect(waveList.loader(args(get('/waves', cookies.manager)))).rejects.toMatchObject({
      status: 404,
    });
    await expect(
      wavePage.loader(args(get(`/waves/${wave.id}`, cookies.manager), { waveId: wave.id })),
    ).rejects.toMatchObject({ status: 404 });
    await expect(newWave.loader(args(get('/waves/new', cookies.manager)))).rejects.toMatchObject({
      status: 404,
    });
  });

  it('lets management follow a wave but not launch it', async () => {
    const version = await createSurveyVersion(db);
    const wave = await createWave(db, { surveyVersionId: version.id, audience: blankAudience });
    const page = await wavePage.loader(
      args(get(`/waves/${wave.id}`, cookies.management), { waveId: wave.id }),
    );
    expect(page.preview).toMatchObject({ matchedContacts: expect.any(Number) });
    expect(page.monitor).toBeNull();
    await expect(
      wavePage.action(
        args(post(`/waves/${wave.id}`, cookies.management, [['intent', 'launch']]), { waveId: wave.id }),
      ),
    ).rejects.toMatchObject({ status: 404 });
    await expect(newWave.loader(args(get('/waves/new', cookies.management)))).rejects.toMatchObject({
      status: 404,
    });
    const [stored] = await db.select().from(waves).where(eq(waves.id, wave.id));
    expect(stored.status).toBe('draft');
  });

  it('answers 404 for a wave that does not exist', async () => {
    for (const waveId of ['00000000-0000-4000-8000-000000000000', 'nope']) {
      await expect(
        wavePage.loader(args(get(`/waves/${waveId}`, cookies.marketing), { waveId })),
      ).rejects.toMatchObject({
        status: 404,
      });
    }
  });
});
