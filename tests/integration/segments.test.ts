import { and, eq, inArray, sql } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { npsFromCounts } from '#analytics/metrics/index.ts';
import type { Database } from '#db/client.ts';
import {
  auditEvents,
  clientGroups,
  clientProducts,
  clients,
  responses,
  scoreFacts,
  settings,
} from '#db/schema/index.ts';
import type { StaffUser } from '#app/auth/session.server.ts';
import { getClientGroup, listClientGroups } from '#app/models/client-groups.server.ts';
import { listClients } from '#app/models/clients.server.ts';
import { getSegmentExplorer, listCustomSegments, saveCustomSegment } from '#app/models/segments.server.ts';
import * as customSegmentsRoute from '#app/routes/_staff.segments.custom.tsx';
import * as settingsRoute from '#app/routes/_staff.settings._index.tsx';
import { type AnalyticsDataset, createAnalyticsDataset } from '#tests/factories/analytics.ts';
import { createClient } from '#tests/factories/clients.ts';
import { createManager, createRegion, createUnit } from '#tests/factories/reference.ts';
import { createStaffUser, signedInCookie } from '#tests/factories/users.ts';
import { openTestDatabase } from '#tests/setup/test-database.ts';

let db: Database;
let dataset: AnalyticsDataset;
let admin: StaffUser;
let adminCookie: string;

const viewerOf = (
  user: { id: string; email: string; fullName: string; role: StaffUser['role'] },
  managerId: string | null = null,
): StaffUser => ({
  id: user.id,
  email: user.email,
  fullName: user.fullName,
  role: user.role,
  locale: 'en',
  managerId,
});

beforeAll(async () => {
  ({ db } = await openTestDatabase());
  dataset = await createAnalyticsDataset(db, { seed: 5_2026 });
  // Client totals for half of the product rows, so share of business is known for some clients only.
  await db.execute(sql`UPDATE client_products SET volume_rub = 1000 + (income_rub * 7)::numeric(18,2),
    total_volume_rub = CASE WHEN ascii(client_id::text) % 2 = 0 THEN 3000 + income_rub * 20 END`);
  // The explorer offers launched waves, as the dashboards do.
  await db.execute(sql`UPDATE waves SET launched_at = created_at WHERE launched_at IS NULL`);
  const user = await createStaffUser(db, 'admin');
  admin = viewerOf(user);
  adminCookie = await signedInCookie(user.id);
});

async function postSetting(fields: Record<string, string>) {
  const request = new Request('http://localhost/settings', {
    method: 'POST',
    headers: { Cookie: adminCookie, 'Content-Type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams(fields),
  });
  try {
    return await settingsRoute.action({ request, params: {}, context: {} });
  } catch (thrown) {
    if (thrown instanceof Response) return thrown;
    throw thrown;
  }
}

const payload = async (result: unknown) =>
  (result && typeof result === 'object' && 'data' in result
    ? (result as { data: unknown }).data
    : result) as {
    fieldErrors: Record<string, string>;
    saved: { unchanged: boolean; version: number | null; reclassified: number | null } | null;
  };

describe('size thresholds in settings', () => {
  it('re-classifies clients in the transaction of the new version while past responses keep their segment', async () => {
    const [response] = await db
      .select({ id: responses.id, clientId: responses.clientId, size: responses.sizeSegment })
      .from(responses)
      .innerJoin(clients, eq(clients.id, responses.clientId))
      .where(and(eq(responses.status, 'completed'), eq(clients.sizeSegment, 'large')))
      .limit(1);
    expect(response).toBeDefined();
    const recordedSizes = await db.select({ id: responses.id, size: responses.sizeSegment }).from(responses);

    // Raising the medium bounds above every large test client makes them medium.
    const result = await payload(
      await postSetting({
        key: 'size_thresholds',
        'revenueRub.micro': '120000000',
        'revenueRub.small': '800000000',
        'revenueRub.medium': '20000000000',
        'headcount.micro': '15',
        'headcount.small': '100',
        'headcount.medium': '5000',
      }),
    );
    expect(result.fieldErrors).toEqual({});
    expect(result.saved?.version).toBe(1);
    expect(result.saved?.reclassified).toBeGreaterThan(0);

    const [client] = await db.select().from(clients).where(eq(clients.id, response.clientId));
    expect(client.sizeSegment).toBe('medium');
    expect(await db.$count(clients, eq(clients.sizeSegment, 'large'))).toBe(0);
    // Every response keeps the size it was answered with.
    expect(await db.select({ id: responses.id, size: responses.sizeSegment }).from(responses)).toEqual(
      expect.arrayContaining(recordedSizes),
    );

    const [version] = await db.select().from(settings).where(eq(settings.key, 'size_thresholds'));
    expect(version.createdBy).toBe(admin.id);
    const [audit] = await db
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.action, 'setting_changed'), eq(auditEvents.entityId, 'size_thresholds')));
    expect(audit.detail).toMatchObject({ version: 1, reclassified: result.saved?.reclassified });
  });

  it('refuses bounds out of order, naming the field, and writes nothing', async () => {
    const before = await db.$count(settings);
    const result = await payload(
      await postSetting({
        key: 'size_thresholds',
        'revenueRub.micro': '900000000',
        'revenueRub.small': '800000000',
        'revenueRub.medium': '2000000000',
        'headcount.micro': '15',
        'headcount.small': 'many',
        'headcount.medium': '250',
      }),
    );
    expect(result.fieldErrors).toEqual({
      'revenueRub.small': 'settings:errors.aboveMicro',
      'headcount.small': 'errors.number',
    });
    expect(await db.$count(settings)).toBe(before);
  });

  it('saves a plain number as a new version and leaves an unchanged value alone', async () => {
    const first = await payload(await postSetting({ key: 'suppression_threshold', value: '7' }));
    expect(first.saved).toMatchObject({ unchanged: false, version: 1 });
    const again = await payload(await postSetting({ key: 'suppression_threshold', value: '7' }));
    expect(again.saved).toMatchObject({ unchanged: true });
    const invalid = await payload(await postSetting({ key: 'suppression_threshold', value: '0' }));
    expect(invalid.fieldErrors).toEqual({ value: 'settings:errors.tooSmall' });
    await postSetting({ key: 'suppression_threshold', value: '5' });
  });
});

describe('segment explorer', () => {
  it('gives each industry section the figures a direct computation gives', async () => {
    const waveId = dataset.relationshipWaveIds[1];
    const explorer = await getSegmentExplorer({
      viewer: admin,
      params: { dimension: 'section', sizeView: 'standard', wave: waveId },
      locale: 'en',
    });
    const clientRows = await db.select().from(clients);
    const productRows = await db.select().from(clientProducts);
    const completed = await db
      .select({ clientId: responses.clientId })
      .from(responses)
      .where(and(eq(responses.waveId, waveId), eq(responses.status, 'completed')));
    const totalRevenue = productRows.reduce((sum, row) => sum + Number(row.incomeRub), 0);
    const sections = [...new Set(clientRows.map((client) => client.industrySection))];
    expect(explorer.segments.map((segment) => segment.key).sort()).toEqual(sections.sort());

    for (const section of sections) {
      const members = clientRows
        .filter((client) => client.industrySection === section)
        .map((client) => client.id);
      const products = productRows.filter((row) => members.includes(row.clientId));
      const known = products.filter((row) => row.totalVolumeRub !== null && Number(row.totalVolumeRub) > 0);
      const ours = known.reduce(
        (sum, row) => sum + Math.min(Number(row.volumeRub ?? 0), Number(row.totalVolumeRub)),
        0,
      );
      const totals = known.reduce((sum, row) => sum + Number(row.totalVolumeRub), 0);
      const revenue = products.reduce((sum, row) => sum + Number(row.incomeRub), 0);
      const responded = new Set(
        completed.filter((row) => members.includes(row.clientId)).map((row) => row.clientId),
      );
      const ltrs = await db
        .select({ value: scoreFacts.value })
        .from(scoreFacts)
        .innerJoin(responses, eq(responses.id, scoreFacts.responseId))
        .where(
          and(
            eq(scoreFacts.metric, 'nps'),
            eq(responses.waveId, waveId),
            eq(responses.status, 'completed'),
            inArray(responses.clientId, members),
          ),
        );
      const counts = {
        promoters: ltrs.filter((row) => row.value >= 9).length,
        passives: ltrs.filter((row) => row.value >= 7 && row.value <= 8).length,
        detractors: ltrs.filter((row) => row.value <= 6).length,
      };

      const segment = explorer.segments.find((candidate) => candidate.key === section)!;
      expect(segment.clients).toBe(members.length);
      expect(segment.revenue).toBeCloseTo(revenue, 2);
      expect(segment.revenueShare).toBeCloseTo((100 * revenue) / totalRevenue, 6);
      expect(segment.productsPerClient).toBeCloseTo(products.length / members.length, 9);
      if (totals > 0) expect(segment.shareOfBusiness).toBeCloseTo((100 * ours) / totals, 6);
      else expect(segment.shareOfBusiness).toBeNull();
      expect(segment.responseCoverage).toBeCloseTo((100 * responded.size) / members.length, 9);
      if (ltrs.length < explorer.thresholds.suppressBelow) {
        expect(segment.nps).toMatchObject({ suppressed: true, value: null, n: null });
      } else {
        expect(segment.nps.n).toBe(ltrs.length);
        expect(segment.nps.value).toBeCloseTo(npsFromCounts(counts)!.score, 9);
      }
    }
    expect(explorer.ranking.map((entry) => entry.rank)).toEqual(explorer.ranking.map((_, i) => i + 1));
    expect(explorer.tables.targets.rows).toHaveLength(explorer.segments.length);
  });

  it('folds micro into small in the banking view', async () => {
    await db.update(clients).set({ sizeSegment: 'micro' }).where(eq(clients.id, dataset.clientIds[0]));
    const standard = await getSegmentExplorer({
      viewer: admin,
      params: { dimension: 'size', sizeView: 'standard', wave: 'all' },
      locale: 'en',
    });
    const banking = await getSegmentExplorer({
      viewer: admin,
      params: { dimension: 'size', sizeView: 'banking', wave: 'all' },
      locale: 'en',
    });
    const count = (result: typeof standard, key: string) =>
      result.segments.find((segment) => segment.key === key)?.clients ?? 0;
    expect(count(standard, 'micro')).toBeGreaterThan(0);
    expect(count(banking, 'micro')).toBe(0);
    expect(count(banking, 'small')).toBe(count(standard, 'small') + count(standard, 'micro'));
  });

  it('uses a saved custom segment in the explorer and as a clients-list filter', async () => {
    const { id } = await saveCustomSegment({
      input: {
        name: 'VIP in holdings',
        description: null,
        shared: false,
        definition: { vip: true, inGroup: true },
      },
      viewer: admin,
      ipAddress: 'test',
    });
    const expected = await db
      .select({ id: clients.id })
      .from(clients)
      .where(sql`cardinality(${clients.vipCriteria}) > 0 AND ${clients.groupId} IS NOT NULL`);
    const list = await listClients({
      viewer: admin,
      filter: { segment: id, page: 1, q: undefined, region: undefined },
    });
    expect(list.total).toBe(expected.length);
    const explorer = await getSegmentExplorer({
      viewer: admin,
      params: { dimension: 'custom', sizeView: 'standard', wave: 'all' },
      locale: 'en',
    });
    expect(explorer.segments.find((segment) => segment.key === id)?.clients).toBe(expected.length);

    // Another user's private segment is not theirs to use.
    const marketing = viewerOf(await createStaffUser(db, 'marketing'));
    await expect(
      listClients({ viewer: marketing, filter: { segment: id, page: 1, q: undefined, region: undefined } }),
    ).rejects.toMatchObject({
      status: 404,
    });
  });
});

describe('custom segment editing', () => {
  it('opens a shared segment in the editor for its owner and an administrator only', async () => {
    const owner = await createStaffUser(db, 'marketing');
    const colleague = await createStaffUser(db, 'marketing');
    const { id } = await saveCustomSegment({
      input: { name: 'Shared large', description: null, shared: true, definition: { sizes: ['large'] } },
      viewer: viewerOf(owner),
      ipAddress: 'test',
    });
    const open = async (user: { id: string }) => {
      const request = new Request(`http://localhost/segments/custom?edit=${id}`, {
        headers: { Cookie: await signedInCookie(user.id) },
      });
      try {
        return await customSegmentsRoute.loader({ request, params: {}, context: {} });
      } catch (thrown) {
        if (thrown instanceof Response) return thrown;
        throw thrown;
      }
    };
    const byOwner = await open(owner);
    expect(byOwner).not.toBeInstanceOf(Response);
    expect((byOwner as { editing: { id: string } | null }).editing?.id).toBe(id);
    const byAdmin = await open({ id: admin.id });
    expect((byAdmin as { editing: { id: string } | null }).editing?.id).toBe(id);

    // The colleague sees it in the list, unchangeable, and an edit link sends them back to the list.
    const listed = await listCustomSegments(viewerOf(colleague));
    expect(listed.find((segment) => segment.id === id)?.editable).toBe(false);
    const byColleague = await open(colleague);
    expect(byColleague).toBeInstanceOf(Response);
    expect((byColleague as Response).status).toBe(302);
    expect((byColleague as Response).headers.get('Location')).toBe('/segments/custom');
  });
});

describe('client groups', () => {
  it('warns about a group served by two units and shows a manager only their own companies', async () => {
    const region = await createRegion(db);
    const [unitA, unitB] = [await createUnit(db), await createUnit(db)];
    const [managerA, managerB] = [
      await createManager(db, { unitId: unitA.id }),
      await createManager(db, { unitId: unitB.id }),
    ];
    const [group] = await db.insert(clientGroups).values({ name: 'ГК «Раздельная»' }).returning();
    const [centralGroup] = await db.insert(clientGroups).values({ name: 'ГК «Единая»' }).returning();
    const own = await createClient(db, {
      regionCode: region.code,
      unitId: unitA.id,
      managerId: managerA.id,
      groupId: group.id,
    });
    await createClient(db, {
      regionCode: region.code,
      unitId: unitB.id,
      managerId: managerB.id,
      groupId: group.id,
    });
    await createClient(db, {
      regionCode: region.code,
      unitId: unitB.id,
      managerId: managerB.id,
      groupId: centralGroup.id,
    });

    const full = await getClientGroup({ id: group.id, viewer: admin, wave: 'all', locale: 'en' });
    expect(full.centralisation).toEqual({ centralised: false, splitUnits: true, splitManagers: true });
    expect(full.companies).toHaveLength(2);

    const managerUser = await createStaffUser(db, 'manager', { managerId: managerA.id });
    const manager = viewerOf(managerUser, managerA.id);
    const scoped = await getClientGroup({ id: group.id, viewer: manager, wave: 'all', locale: 'en' });
    expect(scoped.companies.map((company) => company.id)).toEqual([own.id]);
    expect(scoped.hiddenCompanies).toBe(1);
    expect(scoped.centralisation.centralised).toBe(false);
    expect(scoped.managers.find((entry) => entry.id === managerB.id)?.name).toBeNull();

    const listed = await listClientGroups({ viewer: manager, wave: 'all', locale: 'en' });
    expect(listed.groups.map((row) => row.id)).toEqual([group.id]);
    await expect(
      getClientGroup({ id: centralGroup.id, viewer: manager, wave: 'all', locale: 'en' }),
    ).rejects.toMatchObject({
      status: 404,
    });
    const all = await listClientGroups({ viewer: admin, wave: 'all', locale: 'en' });
    expect(all.groups.find((row) => row.id === centralGroup.id)?.centralised).toBe(true);
  });
});
