import { eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '#db/client.ts';
import { clientGroups, clientProductIncome, products } from '#db/schema/index.ts';
import type { StaffUser } from '#app/auth/session.server.ts';
import { clientEconomics, figuresByManager, groupEconomics } from '#app/models/economics.server.ts';
import { sql } from 'drizzle-orm';
import { createClient } from '#tests/factories/clients.ts';
import { createManager, createRegion, createUnit } from '#tests/factories/reference.ts';
import { ensureProducts } from '#tests/factories/responses.ts';
import { openTestDatabase } from '#tests/setup/test-database.ts';

let db: Database;
const viewer = (role: StaffUser['role'], managerId: string | null = null): StaffUser => ({
  id: '00000000-0000-4000-8000-000000000001',
  email: 'viewer@test',
  fullName: 'Viewer',
  role,
  locale: 'en',
  managerId,
});
const ids = { manager: '', other: '', first: '', second: '', third: '', group: '', lending: '', cash: '' };

/** Months as ISO first days, oldest first, ending with `last`. */
function months(last: string, count: number): string[] {
  const result: string[] = [];
  for (let index = count - 1; index >= 0; index--) {
    const date = new Date(`${last}T00:00:00Z`);
    date.setUTCMonth(date.getUTCMonth() - index);
    result.push(date.toISOString().slice(0, 10));
  }
  return result;
}

beforeAll(async () => {
  ({ db } = await openTestDatabase());
  const regionCode = (await createRegion(db)).code;
  const unitId = (await createUnit(db)).id;
  ids.manager = (await createManager(db, { unitId })).id;
  ids.other = (await createManager(db, { unitId })).id;
  const [group] = await db.insert(clientGroups).values({ name: 'Холдинг «Экономика»' }).returning();
  ids.group = group.id;
  ids.first = (await createClient(db, { regionCode, unitId, managerId: ids.manager, groupId: group.id })).id;
  ids.second = (await createClient(db, { regionCode, unitId, managerId: ids.manager, groupId: group.id })).id;
  ids.third = (await createClient(db, { regionCode, unitId, managerId: ids.other })).id;
  const [lending, cash] = await ensureProducts(db, ['lending', 'cash_management']).then((rows) =>
    ['lending', 'cash_management'].map((code) => rows.find((row) => row.code === code)!),
  );
  ids.lending = lending.id;
  ids.cash = cash.id;
  // Standard yearly cost to serve: 12 000 for lending (1 000 a month), 2 400 for cash management.
  await db.update(products).set({ costToServeRub: '12000' }).where(eq(products.id, lending.id));
  await db.update(products).set({ costToServeRub: '2400' }).where(eq(products.id, cash.id));

  const rows: (typeof clientProductIncome.$inferInsert)[] = [];
  // First client: lending 10 000 a month for two years, its cost imported as 3 000 in the last year;
  // cash management 500 a month in the last year only, at the standard cost (200 a month).
  months('2026-10-01', 24).forEach((month, index) => {
    rows.push({
      clientId: ids.first,
      productId: ids.lending,
      month,
      incomeRub: '10000',
      costToServeRub: index >= 12 ? '3000' : null,
    });
    if (index >= 12) rows.push({ clientId: ids.first, productId: ids.cash, month, incomeRub: '500' });
  });
  // Second client: cash management 100 a month, below its 200 standard cost.
  for (const month of months('2026-10-01', 12))
    rows.push({ clientId: ids.second, productId: ids.cash, month, incomeRub: '100' });
  // Third client (another manager): lending 4 000 a month.
  for (const month of months('2026-10-01', 12))
    rows.push({ clientId: ids.third, productId: ids.lending, month, incomeRub: '4000' });
  await db.insert(clientProductIncome).values(rows);
});

describe('economics', () => {
  it("sums a client's income, cost to serve and contribution by product over the last twelve months", async () => {
    const economics = await clientEconomics({ clientId: ids.first, viewer: viewer('management') });
    expect(economics.window).toEqual({ from: '2025-11-01', to: '2026-10-01' });
    expect(economics.products).toEqual([
      expect.objectContaining({
        code: 'lending',
        incomeRub: 120_000,
        costRub: 36_000,
        contributionRub: 84_000,
        standardCost: false,
      }),
      expect.objectContaining({
        code: 'cash_management',
        incomeRub: 6_000,
        costRub: 2_400,
        contributionRub: 3_600,
        standardCost: true,
      }),
    ]);
    expect(economics.total).toMatchObject({ incomeRub: 126_000, costRub: 38_400, contributionRub: 87_600 });
    expect(economics.total.margin).toBeCloseTo(87_600 / 126_000, 10);
    // The year before: lending only, at the standard 1 000 a month.
    expect(economics.total.previousContributionRub).toBe(108_000);
    expect(economics.trend).toHaveLength(24);
    expect(economics.trend[0]).toEqual({
      month: '2024-11-01',
      incomeRub: 10_000,
      costRub: 1_000,
      contributionRub: 9_000,
    });
    expect(economics.trend[23]).toEqual({
      month: '2026-10-01',
      incomeRub: 10_500,
      costRub: 3_200,
      contributionRub: 7_300,
    });
    expect(economics.standardCost).toBe(true);
  });

  it('shows a negative contribution when the cost to serve exceeds the income', async () => {
    const economics = await clientEconomics({ clientId: ids.second, viewer: viewer('management') });
    expect(economics.total).toMatchObject({ incomeRub: 1_200, costRub: 2_400, contributionRub: -1_200 });
    expect(economics.total.previousContributionRub).toBeNull();
  });

  it('sums a group over its companies and a manager over their portfolio', async () => {
    const group = await groupEconomics(ids.group, viewer('management'));
    expect(group.economics.total).toMatchObject({
      incomeRub: 127_200,
      costRub: 40_800,
      contributionRub: 86_400,
    });
    expect(group.members.map((member) => [member.clientId, member.contributionRub])).toEqual([
      [ids.first, 87_600],
      [ids.second, -1_200],
    ]);
    const byManager = await figuresByManager(sql`true`);
    expect(byManager.get(ids.manager)).toEqual({
      incomeRub: 127_200,
      costRub: 40_800,
      contributionRub: 86_400,
    });
    expect(byManager.get(ids.other)).toEqual({ incomeRub: 48_000, costRub: 12_000, contributionRub: 36_000 });
  });

  it("answers 404 for a client or group outside a manager's portfolio", async () => {
    const other = viewer('manager', ids.other);
    await expect(clientEconomics({ clientId: ids.first, viewer: other })).rejects.toMatchObject({
      status: 404,
    });
    await expect(groupEconomics(ids.group, other)).rejects.toMatchObject({ status: 404 });
    await expect(clientEconomics({ clientId: ids.third, viewer: other })).resolves.toMatchObject({
      total: { contributionRub: 36_000 },
    });
  });
});
