import { eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '#db/client.ts';
import { managers, reviewPeriods } from '#db/schema/index.ts';
import { seedDemoData } from '#db/seed/index.ts';
import { type PeriodFairScores, periodFairScores } from '#app/models/fair-scores.server.ts';
import type { ReviewPeriod } from '#app/models/kpis.server.ts';
import { computeScorecards, type ManagerSummary } from '#app/models/scorecards.server.ts';
import { openTestDatabase } from '#tests/setup/test-database.ts';

// The demo story of manager performance, on the seeded database: the fair satisfaction score must
// single out the weak manager and must not let a manager with two responding clients stand out.
describe('fair satisfaction scores on the demo data', () => {
  let db: Database;
  let scores: PeriodFairScores;
  let q3: ReviewPeriod;
  let managerId: (fullName: string) => Promise<string>;

  beforeAll(async () => {
    ({ db } = await openTestDatabase());
    const seeded = await seedDemoData(db);
    if (!seeded.seeded) throw new Error(seeded.reason);
    [q3] = await db.select().from(reviewPeriods).where(eq(reviewPeriods.name, '2026-Q3'));
    scores = await periodFairScores(q3);
    managerId = async (fullName) => {
      const [manager] = await db
        .select({ id: managers.id })
        .from(managers)
        .where(eq(managers.fullName, fullName));
      return manager.id;
    };
  }, 300_000);

  it('measures satisfaction over the twelve months to the end of the quarter', () => {
    expect(scores.window).toEqual({ startsOn: '2025-10-01', endsOn: '2026-09-30' });
    expect(scores.csi?.managers.length).toBeGreaterThan(20);
  });

  it('places the weak manager below the company mean with an interval that excludes it', async () => {
    const weakId = await managerId('Зиновьев Ярослав Олегович');
    for (const metric of ['csi', 'nps'] as const) {
      const set = scores[metric]!;
      const weak = set.managers.find((manager) => manager.managerId === weakId)!;
      expect(weak.shrunk).toBeLessThan(set.mean);
      expect(weak.ci95[1]).toBeLessThan(set.mean);
      expect(weak.versusMean).toBe('below');
    }
  });

  it('shrinks the manager with two responding clients toward the mean', async () => {
    const smallId = await managerId('Шмелёв Георгий Андреевич');
    for (const metric of ['csi', 'nps'] as const) {
      const set = scores[metric]!;
      const small = set.managers.find((manager) => manager.managerId === smallId)!;
      expect(small.n).toBe(2);
      expect(small.reliability).toBeLessThan(0.5);
      expect(Math.abs(small.shrunk - set.mean)).toBeLessThan(Math.abs(small.adjusted - set.mean));
      expect(small.ci95[0]).toBeLessThan(set.mean);
      expect(small.ci95[1]).toBeGreaterThan(set.mean);
    }
  });

  it('counts the fair score on the card only with an effective n of 30 or more', async () => {
    const summary = async (fullName: string): Promise<ManagerSummary> => ({
      id: await managerId(fullName),
      fullName,
      unitNameEn: '',
      unitNameRu: '',
      active: true,
    });
    const [weak, small] = await computeScorecards({
      managerList: [await summary('Зиновьев Ярослав Олегович'), await summary('Шмелёв Георгий Андреевич')],
      period: q3,
      fairScores: scores,
    });
    const satisfaction = (card: typeof weak) => card.lines.find((line) => line.code === 'satisfaction')!;
    // Without a target of their own, the bar is the company mean, which the weak manager is below.
    expect(satisfaction(weak)).toMatchObject({ excluded: null, belowTarget: true, needsExplanation: true });
    expect(satisfaction(weak).satisfaction?.targetIsCompanyMean).toBe(true);
    expect(satisfaction(small)).toMatchObject({
      excluded: 'low-base',
      effectiveWeight: 0,
      needsExplanation: false,
    });
    expect(weak.score).not.toBeNull();
  });
});
