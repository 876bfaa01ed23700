import { and, eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '#db/client.ts';
import { auditEvents, followUps } from '#db/schema/index.ts';
import { completeResponse } from '#app/models/responses.server.ts';
import * as followUpsRoute from '#app/routes/_staff.follow-ups.tsx';
import { createManager, createRegion, createUnit } from '#tests/factories/reference.ts';
import { createRespondentFixture, industrialAnswers } from '#tests/factories/responses.ts';
import { createStaffUser, signedInCookie } from '#tests/factories/users.ts';
import { openTestDatabase } from '#tests/setup/test-database.ts';

let db: Database;
let ownFollowUpId: string;
let otherFollowUpId: string;
let ownManagerId: string;
let otherManagerId: string;
const cookies: Record<'manager' | 'management' | 'marketing', string> = {
  manager: '',
  management: '',
  marketing: '',
};

/** A detractor's completed response for a client of this manager: one follow-up. */
async function detractorFollowUp(managerId: string, unitId: string, regionCode: string) {
  const { token } = await createRespondentFixture(db, { managerId, unitId, regionCode });
  const { responseId } = await completeResponse({
    token,
    answers: industrialAnswers({ ltr: 2, comments: 'Deliveries are late every month.' }),
  });
  const [followUp] = await db.select().from(followUps).where(eq(followUps.responseId, responseId));
  return followUp.id;
}

beforeAll(async () => {
  ({ db } = await openTestDatabase());
  const region = await createRegion(db);
  const unit = await createUnit(db);
  ownManagerId = (await createManager(db, { unitId: unit.id })).id;
  otherManagerId = (await createManager(db, { unitId: unit.id })).id;
  ownFollowUpId = await detractorFollowUp(ownManagerId, unit.id, region.code);
  otherFollowUpId = await detractorFollowUp(otherManagerId, unit.id, region.code);
  const manager = await createStaffUser(db, 'manager', { managerId: ownManagerId });
  cookies.manager = await signedInCookie(manager.id);
  cookies.management = await signedInCookie((await createStaffUser(db, 'management')).id);
  cookies.marketing = await signedInCookie((await createStaffUser(db, 'marketing')).id);
});

async function list(viewer: keyof typeof cookies, query = '') {
  const request = new Request(`http://localhost/follow-ups${query}`, {
    headers: { Cookie: cookies[viewer] },
  });
  return followUpsRoute.loader({ request, params: {}, context: {} });
}

async function act(viewer: keyof typeof cookies, fields: Record<string, string>) {
  const request = new Request('http://localhost/follow-ups', {
    method: 'POST',
    headers: { Cookie: cookies[viewer] },
    body: new URLSearchParams(fields),
  });
  return followUpsRoute.action({ request, params: {}, context: {} });
}

async function stored(id: string) {
  const [row] = await db.select().from(followUps).where(eq(followUps.id, id));
  return row;
}

describe('follow-ups', () => {
  it("lists only the manager's own follow-ups to a manager, with the detractor's score and comment", async () => {
    const { rows, managers } = await list('manager');
    expect(rows.map((row) => row.id)).toEqual([ownFollowUpId]);
    expect(rows[0]).toMatchObject({
      reason: 'detractor',
      ltr: 2,
      comment: 'Deliveries are late every month.',
      status: 'open',
      overdue: false,
    });
    expect(managers).toEqual([]);
  });

  it('lists everyone’s follow-ups to management, filterable by manager', async () => {
    const all = await list('management');
    expect(all.rows.map((row) => row.id).sort()).toEqual([ownFollowUpId, otherFollowUpId].sort());
    const filtered = await list('management', `?manager=${otherManagerId}`);
    expect(filtered.rows.map((row) => row.id)).toEqual([otherFollowUpId]);
    const byReason = await list('management', '?reason=contact_request');
    expect(byReason.rows).toEqual([]);
  });

  it("answers 404 when a manager tries to resolve another manager's follow-up", async () => {
    const attempt = await act('manager', {
      intent: 'resolve',
      followUpId: otherFollowUpId,
      outcome: 'Called them.',
    }).catch((thrown) => thrown);
    expect(attempt).toBeInstanceOf(Response);
    expect((attempt as Response).status).toBe(404);
    expect(await stored(otherFollowUpId)).toMatchObject({ status: 'open', outcome: null });
  });

  it('does not let marketing resolve', async () => {
    const attempt = await act('marketing', { intent: 'start', followUpId: ownFollowUpId }).catch(
      (thrown) => thrown,
    );
    expect((attempt as Response).status).toBe(404);
  });

  it('needs a note to resolve, shown beside the field', async () => {
    const refused = (await act('manager', {
      intent: 'resolve',
      followUpId: ownFollowUpId,
      outcome: '   ',
    })) as {
      data: { followUpId: string; fieldErrors: Record<string, string> };
      init: { status: number };
    };
    expect(refused.init.status).toBe(400);
    expect(refused.data).toEqual({ followUpId: ownFollowUpId, fieldErrors: { outcome: 'errors.required' } });
    expect(await stored(ownFollowUpId)).toMatchObject({ status: 'open', outcome: null, resolvedAt: null });
  });

  it('can be taken in progress, then resolved with its outcome and an audit event', async () => {
    await act('manager', { intent: 'start', followUpId: ownFollowUpId });
    expect(await stored(ownFollowUpId)).toMatchObject({ status: 'in_progress' });

    await act('manager', {
      intent: 'resolve',
      followUpId: ownFollowUpId,
      outcome: 'Met the logistics director; weekly delivery slots agreed.',
    });
    const resolved = await stored(ownFollowUpId);
    expect(resolved).toMatchObject({
      status: 'resolved',
      outcome: 'Met the logistics director; weekly delivery slots agreed.',
    });
    expect(resolved.resolvedAt).not.toBeNull();
    expect(resolved.resolvedBy).not.toBeNull();
    const audit = await db
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.entityType, 'follow_up'), eq(auditEvents.entityId, ownFollowUpId)));
    expect(audit.map((event) => event.action)).toEqual(['follow_up_started', 'follow_up_resolved']);

    const unresolved = await list('manager');
    expect(unresolved.rows).toEqual([]);
    const resolvedList = await list('manager', '?status=resolved');
    expect(resolvedList.rows.map((row) => row.id)).toEqual([ownFollowUpId]);
  });

  it('lets management resolve any follow-up', async () => {
    await act('management', {
      intent: 'resolve',
      followUpId: otherFollowUpId,
      outcome: 'Escalated to the COO.',
    });
    expect(await stored(otherFollowUpId)).toMatchObject({
      status: 'resolved',
      outcome: 'Escalated to the COO.',
    });
  });
});
