import { inArray, sql } from 'drizzle-orm';
import { rebuildRollups } from '../../analytics/aggregations/index.ts';
import { rebuildSatisfactionFeed } from '../../analytics/feed/satisfaction-feed.ts';
import type { Database, Executor } from '../client.ts';
import { hashPassword } from '../passwords.ts';
import * as schema from '../schema/index.ts';
import { insertClientProductIncome } from './economics.ts';
import { insertInBatches } from './insert.ts';
import { type DemoCast, type DemoPlan, planDemoData } from './plan.ts';
import { DEMO_PASSWORD, type DemoAccount, demoAccounts } from './users.ts';

export type { DemoCast } from './plan.ts';
export { DEMO_PASSWORD, type DemoAccount, demoAccounts } from './users.ts';

/** The seed of the published demo: change it and every name, number and answer changes. */
export const DEMO_SEED = 20_261_115;

export type SeedResult =
  | { seeded: false; reason: string }
  | {
      seeded: true;
      /** Rows inserted per table. */
      rows: Record<keyof DemoPlan, number>;
      cast: DemoCast;
      elapsedMs: number;
    };

/** "Empty" means nobody can sign in yet: the demo is only ever added to a fresh installation. */
export async function isDatabaseEmpty(db: Executor): Promise<boolean> {
  const [user] = await db.select({ id: schema.users.id }).from(schema.users).limit(1);
  return user === undefined;
}

/** The demo logins present in the database (an administrator may have removed some). */
export async function existingDemoAccounts(db: Executor): Promise<DemoAccount[]> {
  const emails = demoAccounts.map((account) => account.email);
  const rows = await db
    .select({ email: schema.users.email })
    .from(schema.users)
    .where(inArray(schema.users.email, emails));
  const existing = new Set(rows.map((row) => row.email));
  return demoAccounts.filter((account) => existing.has(account.email));
}

/**
 * Fills a fresh database with the demo bank: clients, contacts, three closed survey waves with
 * their answers, follow-ups and manager KPIs. Does nothing when the database already has users.
 */
export async function seedDemoData(db: Database, { seed = DEMO_SEED } = {}): Promise<SeedResult> {
  const started = performance.now();
  if (!(await isDatabaseEmpty(db))) {
    return { seeded: false, reason: 'The database already has users, so the demo data was not added.' };
  }
  // argon2id is deliberately slow: every demo login shares one hash of the one demo password.
  const { plan, cast } = planDemoData(seed, await hashPassword(DEMO_PASSWORD));
  const inserted = await db.transaction(async (tx) => {
    // Checked again: another process may have added users while the password was hashing.
    if (!(await isDatabaseEmpty(tx))) return false;
    await insertPlan(tx, plan);
    // Fresh statistics first: the planner would otherwise take the just-filled tables for empty
    // and plan the rollup rebuild as nested loops (minutes instead of seconds).
    await tx.execute(sql`ANALYZE`);
    // The facts went in by the batch, not response by response, so the rollups are built once here.
    await rebuildRollups(tx);
    // Every client's loyalty state and its history over the three closed waves.
    await rebuildSatisfactionFeed(tx);
    return true;
  });
  if (!inserted) {
    return { seeded: false, reason: 'Another process added users while the demo was being prepared.' };
  }
  const rows = Object.fromEntries(Object.entries(plan).map(([table, list]) => [table, list.length]));
  return {
    seeded: true,
    rows: rows as Record<keyof DemoPlan, number>,
    cast,
    elapsedMs: Math.round(performance.now() - started),
  };
}

// Parents before children, as the foreign keys require.
async function insertPlan(tx: Executor, plan: DemoPlan) {
  await insertInBatches(tx, schema.users, plan.users);
  await insertInBatches(tx, schema.settings, plan.settings);
  await insertInBatches(tx, schema.regions, plan.regions);
  await insertInBatches(tx, schema.units, plan.units);
  await insertInBatches(tx, schema.managers, plan.managers);
  await insertInBatches(tx, schema.clientGroups, plan.clientGroups);
  await insertInBatches(tx, schema.clients, plan.clients);
  await insertInBatches(tx, schema.managerAssignments, plan.managerAssignments);
  await insertInBatches(tx, schema.contacts, plan.contacts);
  await insertInBatches(tx, schema.products, plan.products);
  await insertInBatches(tx, schema.clientProducts, plan.clientProducts);
  await insertClientProductIncome(tx);
  await insertInBatches(tx, schema.surveys, plan.surveys);
  await insertInBatches(tx, schema.surveyVersions, plan.surveyVersions);
  await insertInBatches(tx, schema.kpis, plan.kpis);
  await insertInBatches(tx, schema.reviewPeriods, plan.reviewPeriods);
  await insertInBatches(tx, schema.kpiTargets, plan.kpiTargets);
  await insertInBatches(tx, schema.kpiActuals, plan.kpiActuals);
  await insertInBatches(tx, schema.kpiWeights, plan.kpiWeights);
  await insertInBatches(tx, schema.waves, plan.waves);
  await insertInBatches(tx, schema.invitations, plan.invitations);
  await insertInBatches(tx, schema.invitationEvents, plan.invitationEvents);
  await insertInBatches(tx, schema.responses, plan.responses);
  await insertInBatches(tx, schema.scoreFacts, plan.scoreFacts);
  await insertInBatches(tx, schema.followUps, plan.followUps);
}
