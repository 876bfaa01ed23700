import { and, eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '#db/client.ts';
import {
  auditEvents,
  kpiActuals,
  kpiAdjustments,
  kpiExplanations,
  kpis,
  kpiTargets,
  kpiWeights,
  managerReviews,
  reviewPeriods,
} from '#db/schema/index.ts';
import * as cardRoute from '#app/routes/_staff.performance.managers.$managerId.tsx';
import * as exportRoute from '#app/routes/_staff.performance.managers.$managerId_.export[.]xlsx.ts';
import * as actualsRoute from '#app/routes/_staff.performance.actuals.tsx';
import * as indexRoute from '#app/routes/_staff.performance._index.tsx';
import type { ScorecardView } from '#app/models/scorecards.server.ts';
import { createManager, createRegion, createUnit } from '#tests/factories/reference.ts';
import { createStaffUser, signedInCookie } from '#tests/factories/users.ts';
import { openTestDatabase } from '#tests/setup/test-database.ts';

type Viewer = 'own' | 'colleague' | 'unitHead' | 'otherUnitHead' | 'management';

let db: Database;
const cookies = {} as Record<Viewer, string>;
let ownManagerId: string;
let ownEmail: string;
let adjustedManagerId: string;
let periodId: string;
let incomeId: string;
let fundsId: string;

const flat = Array.from({ length: 12 }, () => 1);

/** Q3 2026 with two flow KPIs: income missed (240 of 300), funds met exactly (300 of 300). */
async function giveCard(managerId: string) {
  for (const kpiId of [incomeId, fundsId]) {
    await db
      .insert(kpiTargets)
      .values({ managerId, kpiId, year: 2026, annualTarget: '1200.00', seasonalProfile: flat });
  }
  for (const month of ['2026-07-01', '2026-08-01', '2026-09-01']) {
    await db.insert(kpiActuals).values([
      { managerId, kpiId: incomeId, month, value: '80.00' },
      { managerId, kpiId: fundsId, month, value: '100.00' },
    ]);
  }
}

beforeAll(async () => {
  ({ db } = await openTestDatabase());
  await createRegion(db);
  const unit = await createUnit(db);
  const otherUnit = await createUnit(db);
  const own = await createManager(db, { unitId: unit.id });
  ownManagerId = own.id;
  ownEmail = own.email;
  const colleague = await createManager(db, { unitId: unit.id });
  const head = await createManager(db, { unitId: unit.id, isUnitHead: true });
  const otherHead = await createManager(db, { unitId: otherUnit.id, isUnitHead: true });
  adjustedManagerId = (await createManager(db, { unitId: unit.id })).id;

  const [income, funds] = await db
    .insert(kpis)
    .values([
      { code: 'commission_income', nameEn: 'Commission income', nameRu: 'Комиссионный доход', unit: 'RUB' },
      { code: 'attracted_funds', nameEn: 'Attracted funds', nameRu: 'Привлечённые средства', unit: 'RUB' },
      // Measured by Barometer, so an import may not carry it; not on the card (no weight).
      {
        code: 'satisfaction',
        nameEn: 'Satisfaction',
        nameRu: 'Удовлетворённость',
        unit: 'points',
        aggregation: 'level',
      },
    ])
    .returning();
  incomeId = income.id;
  fundsId = funds.id;
  const [period] = await db
    .insert(reviewPeriods)
    .values({ name: '2026-Q3', startsOn: '2026-07-01', endsOn: '2026-09-30' })
    .returning();
  periodId = period.id;
  await db.insert(kpiWeights).values([
    { reviewPeriodId: periodId, kpiId: incomeId, weight: 0.6 },
    { reviewPeriodId: periodId, kpiId: fundsId, weight: 0.4 },
  ]);
  await giveCard(ownManagerId);
  await giveCard(adjustedManagerId);

  const user = async (role: 'manager' | 'management', managerId?: string) =>
    signedInCookie((await createStaffUser(db, role, managerId ? { managerId } : {})).id);
  cookies.own = await user('manager', ownManagerId);
  cookies.colleague = await user('manager', colleague.id);
  cookies.unitHead = await user('manager', head.id);
  cookies.otherUnitHead = await user('manager', otherHead.id);
  cookies.management = await user('management');
});

function cardRequest(viewer: Viewer, managerId: string, init: RequestInit = {}) {
  return new Request(`http://localhost/performance/managers/${managerId}?period=${periodId}`, {
    ...init,
    headers: { Cookie: cookies[viewer] },
  });
}

async function readCard(viewer: Viewer, managerId: string) {
  return cardRoute.loader({ request: cardRequest(viewer, managerId), params: { managerId }, context: {} });
}

async function act(viewer: Viewer, managerId: string, fields: Record<string, string>) {
  const request = cardRequest(viewer, managerId, {
    method: 'POST',
    body: new URLSearchParams({ periodId, ...fields }),
  });
  return (await cardRoute.action({ request, params: { managerId }, context: {} })) as unknown as {
    data?: { fieldErrors: Record<string, string> };
    init?: { status: number };
    fieldErrors?: Record<string, string>;
  };
}

async function statusOf(promise: Promise<unknown>): Promise<number> {
  try {
    await promise;
    return 200;
  } catch (thrown) {
    if (thrown instanceof Response) return thrown.status;
    throw thrown;
  }
}

const line = (card: ScorecardView, kpiId: string) => card.lines.find((entry) => entry.kpiId === kpiId)!;

describe('scorecards', () => {
  it('shows the manager their own card with direction-aware attainment and the weighted score', async () => {
    const { review } = await readCard('own', ownManagerId);
    expect(line(review.card, incomeId)).toMatchObject({
      target: 300,
      actual: 240,
      attainment: 0.8,
      belowTarget: true,
      needsExplanation: true,
    });
    expect(line(review.card, fundsId)).toMatchObject({ attainment: 1, belowTarget: false });
    expect(review.card.score).toBeCloseTo(0.6 * 0.8 + 0.4, 12);
    expect(review.card.missingExplanations).toEqual([incomeId]);
  });

  it('lists only their own card to a manager, and their unit to a unit head', async () => {
    const overview = async (viewer: Viewer) => {
      const request = new Request(`http://localhost/performance?period=${periodId}`, {
        headers: { Cookie: cookies[viewer] },
      });
      const result = await indexRoute.loader({ request, params: {}, context: {} });
      return result.scorecards.map((card) => card.manager.id);
    };
    expect(await overview('own')).toEqual([ownManagerId]);
    expect(await overview('unitHead')).toContain(ownManagerId);
    expect(await overview('otherUnitHead')).not.toContain(ownManagerId);
    expect(await overview('management')).toContain(ownManagerId);
  });

  it("answers 404 when a manager opens, exports or explains a colleague's card", async () => {
    expect(await statusOf(readCard('colleague', ownManagerId))).toBe(404);
    expect(await statusOf(readCard('otherUnitHead', ownManagerId))).toBe(404);
    const exportRequest = new Request(
      `http://localhost/performance/managers/${ownManagerId}/export.xlsx?period=${periodId}`,
      { headers: { Cookie: cookies.colleague } },
    );
    expect(
      await statusOf(
        exportRoute.loader({ request: exportRequest, params: { managerId: ownManagerId }, context: {} }),
      ),
    ).toBe(404);
    expect(
      await statusOf(
        act('colleague', ownManagerId, {
          intent: 'explain',
          kpiId: incomeId,
          text: 'Not my card, but let me write.',
        }),
      ),
    ).toBe(404);
    expect(await db.$count(kpiExplanations)).toBe(0);
  });

  it("lets a unit head read their unit's cards but not write the manager's explanation", async () => {
    const { review } = await readCard('unitHead', ownManagerId);
    expect(review.card.manager.id).toBe(ownManagerId);
    expect(
      await statusOf(
        act('unitHead', ownManagerId, {
          intent: 'explain',
          kpiId: incomeId,
          text: 'Written by the unit head.',
        }),
      ),
    ).toBe(404);
  });

  it('refuses to sign a review while a KPI below target is unexplained', async () => {
    const refused = await act('management', ownManagerId, { intent: 'sign' });
    expect(refused.init?.status).toBe(400);
    expect(refused.data?.fieldErrors).toEqual({ form: 'performance:errors.explanationsMissing' });
    expect(await db.$count(managerReviews, eq(managerReviews.status, 'signed'))).toBe(0);
  });

  it("keeps an explanation from the colleague's view and signs once it is written", async () => {
    const saved = await act('own', ownManagerId, {
      intent: 'explain',
      kpiId: incomeId,
      text: 'Two large clients moved their payroll to a state bank in August.',
    });
    expect(saved.fieldErrors).toEqual({});
    expect(await statusOf(readCard('colleague', ownManagerId))).toBe(404);
    const { review } = await readCard('management', ownManagerId);
    expect(line(review.card, incomeId).explanation?.text).toMatch(/payroll/);
    expect(review.card.missingExplanations).toEqual([]);

    const signed = await act('management', ownManagerId, { intent: 'sign' });
    expect(signed.fieldErrors).toEqual({});
    const [stored] = await db.select().from(managerReviews).where(eq(managerReviews.managerId, ownManagerId));
    expect(stored.status).toBe('signed');
    expect((stored.card as ScorecardView).score).toBeCloseTo(0.88, 12);
    const audited = await db
      .select()
      .from(auditEvents)
      .where(eq(auditEvents.action, 'manager_review_signed'));
    expect(audited).toHaveLength(1);
  });

  it('keeps a signed card frozen when the figures change later', async () => {
    await db
      .update(kpiActuals)
      .set({ value: '1000.00' })
      .where(and(eq(kpiActuals.managerId, ownManagerId), eq(kpiActuals.kpiId, incomeId)));
    const { review } = await readCard('own', ownManagerId);
    expect(review.frozen).toBe(true);
    expect(line(review.card, incomeId).actual).toBe(240);
    expect(review.card.score).toBeCloseTo(0.88, 12);
    const late = await act('own', ownManagerId, {
      intent: 'explain',
      kpiId: incomeId,
      text: 'An afterthought.',
    });
    expect(late.init?.status).toBe(400);
  });

  it('exports the review as XLSX', async () => {
    const request = new Request(
      `http://localhost/performance/managers/${ownManagerId}/export.xlsx?period=${periodId}`,
      { headers: { Cookie: cookies.management } },
    );
    const response = await exportRoute.loader({ request, params: { managerId: ownManagerId }, context: {} });
    expect(response.headers.get('Content-Type')).toMatch(/spreadsheetml/);
    const bytes = new Uint8Array(await response.arrayBuffer());
    expect([bytes[0], bytes[1]]).toEqual([0x50, 0x4b]);
  });
});

describe('target adjustments', () => {
  it("answers 404 when a manager proposes an adjustment to a colleague's target", async () => {
    const attempt = act('own', adjustedManagerId, {
      intent: 'propose',
      kpiId: incomeId,
      newTarget: '240',
      reason: 'Key client under sanctions.',
    });
    expect(await statusOf(attempt)).toBe(404);
    expect(await db.$count(kpiAdjustments)).toBe(0);
  });

  it('counts a proposed adjustment only after approval and shows it with its reason', async () => {
    const own = await createStaffUser(db, 'manager', { managerId: adjustedManagerId });
    cookies.own = await signedInCookie(own.id);
    const proposed = await act('own', adjustedManagerId, {
      intent: 'propose',
      kpiId: incomeId,
      newTarget: '240',
      reason: 'Key client lost its export licence in July.',
    });
    expect(proposed.fieldErrors).toEqual({});
    const before = (await readCard('management', adjustedManagerId)).review.card;
    expect(line(before, incomeId)).toMatchObject({ target: 300, attainment: 0.8, adjusted: false });
    expect(line(before, incomeId).adjustments).toMatchObject([
      { status: 'proposed', targetDelta: -60, reason: 'Key client lost its export licence in July.' },
    ]);

    const [adjustment] = await db.select().from(kpiAdjustments);
    expect(
      await statusOf(
        act('own', adjustedManagerId, {
          intent: 'decide',
          adjustmentId: adjustment.id,
          decision: 'approved',
        }),
      ),
    ).toBe(404);
    await act('management', adjustedManagerId, {
      intent: 'decide',
      adjustmentId: adjustment.id,
      decision: 'approved',
    });
    const after = (await readCard('management', adjustedManagerId)).review.card;
    expect(line(after, incomeId)).toMatchObject({
      baseTarget: 300,
      target: 240,
      attainment: 1,
      adjusted: true,
      belowTarget: false,
      needsExplanation: false,
    });
  });
});

describe('actuals import', () => {
  async function upload(content: string, name = 'actuals.csv') {
    const form = new FormData();
    form.set('file', new File([content], name, { type: 'text/csv' }));
    const request = new Request('http://localhost/performance/actuals', {
      method: 'POST',
      headers: { Cookie: cookies.management },
      body: form,
    });
    return (await actualsRoute.action({ request, params: {}, context: {} })) as unknown as {
      data: Awaited<ReturnType<typeof import('#app/models/targets.server.ts').importActuals>>;
      init: { status: number } | null;
    };
  }

  it('refuses a file with a bad row, naming its row and column, and writes nothing', async () => {
    const before = await db.$count(kpiActuals);
    const result = await upload(
      [
        'manager_email,kpi,month,value',
        `${ownEmail},commission_income,2026-10,120`,
        `${ownEmail},attracted_funds,2026-10,12 345,50`.replace('12 345,50', '"12 345,50"'),
        `${ownEmail},commission_income,2026-11,lots`,
        `nobody@bank.test,satisfaction,2026-13,5`,
      ].join('\n'),
    );
    expect(result.init?.status).toBe(400);
    expect(result.data).toEqual({
      ok: false,
      problems: [
        { line: 4, column: 'value', messageKey: 'importErrors.value', value: 'lots' },
        {
          line: 5,
          column: 'manager_email',
          messageKey: 'importErrors.unknownManager',
          value: 'nobody@bank.test',
        },
        { line: 5, column: 'kpi', messageKey: 'importErrors.measuredKpi', value: 'satisfaction' },
        { line: 5, column: 'month', messageKey: 'importErrors.month', value: '2026-13' },
      ],
    });
    expect(await db.$count(kpiActuals)).toBe(before);
  });

  it('imports a valid file in one go and replaces a month imported before', async () => {
    const before = await db.$count(kpiActuals);
    const result = await upload(
      [
        'Manager_Email;KPI;Month;Value',
        `${ownEmail};commission_income;2026-10;120`,
        `${ownEmail};attracted_funds;10.2026;"12 345,50"`,
        `${ownEmail};attracted_funds;2026-09;99`,
      ].join('\n'),
    );
    expect(result.data).toEqual({ ok: true, rows: 3, created: 2, updated: 1 });
    expect(await db.$count(kpiActuals)).toBe(before + 2);
    const [funds] = await db
      .select()
      .from(kpiActuals)
      .where(
        and(
          eq(kpiActuals.managerId, ownManagerId),
          eq(kpiActuals.kpiId, fundsId),
          eq(kpiActuals.month, '2026-10-01'),
        ),
      );
    expect(Number(funds.value)).toBe(12_345.5);
  });
});
