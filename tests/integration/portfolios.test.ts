import { and, asc, eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '#db/client.ts';
import { auditEvents, clientGroups, clients, managerAssignments, managers } from '#db/schema/index.ts';
import type { StaffUser } from '#app/auth/session.server.ts';
import { businessDay } from '#app/models/follow-up-sla.server.ts';
import { reassignClients, reassignmentSchema } from '#app/models/portfolios.server.ts';
import * as managerCard from '#app/routes/_staff.managers.$managerId.tsx';
import * as managerList from '#app/routes/_staff.managers._index.tsx';
import { createClient } from '#tests/factories/clients.ts';
import { createManager, createRegion, createUnit } from '#tests/factories/reference.ts';
import { createStaffUser, signedInCookie } from '#tests/factories/users.ts';
import { openTestDatabase } from '#tests/setup/test-database.ts';

let db: Database;
let regionCode: string;
let unitA: string;
let unitB: string;
/** Unit A: head, m1 (the manager login), m2, m3; unit B: m4. */
const ids = { head: '', m1: '', m2: '', m3: '', m4: '' };
const cookies = { management: '', manager: '', head: '' };
let management: StaffUser;
const today = businessDay();

function daysAgo(days: number): string {
  const date = new Date(`${today}T00:00:00Z`);
  date.setUTCDate(date.getUTCDate() - days);
  return date.toISOString().slice(0, 10);
}

/** A client with a personal manager since `since`, as a first assignment row records it. */
async function servedClient(
  managerId: string,
  options: { since?: string; groupId?: string; unitId?: string } = {},
) {
  const unitId = options.unitId ?? unitA;
  const client = await createClient(db, { regionCode, unitId, managerId, groupId: options.groupId ?? null });
  await db.insert(managerAssignments).values({
    clientId: client.id,
    managerId,
    unitId,
    validFrom: options.since ?? '2023-01-09',
    reason: 'first assignment',
  });
  return client;
}

async function historyOf(clientId: string) {
  return db
    .select({
      managerId: managerAssignments.managerId,
      validFrom: managerAssignments.validFrom,
      validTo: managerAssignments.validTo,
      reason: managerAssignments.reason,
    })
    .from(managerAssignments)
    .where(eq(managerAssignments.clientId, clientId))
    .orderBy(asc(managerAssignments.validFrom));
}

async function auditOf(clientId: string) {
  return db
    .select()
    .from(auditEvents)
    .where(and(eq(auditEvents.entityType, 'client'), eq(auditEvents.entityId, clientId)))
    .orderBy(asc(auditEvents.id));
}

const input = (fields: Record<string, unknown>) =>
  reassignmentSchema.parse({ reason: 'Rotation', ...fields });

function loadCard(viewer: keyof typeof cookies, managerId: string) {
  const request = new Request(`http://localhost/managers/${managerId}`, {
    headers: { Cookie: cookies[viewer] },
  });
  return managerCard.loader({ request, params: { managerId }, context: {} });
}

function loadList(viewer: keyof typeof cookies) {
  const request = new Request('http://localhost/managers', { headers: { Cookie: cookies[viewer] } });
  return managerList.loader({ request, params: {}, context: {} });
}

function postReassignment(managerId: string, fields: [string, string][]) {
  const request = new Request(`http://localhost/managers/${managerId}`, {
    method: 'POST',
    headers: { Cookie: cookies.management },
    body: new URLSearchParams(fields),
  });
  return managerCard.action({ request, params: { managerId }, context: {} }) as Promise<{
    data: Awaited<ReturnType<typeof import('#app/models/portfolios.server.ts').reassignmentFeedback>>;
    init: { status: number };
  }>;
}

beforeAll(async () => {
  ({ db } = await openTestDatabase());
  regionCode = (await createRegion(db)).code;
  unitA = (await createUnit(db)).id;
  unitB = (await createUnit(db)).id;
  ids.head = (await createManager(db, { unitId: unitA, isUnitHead: true })).id;
  ids.m1 = (await createManager(db, { unitId: unitA })).id;
  ids.m2 = (await createManager(db, { unitId: unitA })).id;
  ids.m3 = (await createManager(db, { unitId: unitA })).id;
  ids.m4 = (await createManager(db, { unitId: unitB })).id;
  const managementUser = await createStaffUser(db, 'management');
  management = {
    id: managementUser.id,
    email: managementUser.email,
    fullName: managementUser.fullName,
    role: 'management',
    locale: 'en',
    managerId: null,
  };
  cookies.management = await signedInCookie(managementUser.id);
  cookies.manager = await signedInCookie((await createStaffUser(db, 'manager', { managerId: ids.m1 })).id);
  cookies.head = await signedInCookie((await createStaffUser(db, 'manager', { managerId: ids.head })).id);
});

describe('reassignment', () => {
  it('closes the open assignment, opens the new one and moves the client, with an audit event', async () => {
    const client = await servedClient(ids.m1);
    const result = await reassignClients({
      input: input({ clientIds: [client.id], toManagerId: ids.m2, effectiveOn: daysAgo(30) }),
      actor: management,
      ipAddress: 'test',
    });
    expect(result).toMatchObject({ ok: true, moved: [client.id], rotationWarnings: [] });
    expect(await historyOf(client.id)).toEqual([
      { managerId: ids.m1, validFrom: '2023-01-09', validTo: daysAgo(31), reason: 'first assignment' },
      { managerId: ids.m2, validFrom: daysAgo(30), validTo: null, reason: 'Rotation' },
    ]);
    const [stored] = await db.select().from(clients).where(eq(clients.id, client.id));
    expect(stored).toMatchObject({ managerId: ids.m2, unitId: unitA });
    const [event] = await auditOf(client.id);
    expect(event).toMatchObject({ action: 'client_reassigned', actorUserId: management.id });
    expect(event.detail).toMatchObject({
      from: { managerId: ids.m1 },
      to: { managerId: ids.m2 },
      effectiveOn: daysAgo(30),
      rotationWarning: null,
    });
  });

  it('warns about a second reassignment within twelve months, writes nothing until confirmed, and audits the warning', async () => {
    const client = await servedClient(ids.m1);
    const firstOn = daysAgo(200);
    await reassignClients({
      input: input({ clientIds: [client.id], toManagerId: ids.m2, effectiveOn: firstOn }),
      actor: management,
      ipAddress: 'test',
    });

    const fields: [string, string][] = [
      ['clientId', client.id],
      ['toManagerId', ids.m3],
      ['effectiveOn', daysAgo(5)],
      ['reason', 'Client asked for a new manager'],
    ];
    const warned = await postReassignment(ids.m2, fields);
    expect(warned.init.status).toBe(409);
    expect(warned.data.status).toBe('confirm');
    expect(warned.data.rotationWarnings).toEqual([
      expect.objectContaining({ clientId: client.id, previousChangeOn: firstOn }),
    ]);
    expect((await historyOf(client.id)).map((row) => row.managerId)).toEqual([ids.m1, ids.m2]);
    expect((await auditOf(client.id)).length).toBe(1);

    const confirmed = await postReassignment(ids.m2, [...fields, ['confirmRotation', 'yes']]);
    expect(confirmed.init.status).toBe(200);
    expect(confirmed.data).toMatchObject({ status: 'done', moved: 1 });
    expect((await historyOf(client.id)).map((row) => row.managerId)).toEqual([ids.m1, ids.m2, ids.m3]);
    const events = await auditOf(client.id);
    expect(events).toHaveLength(2);
    expect(events[1].detail).toMatchObject({
      to: { managerId: ids.m3 },
      rotationWarning: { previousChangeOn: firstOn, confirmed: true },
    });
  });

  it('does not warn when the previous change is more than twelve months before the effective date', async () => {
    const client = await servedClient(ids.m1, { since: '2020-01-06' });
    await reassignClients({
      input: input({ clientIds: [client.id], toManagerId: ids.m2, effectiveOn: daysAgo(400) }),
      actor: management,
      ipAddress: 'test',
    });
    const result = await reassignClients({
      input: input({ clientIds: [client.id], toManagerId: ids.m3, effectiveOn: daysAgo(1) }),
      actor: management,
      ipAddress: 'test',
    });
    expect(result).toMatchObject({ ok: true, rotationWarnings: [] });
  });

  it('refuses to split a client group without a written override, naming the group, and allows it with one', async () => {
    const [group] = await db.insert(clientGroups).values({ name: 'ГК «Тестовая»' }).returning();
    const first = await servedClient(ids.m1, { groupId: group.id });
    const second = await servedClient(ids.m1, { groupId: group.id });

    const refused = await postReassignment(ids.m1, [
      ['clientId', first.id],
      ['toManagerId', ids.m2],
      ['effectiveOn', daysAgo(3)],
      ['reason', 'Workload'],
    ]);
    expect(refused.init.status).toBe(409);
    expect(refused.data.status).toBe('conflict');
    expect(refused.data.groupConflicts).toEqual([
      {
        groupId: group.id,
        groupName: 'ГК «Тестовая»',
        managers: expect.arrayContaining([expect.any(String)]),
      },
    ]);
    expect(refused.data.groupConflicts[0].managers).toHaveLength(2);
    expect((await historyOf(first.id)).map((row) => row.managerId)).toEqual([ids.m1]);
    expect(await auditOf(first.id)).toEqual([]);

    const overridden = await reassignClients({
      input: input({
        clientIds: [first.id],
        toManagerId: ids.m2,
        effectiveOn: daysAgo(3),
        groupOverrideReason: 'The subsidiary is run from another city; agreed with the board.',
      }),
      actor: management,
      ipAddress: 'test',
    });
    expect(overridden).toMatchObject({ ok: true, moved: [first.id] });
    const [event] = await auditOf(first.id);
    expect(event.detail).toMatchObject({
      groupOverride: {
        groupId: group.id,
        groupName: 'ГК «Тестовая»',
        reason: 'The subsidiary is run from another city; agreed with the board.',
      },
    });

    // The whole group moving together keeps one manager: no override needed (the first company's
    // second move in days still needs the rotation confirmation).
    const together = await reassignClients({
      input: input({
        clientIds: [first.id, second.id],
        toManagerId: ids.m3,
        effectiveOn: daysAgo(1),
        confirmRotation: 'yes',
      }),
      actor: management,
      ipAddress: 'test',
    });
    expect(together).toMatchObject({ ok: true, moved: expect.arrayContaining([first.id, second.id]) });
  });

  it('moves every client matching the portfolio filter in one bulk reassignment', async () => {
    const m4Clients = [
      await servedClient(ids.m4, { unitId: unitB }),
      await servedClient(ids.m4, { unitId: unitB }),
    ];
    const result = await postReassignment(ids.m4, [
      ['which', 'filtered'],
      ['toManagerId', ids.m3],
      ['effectiveOn', daysAgo(2)],
      ['reason', 'Branch B closes its corporate desk'],
    ]);
    expect(result.data).toMatchObject({ status: 'done', moved: 2 });
    const moved = await db.select().from(clients).where(eq(clients.managerId, ids.m3));
    expect(moved.map((client) => client.id)).toEqual(
      expect.arrayContaining(m4Clients.map((client) => client.id)),
    );
    // The manager's unit comes with them.
    expect(moved.every((client) => client.unitId === unitA)).toBe(true);
  });

  it('refuses an effective date in the future or before the current assignment began, naming the client', async () => {
    const client = await servedClient(ids.m1, { since: daysAgo(10) });
    const future = await reassignClients({
      input: input({ clientIds: [client.id], toManagerId: ids.m2, effectiveOn: '2999-01-01' }),
      actor: management,
      ipAddress: 'test',
    });
    expect(future).toEqual({ ok: false, fieldErrors: { effectiveOn: 'managers:errors.futureDate' } });
    const early = await reassignClients({
      input: input({ clientIds: [client.id], toManagerId: ids.m2, effectiveOn: daysAgo(20) }),
      actor: management,
      ipAddress: 'test',
    });
    expect(early).toMatchObject({
      ok: false,
      fieldErrors: { effectiveOn: 'managers:errors.beforeCurrentAssignment' },
      errorParams: { client: client.name, date: daysAgo(10) },
    });
  });

  it('answers an empty form with the fields to fill', async () => {
    const result = await postReassignment(ids.m1, []);
    expect(result.init.status).toBe(400);
    expect(result.data.fieldErrors).toMatchObject({
      clientIds: 'managers:errors.noClients',
      effectiveOn: 'errors.required',
      reason: 'errors.required',
    });
  });
});

describe('who sees which portfolio', () => {
  it("gives a manager a 404 for another manager's card and lists only their own", async () => {
    const own = await servedClient(ids.m1);
    await servedClient(ids.m2);
    const attempt = await loadCard('manager', ids.m2).catch((thrown) => thrown);
    expect(attempt).toBeInstanceOf(Response);
    expect((attempt as Response).status).toBe(404);

    const card = await loadCard('manager', ids.m1);
    expect(card.card.clients.map((client) => client.id)).toContain(own.id);
    expect(card.card.clients.every((client) => client.id !== undefined)).toBe(true);
    expect(card.canReassign).toBe(false);
    const stored = await db.select({ id: clients.id }).from(clients).where(eq(clients.managerId, ids.m1));
    expect(card.card.clients.map((client) => client.id).sort()).toEqual(stored.map((row) => row.id).sort());

    const list = await loadList('manager');
    expect(list.scope).toBe('own');
    expect(list.managers.map((manager) => manager.id)).toEqual([ids.m1]);
    expect(list.controls).toEqual({ unmanaged: [], splitGroups: [] });
  });

  it("shows a unit head their unit's managers and nobody else's", async () => {
    const list = await loadList('head');
    expect(list.scope).toBe('unit');
    expect(list.managers.map((manager) => manager.id).sort()).toEqual(
      [ids.head, ids.m1, ids.m2, ids.m3].sort(),
    );
    // The total row sums exactly the managers shown, nobody outside the unit.
    const sum = (pick: (manager: (typeof list.managers)[number]) => number) =>
      list.managers.reduce((total, manager) => total + pick(manager), 0);
    expect(list.total).toEqual({
      clients: sum((manager) => manager.counts.clients),
      large: sum((manager) => manager.counts.large),
      vip: sum((manager) => manager.counts.vip),
      revenueRub: sum((manager) => manager.counts.revenueRub),
      incomeRub: sum((manager) => manager.economics.incomeRub),
      costRub: sum((manager) => manager.economics.costRub),
      contributionRub: sum((manager) => manager.economics.contributionRub),
      due: sum((manager) => manager.sla.due),
      onTime: sum((manager) => manager.sla.resolvedOnTime),
      overdue: sum((manager) => manager.counts.overdueFollowUps),
    });
    expect(list.total.clients).toBeGreaterThan(0);
    await expect(loadCard('head', ids.m2)).resolves.toMatchObject({ card: { manager: { id: ids.m2 } } });
    const attempt = await loadCard('head', ids.m4).catch((thrown) => thrown);
    expect((attempt as Response).status).toBe(404);
  });

  it('shows management every manager and flags large and VIP clients without a personal manager', async () => {
    const large = await createClient(db, { regionCode, unitId: unitB, size: 'large', managerId: null });
    const vip = await createClient(db, {
      regionCode,
      unitId: unitA,
      size: 'small',
      managerId: null,
      vipCriteria: ['growth_industry'],
    });
    const ordinary = await createClient(db, { regionCode, unitId: unitA, size: 'small', managerId: null });
    const list = await loadList('management');
    expect(list.scope).toBe('all');
    expect(list.managers.map((manager) => manager.id)).toEqual(expect.arrayContaining(Object.values(ids)));
    const flagged = list.controls.unmanaged.map((client) => client.id);
    expect(flagged).toEqual(expect.arrayContaining([large.id, vip.id]));
    expect(flagged).not.toContain(ordinary.id);

    // The unit head sees only their unit's exceptions.
    const headList = await loadList('head');
    const headFlagged = headList.controls.unmanaged.map((client) => client.id);
    expect(headFlagged).toContain(vip.id);
    expect(headFlagged).not.toContain(large.id);
  });

  it('lists a group split between managers as a control', async () => {
    const [group] = await db.insert(clientGroups).values({ name: 'ГК «Раздельная»' }).returning();
    await servedClient(ids.m1, { groupId: group.id });
    await servedClient(ids.m2, { groupId: group.id });
    const list = await loadList('management');
    const split = list.controls.splitGroups.find((entry) => entry.id === group.id);
    expect(split).toMatchObject({ name: 'ГК «Раздельная»', clients: 2 });
    const names = await db.select({ fullName: managers.fullName }).from(managers);
    expect(split?.managers.every((name) => names.some((row) => row.fullName === name))).toBe(true);
  });
});
