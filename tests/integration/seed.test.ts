import { and, avg, countDistinct, desc, eq, inArray, isNull, sum } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '#db/client.ts';
import { isValidInn } from '#db/inn.ts';
import * as schema from '#db/schema/index.ts';
import { isDatabaseEmpty, type SeedResult, seedDemoData } from '#db/seed/index.ts';
import type { SurveyDefinition } from '#surveys/definition.ts';
import { withProductRows } from '#surveys/product-rows.ts';
import { compileValidator } from '#surveys/validation.ts';
import { openTestDatabase } from '#tests/setup/test-database.ts';

const countedTables = {
  users: schema.users,
  settings: schema.settings,
  regions: schema.regions,
  units: schema.units,
  managers: schema.managers,
  clientGroups: schema.clientGroups,
  clients: schema.clients,
  managerAssignments: schema.managerAssignments,
  contacts: schema.contacts,
  products: schema.products,
  clientProducts: schema.clientProducts,
  surveys: schema.surveys,
  surveyVersions: schema.surveyVersions,
  waves: schema.waves,
  invitations: schema.invitations,
  invitationEvents: schema.invitationEvents,
  responses: schema.responses,
  scoreFacts: schema.scoreFacts,
  followUps: schema.followUps,
  kpiTargets: schema.kpiTargets,
  kpiActuals: schema.kpiActuals,
};

async function rowCounts(db: Database) {
  const counts: Record<string, number> = {};
  for (const [name, table] of Object.entries(countedTables)) counts[name] = await db.$count(table);
  return counts;
}

async function distinctCount(db: Database, column: typeof schema.clients.industrySection) {
  const [row] = await db.select({ n: countDistinct(column) }).from(schema.clients);
  return row.n;
}

async function meanLtr(db: Database, waveId: string, managerId?: string) {
  const [row] = await db
    .select({ mean: avg(schema.scoreFacts.value) })
    .from(schema.scoreFacts)
    .innerJoin(schema.responses, eq(schema.responses.id, schema.scoreFacts.responseId))
    .where(
      and(
        eq(schema.scoreFacts.waveId, waveId),
        eq(schema.scoreFacts.metric, 'nps'),
        managerId ? eq(schema.responses.managerId, managerId) : undefined,
      ),
    );
  return Number(row.mean);
}

describe('demo seed', () => {
  let db: Database;
  let result: SeedResult;

  beforeAll(async () => {
    ({ db } = await openTestDatabase());
    result = await seedDemoData(db);
  });

  it('fills an empty database with a client base spread over segments, industries and territories', async () => {
    expect(result.seeded).toBe(true);
    expect(await isDatabaseEmpty(db)).toBe(false);
    const counts = await rowCounts(db);
    expect(counts.clients).toBeGreaterThanOrEqual(2000);
    expect(counts.regions).toBeGreaterThanOrEqual(8);
    expect(counts.units).toBe(5);
    expect(counts.managers).toBeGreaterThanOrEqual(25);
    expect(counts.products).toBeGreaterThanOrEqual(10);
    expect(await distinctCount(db, schema.clients.industrySection)).toBeGreaterThanOrEqual(12);
    const sizes = await db.selectDistinct({ size: schema.clients.sizeSegment }).from(schema.clients);
    expect(sizes.map((row) => row.size).sort()).toEqual(['large', 'medium', 'micro', 'small']);
  });

  it('gives every client a valid INN', async () => {
    const rows = await db.select({ inn: schema.clients.inn }).from(schema.clients);
    expect(rows.filter((row) => !isValidInn(row.inn))).toEqual([]);
  });

  it('records three closed waves with completed responses and their score facts', async () => {
    const waves = await db.select().from(schema.waves);
    expect(waves).toHaveLength(3);
    expect(waves.every((wave) => wave.status === 'closed')).toBe(true);
    for (const wave of waves) {
      expect(
        await db.$count(
          schema.responses,
          and(eq(schema.responses.waveId, wave.id), eq(schema.responses.status, 'completed')),
        ),
      ).toBeGreaterThan(300);
      expect(await db.$count(schema.scoreFacts, eq(schema.scoreFacts.waveId, wave.id))).toBeGreaterThan(3000);
    }
  });

  it('builds the analytics rollups from the score facts', async () => {
    const [rollup] = await db
      .select({ answers: sum(schema.scoreRollups.answers).mapWith(Number) })
      .from(schema.scoreRollups)
      .where(
        and(
          eq(schema.scoreRollups.dimension, 'total'),
          eq(schema.scoreRollups.metric, 'nps'),
          isNull(schema.scoreRollups.productId),
        ),
      );
    expect(rollup.answers).toBe(await db.$count(schema.scoreFacts, eq(schema.scoreFacts.metric, 'nps')));
  });

  it("stores answers the survey version accepts, with each client's products as the matrix rows", async () => {
    const [{ definition }] = await db
      .selectDistinct({ definition: schema.surveyVersions.definition })
      .from(schema.surveyVersions)
      .innerJoin(schema.waves, eq(schema.waves.surveyVersionId, schema.surveyVersions.id));
    const products = await db.select().from(schema.products);
    const sample = await db
      .select()
      .from(schema.responses)
      .where(eq(schema.responses.status, 'completed'))
      .limit(200);
    for (const response of sample) {
      const rows = products.filter((product) => response.productIds.includes(product.id));
      const validate = compileValidator(withProductRows(definition as SurveyDefinition, rows));
      expect(validate(response.answers, { complete: true })).toMatchObject({ ok: true });
    }
  });

  it("shows the weak manager's clients clearly less satisfied in the last wave", async () => {
    if (!result.seeded) throw new Error('not seeded');
    const [lastWave] = await db.select().from(schema.waves).orderBy(desc(schema.waves.sendFrom)).limit(1);
    const company = await meanLtr(db, lastWave.id);
    const weak = await meanLtr(db, lastWave.id, result.cast.weakManager.id);
    expect(weak).toBeLessThan(company - 0.5);
  });

  it('leaves one manager with only two responding clients', async () => {
    if (!result.seeded) throw new Error('not seeded');
    const [row] = await db
      .select({ clients: countDistinct(schema.responses.clientId) })
      .from(schema.responses)
      .where(
        and(
          eq(schema.responses.managerId, result.cast.twoClientManager.id),
          eq(schema.responses.status, 'completed'),
        ),
      );
    expect(row.clients).toBe(2);
  });

  it('links the two manager logins to different managers with separate portfolios', async () => {
    const linked = await db
      .select({ email: schema.users.email, managerId: schema.managers.id })
      .from(schema.users)
      .innerJoin(schema.managers, eq(schema.managers.userId, schema.users.id))
      .where(inArray(schema.users.email, ['manager@barometer.local', 'manager2@barometer.local']));
    expect(linked).toHaveLength(2);
    const [first, second] = linked;
    expect(first.managerId).not.toBe(second.managerId);
    const demo = linked.find((row) => row.email === 'manager@barometer.local')!;
    const portfolio = await db.$count(schema.clients, eq(schema.clients.managerId, demo.managerId));
    expect(portfolio).toBeGreaterThanOrEqual(60);
    expect(portfolio).toBeLessThanOrEqual(90);
  });

  it('changes nothing when run again', async () => {
    const before = await rowCounts(db);
    const again = await seedDemoData(db);
    expect(again.seeded).toBe(false);
    expect(await rowCounts(db)).toEqual(before);
  });
});
