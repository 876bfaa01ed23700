import { and, eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '#db/client.ts';
import { auditEvents, followUps, mailMessages } from '#db/schema/index.ts';
import { escalateOverdueFollowUps } from '#app/follow-ups/escalation.server.ts';
import { slaAdherence } from '#app/models/follow-up-sla.server.ts';
import { completeResponse } from '#app/models/responses.server.ts';
import * as followUpsRoute from '#app/routes/_staff.follow-ups.tsx';
import { createManager, createRegion, createUnit } from '#tests/factories/reference.ts';
import { createRespondentFixture, industrialAnswers } from '#tests/factories/responses.ts';
import { createStaffUser, signedInCookie } from '#tests/factories/users.ts';
import { openTestDatabase } from '#tests/setup/test-database.ts';

let db: Database;
let regionCode: string;
let unitId: string;
let headId: string;
let headEmail: string;
let managerId: string;

/** A detractor's completed response for a client of this manager: one follow-up. */
async function followUpFor(manager: string) {
  const { token } = await createRespondentFixture(db, { managerId: manager, unitId, regionCode });
  const { responseId } = await completeResponse({ token, answers: industrialAnswers({ ltr: 1 }) });
  const [followUp] = await db.select().from(followUps).where(eq(followUps.responseId, responseId));
  return followUp.id;
}

async function setFollowUp(id: string, values: Partial<typeof followUps.$inferInsert>) {
  await db.update(followUps).set(values).where(eq(followUps.id, id));
}

beforeAll(async () => {
  ({ db } = await openTestDatabase());
  regionCode = (await createRegion(db)).code;
  unitId = (await createUnit(db)).id;
  const head = await createManager(db, { unitId, isUnitHead: true });
  headId = head.id;
  headEmail = head.email;
  managerId = (await createManager(db, { unitId })).id;
});

describe('escalation of overdue follow-ups', () => {
  it('escalates an overdue follow-up to the unit head once, with one mail and an audit event', async () => {
    const overdue = await followUpFor(managerId);
    const notYetDue = await followUpFor(managerId);
    const resolvedLate = await followUpFor(managerId);
    await setFollowUp(overdue, { dueOn: '2026-03-02' });
    await setFollowUp(notYetDue, { dueOn: '2026-03-06' });
    await setFollowUp(resolvedLate, {
      dueOn: '2026-03-02',
      status: 'resolved',
      outcome: 'Called.',
      resolvedAt: new Date('2026-03-04T09:00:00Z'),
    });
    // The head's own overdue follow-up has nobody above it in the unit.
    const headsOwn = await followUpFor(headId);
    await setFollowUp(headsOwn, { dueOn: '2026-03-02' });

    const now = new Date('2026-03-04T07:00:00Z'); // Wednesday 10:00 in Moscow
    const first = await escalateOverdueFollowUps({ now });
    expect(first).toEqual({ escalated: 1, mails: 1 });
    const [escalated] = await db.select().from(followUps).where(eq(followUps.id, overdue));
    expect(escalated.escalatedTo).toBe(headId);
    expect(escalated.escalatedAt?.toISOString()).toBe(now.toISOString());
    for (const id of [notYetDue, resolvedLate, headsOwn]) {
      const [row] = await db.select().from(followUps).where(eq(followUps.id, id));
      expect(row.escalatedAt).toBeNull();
    }
    const mails = await db.select().from(mailMessages).where(eq(mailMessages.toAddress, headEmail));
    expect(mails).toHaveLength(1);
    expect(mails[0]).toMatchObject({ kind: 'staff', status: 'queued' });
    expect(mails[0].textBody).toContain('2026-03-02');
    const audit = await db
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.action, 'follow_up_escalated'), eq(auditEvents.entityId, overdue)));
    expect(audit).toHaveLength(1);
    expect(audit[0].detail).toMatchObject({ escalatedTo: headId, managerId, dueOn: '2026-03-02' });

    // Idempotent: the next run, even a day later, finds nothing new for this follow-up.
    const second = await escalateOverdueFollowUps({ now: new Date('2026-03-04T12:00:00Z') });
    expect(second).toEqual({ escalated: 0, mails: 0 });
    expect(await db.$count(mailMessages, eq(mailMessages.toAddress, headEmail))).toBe(1);
  });

  it("shows the escalated follow-up on the unit head's follow-ups page", async () => {
    const head = await createStaffUser(db, 'manager', { managerId: headId });
    const request = new Request('http://localhost/follow-ups', {
      headers: { Cookie: await signedInCookie(head.id) },
    });
    const { rows } = await followUpsRoute.loader({ request, params: {}, context: {} });
    const escalated = await db
      .select({ id: followUps.id })
      .from(followUps)
      .where(eq(followUps.escalatedTo, headId));
    expect(escalated).toHaveLength(1);
    expect(rows.map((row) => row.id)).toContain(escalated[0].id);
  });
});

describe('SLA adherence', () => {
  it('counts follow-ups resolved by their due day over those due in the period whose outcome is known', async () => {
    const manager = (await createManager(db, { unitId })).id;
    const onTime = await followUpFor(manager);
    const late = await followUpFor(manager);
    const openOverdue = await followUpFor(manager);
    const notYetDue = await followUpFor(manager);
    const outsidePeriod = await followUpFor(manager);
    // Resolved at 23:30 Moscow time on the due day: still on time (20:30 UTC).
    await setFollowUp(onTime, {
      dueOn: '2026-05-12',
      status: 'resolved',
      outcome: 'Done.',
      resolvedAt: new Date('2026-05-12T20:30:00Z'),
    });
    // 00:30 Moscow time the day after (21:30 UTC on the due day): late.
    await setFollowUp(late, {
      dueOn: '2026-05-12',
      status: 'resolved',
      outcome: 'Done.',
      resolvedAt: new Date('2026-05-12T21:30:00Z'),
    });
    await setFollowUp(openOverdue, { dueOn: '2026-05-20' });
    await setFollowUp(notYetDue, { dueOn: '2026-05-29' });
    await setFollowUp(outsidePeriod, { dueOn: '2026-06-02' });

    const result = await slaAdherence({
      managerId: manager,
      from: '2026-05-01',
      to: '2026-05-31',
      asOf: '2026-05-25',
    });
    expect(result).toEqual({ resolvedOnTime: 1, due: 3, share: 1 / 3 });
    const empty = await slaAdherence({ managerId: manager, from: '2025-01-01', to: '2025-12-31' });
    expect(empty).toEqual({ resolvedOnTime: 0, due: 0, share: null });
  });
});
