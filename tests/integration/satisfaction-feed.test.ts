import { and, eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { accountRollup, foldAllPendingRollups } from '#analytics/aggregations/index.ts';
import {
  applyResponsesToSatisfactionFeed,
  rebuildSatisfactionFeed,
} from '#analytics/feed/satisfaction-feed.ts';
import type { Database } from '#db/client.ts';
import {
  auditEvents,
  clientLoyalty,
  clientSatisfaction,
  responses,
  settings,
  waves,
} from '#db/schema/index.ts';
import { completeResponse } from '#app/models/responses.server.ts';
import { getLoyaltyMovement } from '#app/models/satisfaction-feed.server.ts';
import { changeSetting } from '#app/models/settings.server.ts';
import { closeWave } from '#app/models/waves.server.ts';
import { createManager, createRegion, createUnit } from '#tests/factories/reference.ts';
import {
  createInvitation,
  createRespondentFixture,
  createSurveyVersion,
  createWave,
  industrialAnswers,
} from '#tests/factories/responses.ts';
import { createStaffUser } from '#tests/factories/users.ts';
import { openTestDatabase } from '#tests/setup/test-database.ts';

let db: Database;
let firstWave: { id: string; surveyVersionId: string };
let champion: Awaited<ReturnType<typeof createRespondentFixture>>;
let detractor: Awaited<ReturnType<typeof createRespondentFixture>>;
let silent: Awaited<ReturnType<typeof createRespondentFixture>>;
let actor: Awaited<ReturnType<typeof createStaffUser>>;

const allSatisfaction = (value: number) => ({
  sat_quality: value,
  sat_delivery: value,
  sat_price: value,
  sat_support: value,
  sat_documents: value,
  sat_manager: value,
});

async function currentState(clientId: string) {
  const [row] = await db.select().from(clientLoyalty).where(eq(clientLoyalty.clientId, clientId));
  return row;
}

async function historyOf(clientId: string) {
  return db.select().from(clientSatisfaction).where(eq(clientSatisfaction.clientId, clientId));
}

beforeAll(async () => {
  ({ db } = await openTestDatabase());
  const region = await createRegion(db);
  const unit = await createUnit(db);
  const managerId = (await createManager(db, { unitId: unit.id })).id;
  const version = await createSurveyVersion(db);
  firstWave = await createWave(db, {
    surveyVersionId: version.id,
    launchedAt: new Date('2026-01-10T09:00:00Z'),
  });
  const common = { wave: firstWave, managerId, unitId: unit.id, regionCode: region.code };
  champion = await createRespondentFixture(db, common);
  detractor = await createRespondentFixture(db, common);
  silent = await createRespondentFixture(db, common);
  actor = await createStaffUser(db, 'marketing');
});

describe('satisfaction feed', () => {
  it('gives each client that completed a response its account scores and state once the fold runs', async () => {
    await completeResponse({
      token: champion.token,
      answers: industrialAnswers({ ltr: 10, ...allSatisfaction(5) }),
    });
    await completeResponse({
      token: detractor.token,
      answers: industrialAnswers({ ltr: 3, ...allSatisfaction(3) }),
    });
    await foldAllPendingRollups(db);

    expect(await currentState(champion.client.id)).toMatchObject({
      waveId: firstWave.id,
      loyaltyState: 'champion',
      previousState: null,
      accountClass: 'promoter',
      netScore: 1,
      csi: 100,
      overall: 75,
      respondents: 1,
      reasons: ['promoter', 'high_csi'],
      rulesVersion: 0,
    });
    expect(await currentState(detractor.client.id)).toMatchObject({
      loyaltyState: 'at_risk',
      accountClass: 'detractor',
      netScore: -1,
      csi: 50,
      reasons: ['detractor'],
    });
    // The wave still runs: a client that has not answered yet is not judged.
    expect(await currentState(silent.client.id)).toBeUndefined();
  });

  it('agrees with the analytics account rollup', async () => {
    const { accounts } = await accountRollup(db, { filter: { waveIds: [firstWave.id] } });
    for (const account of accounts) {
      const state = await currentState(account.clientId);
      expect(state.netScore).toBeCloseTo(account.netScore!, 9);
      expect(state.csi).toBeCloseTo(account.csi!, 9);
    }
  });

  it('rewrites only the clients of the folded responses', async () => {
    const [championResponse] = await db
      .select({ id: responses.id })
      .from(responses)
      .where(and(eq(responses.clientId, champion.client.id), eq(responses.status, 'completed')));
    const detractorBefore = await historyOf(detractor.client.id);
    const championBefore = await currentState(champion.client.id);

    await applyResponsesToSatisfactionFeed(db, [championResponse.id]);

    // The other client's rows are the very rows written before (same ids, same computation time).
    expect(await historyOf(detractor.client.id)).toEqual(detractorBefore);
    const championAfter = await currentState(champion.client.id);
    expect(championAfter.computedAt.getTime()).toBeGreaterThan(championBefore.computedAt.getTime());
    expect(championAfter).toMatchObject({ loyaltyState: 'champion', netScore: 1, csi: 100, overall: 75 });
  });

  it('makes the silent invitees history when the wave closes, and audits the close', async () => {
    await closeWave({
      id: firstWave.id,
      actor: { ...actor, role: 'marketing', locale: 'en', managerId: null },
      ipAddress: '127.0.0.1',
    });
    const [wave] = await db.select().from(waves).where(eq(waves.id, firstWave.id));
    expect(wave.status).toBe('closed');
    expect(await currentState(silent.client.id)).toMatchObject({
      loyaltyState: 'lost_contact',
      reasons: ['silent'],
      csi: null,
    });
    expect(await historyOf(silent.client.id)).toHaveLength(1);
    expect(await currentState(champion.client.id)).toMatchObject({ loyaltyState: 'champion' });
    const audit = await db
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.entityType, 'wave'), eq(auditEvents.entityId, firstWave.id)));
    expect(audit.map((event) => event.action)).toContain('wave_closed');
  });

  it('records the next wave beside the first, with the previous state and the fall in CSI', async () => {
    const secondWave = await createWave(db, {
      surveyVersionId: firstWave.surveyVersionId,
      launchedAt: new Date('2026-06-10T09:00:00Z'),
    });
    const { token } = await createInvitation(db, {
      waveId: secondWave.id,
      clientId: champion.client.id,
      contactId: champion.contact.id,
    });
    await completeResponse({ token, answers: industrialAnswers({ ltr: 9, ...allSatisfaction(4) }) });
    await foldAllPendingRollups(db);

    expect(await currentState(champion.client.id)).toMatchObject({
      waveId: secondWave.id,
      loyaltyState: 'at_risk',
      previousState: 'champion',
      accountClass: 'promoter',
      csi: 75,
      csiChange: -25,
      reasons: ['csi_drop'],
    });
    const history = await historyOf(champion.client.id);
    expect(history.map((row) => [row.waveId, row.loyaltyState]).sort()).toEqual(
      [
        [firstWave.id, 'champion'],
        [secondWave.id, 'at_risk'],
      ].sort(),
    );
  });

  it('counts the moves between the two waves, "not in the wave" for clients of one only', async () => {
    const viewer = { ...actor, role: 'marketing' as const, locale: 'en' as const, managerId: null };
    const movement = await getLoyaltyMovement({
      viewer,
      params: { fromState: 'champion', toState: 'at_risk' },
    });
    expect(movement.waves.map((wave) => wave.id)).toEqual([firstWave.id, movement.to]);
    expect(movement.from).toBe(firstWave.id);
    expect(movement.counts.champion.at_risk).toBe(1);
    expect(movement.counts.at_risk.none).toBe(1);
    expect(movement.counts.lost_contact.none).toBe(1);
    expect(movement.clients.map((client) => client.clientId)).toEqual([champion.client.id]);
  });

  it('refuses contradictory rules from the settings screen and recomputes the feed on a valid change', async () => {
    const viewer = { ...actor, role: 'admin' as const, locale: 'en' as const, managerId: null };
    const fields = {
      'champion.minCsi': '75',
      'satisfied.minCsi': '70',
      'atRisk.csiBelow': '80',
      'atRisk.csiDrop': '10',
      'lostContact.silentWaves': '2',
    };
    const refused = await changeSetting({
      key: 'loyalty_rules',
      fields,
      actor: viewer,
      ipAddress: '127.0.0.1',
    });
    expect(refused).toEqual({
      ok: false,
      fieldErrors: { 'atRisk.csiBelow': 'loyalty:errors.floorAboveSatisfied' },
    });
    const saved = await changeSetting({
      key: 'loyalty_rules',
      fields: { ...fields, 'atRisk.csiBelow': '50', 'lostContact.silentWaves': '1' },
      actor: viewer,
      ipAddress: '127.0.0.1',
    });
    expect(saved).toMatchObject({ ok: true, version: 1 });
    expect(await currentState(champion.client.id)).toMatchObject({
      rulesVersion: 1,
      loyaltyState: 'at_risk',
    });
    await db.delete(settings).where(eq(settings.key, 'loyalty_rules'));
  });

  it('applies a new version of the rules on a rebuild and records which version', async () => {
    await db.insert(settings).values({
      key: 'loyalty_rules',
      version: 1,
      value: {
        champion: { minCsi: 75 },
        satisfied: { minCsi: 70 },
        atRisk: { csiBelow: 50, csiDrop: 30 },
        lostContact: { silentWaves: 2 },
      },
    });
    await rebuildSatisfactionFeed(db);
    expect(await currentState(champion.client.id)).toMatchObject({
      loyaltyState: 'champion',
      previousState: 'champion',
      rulesVersion: 1,
    });
    // The rebuild keeps the history it recomputes: the silent client is still lost contact.
    expect(await currentState(silent.client.id)).toMatchObject({ loyaltyState: 'lost_contact' });
  });
});
