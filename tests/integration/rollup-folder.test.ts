import { sql } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  aggregateMetric,
  type Cell,
  type Dimension,
  foldAllPendingRollups,
  foldPendingRollups,
  foldSteps,
  type MetricKey,
  pendingRollupCount,
  rebuildRollups,
  rollupPlan,
} from '#analytics/aggregations/index.ts';
import type { Database, DatabaseConnection } from '#db/client.ts';
import { selectRows } from '#db/raw-query.ts';
import { ROLLUP_WRITER_LOCK } from '#analytics/aggregations/rollup-maintenance.ts';
import { completeResponse } from '#app/models/responses.server.ts';
import { createManager, createUnit } from '#tests/factories/reference.ts';
import { createRespondentFixture, industrialAnswers } from '#tests/factories/responses.ts';
import { openTestDatabase } from '#tests/setup/test-database.ts';
import { rollupSnapshot } from '#tests/support/rollups.ts';

// Completions queue in pending_rollups and the background folder applies them to the analytics
// rollups (docs/decisions/005): after any interleaving of completions, folds, failed folds and
// rebuilds, the rollups must hold every completed response exactly once, as a rebuild from the
// facts would.

let connection: DatabaseConnection;
let db: Database;
let wave: { id: string; surveyVersionId: string };
let unitId: string;
let managerIds: string[];
let completions = 0;

beforeAll(async () => {
  connection = await openTestDatabase();
  db = connection.db;
  unitId = (await createUnit(db)).id;
  managerIds = [
    (await createManager(db, { unitId })).id,
    (await createManager(db, { unitId })).id,
    (await createManager(db, { unitId })).id,
  ];
  ({ wave } = await createRespondentFixture(db, { unitId, managerId: managerIds[0] }));
});

/** A varied, valid questionnaire: scores and product sets differ from one respondent to the next. */
function answersFor(n: number): Record<string, unknown> {
  const score = (salt: number) => 1 + ((n * 7 + salt * 3) % 5);
  return industrialAnswers({
    ltr: (n * 3) % 11,
    overall: score(1),
    sat_quality: score(2),
    sat_delivery: score(3),
    sat_price: score(4),
    imp_support: score(5),
    product_sat: { pipes: { quality: score(6), delivery: score(7), price: score(8), support: score(9) } },
    contact_request: n % 4 === 0,
  });
}

/** Completes `count` new respondents of the wave over the real completion path. */
async function complete(count: number): Promise<string[]> {
  const ids: string[] = [];
  for (let i = 0; i < count; i++) {
    const n = completions++;
    const { token } = await createRespondentFixture(db, {
      wave,
      unitId,
      managerId: managerIds[n % managerIds.length],
      productCodes: n % 2 === 0 ? ['pipes', 'valves'] : ['pipes', 'fittings'],
      vip: n % 5 === 0,
    });
    ids.push((await completeResponse({ token, answers: answersFor(n) })).responseId);
  }
  return ids;
}

/** What a rebuild from the facts gives, without keeping it: the rebuild's transaction is rolled back. */
async function rebuiltSnapshot() {
  const rollback = new Error('rolled back on purpose');
  let rebuilt: unknown;
  await db
    .transaction(async (tx) => {
      await rebuildRollups(tx);
      rebuilt = await rollupSnapshot(tx);
      throw rollback;
    })
    .catch((error) => {
      if (error !== rollback) throw error;
    });
  return rebuilt;
}

/** The wave's answers in the rollups' across-products total rows against the score facts themselves. */
async function totalsAgainstFacts() {
  const [row] = await selectRows<{ rolled: number; facts: number; respondents: number; completed: number }>(
    db,
    sql`SELECT
          (SELECT coalesce(sum(answers), 0)::float8 FROM score_rollups
            WHERE wave_id = ${wave.id} AND dimension = 'total' AND product_id IS NULL) AS rolled,
          (SELECT count(*)::float8 FROM score_facts WHERE wave_id = ${wave.id}) AS facts,
          (SELECT coalesce(sum(respondents), 0)::float8 FROM attribute_moment_rollups
            WHERE wave_id = ${wave.id} AND dimension = 'total' AND product_id IS NULL) AS respondents,
          (SELECT count(*)::float8 FROM responses WHERE wave_id = ${wave.id} AND status = 'completed') AS completed`,
  );
  return row;
}

async function expectRollupsToMatchFacts() {
  const totals = await totalsAgainstFacts();
  expect(totals.rolled).toBe(totals.facts);
  expect(totals.respondents).toBe(totals.completed);
  expect(await rollupSnapshot(db)).toEqual(await rebuiltSnapshot());
}

const figure = async (metric: MetricKey) => {
  const [cell] = await aggregateMetric(db, {
    metric,
    by: [],
    filter: { waveIds: [wave.id] },
    thresholds: { suppressBelow: 1, lowBaseBelow: 1 },
  });
  return cell?.n ?? 0;
};

describe('the background fold of completions into the rollups', () => {
  it('makes completions count in the dashboards once folded, and clears them from the queue', async () => {
    const before = await figure('nps');
    const ids = await complete(3);
    const pending = await selectRows<{ response_id: string }>(
      db,
      sql`SELECT response_id FROM pending_rollups ORDER BY response_id`,
    );
    expect(pending.map((row) => row.response_id)).toEqual(expect.arrayContaining(ids));
    expect(await figure('nps')).toBe(before);

    await foldAllPendingRollups(db);
    expect(await figure('nps')).toBe(before + 3);
    expect(await pendingRollupCount(db)).toBe(0);
    // Folding again finds nothing to do and changes nothing.
    expect(await foldPendingRollups(db)).toEqual({ folded: 0, busy: false });
    expect(await figure('nps')).toBe(before + 3);
    await expectRollupsToMatchFacts();
  });

  it('folds in batches of the given size and hands each step the batch', async () => {
    await complete(5);
    const seen: string[][] = [];
    const recordBatch = async (_tx: unknown, responseIds: readonly string[]) => {
      seen.push([...responseIds]);
    };
    const first = await foldPendingRollups(db, { limit: 2, steps: [...foldSteps, recordBatch] });
    expect(first).toEqual({ folded: 2, busy: false });
    expect(seen).toHaveLength(1);
    expect(seen[0]).toHaveLength(2);
    expect(await pendingRollupCount(db)).toBe(3);
    await foldAllPendingRollups(db, { limit: 2, steps: [...foldSteps, recordBatch] });
    expect(seen.map((batch) => batch.length)).toEqual([2, 2, 1]);
    expect(new Set(seen.flat()).size).toBe(5);
    await expectRollupsToMatchFacts();
  });

  it('leaves a failed batch pending and applies it exactly once on the retry', async () => {
    await complete(4);
    const before = await rollupSnapshot(db);
    const failing = async () => {
      throw new Error('the next fold step failed');
    };
    await expect(foldPendingRollups(db, { steps: [...foldSteps, failing] })).rejects.toThrow(
      'the next fold step failed',
    );
    // The rollup step ran before the failure, yet nothing of it remains, and nothing left the queue.
    expect(await pendingRollupCount(db)).toBe(4);
    expect(await rollupSnapshot(db)).toEqual(before);

    expect(await foldAllPendingRollups(db)).toBe(4);
    await expectRollupsToMatchFacts();
    expect(await foldAllPendingRollups(db)).toBe(0);
    await expectRollupsToMatchFacts();
  });

  it('never counts a response twice or misses one when folds and rebuilds interleave', async () => {
    await complete(6);
    await foldPendingRollups(db, { limit: 2 });
    await complete(3);
    // The rebuild recomputes the folded responses and folds the 7 pending ones itself.
    await rebuildRollups(db);
    expect(await pendingRollupCount(db)).toBe(0);
    expect(await foldAllPendingRollups(db)).toBe(0);
    await expectRollupsToMatchFacts();

    await complete(4);
    await foldPendingRollups(db, { limit: 3 });
    await rebuildRollups(db);
    await complete(2);
    expect(await pendingRollupCount(db)).toBe(2);
    await foldAllPendingRollups(db);
    await expectRollupsToMatchFacts();
  });

  it('stays exact when completions, folds and a rebuild run at the same time', async () => {
    // On PostgreSQL these really overlap; PGlite runs them one transaction at a time.
    await Promise.all([
      complete(6),
      (async () => {
        for (let i = 0; i < 4; i++) await foldPendingRollups(db, { limit: 2 });
      })(),
      rebuildRollups(db),
      complete(5),
      foldAllPendingRollups(db, { limit: 3 }),
    ]);
    await foldAllPendingRollups(db);
    expect(await pendingRollupCount(db)).toBe(0);
    await expectRollupsToMatchFacts();
  });

  it.skipIf(process.env.DATABASE_URL === undefined)(
    'skips the fold while another process holds the writer lock',
    async () => {
      await complete(2);
      const pending = await pendingRollupCount(db);
      await db.transaction(async (tx) => {
        // As a rebuild or another app server's fold in progress would hold it.
        await tx.execute(sql`SELECT pg_advisory_xact_lock(${ROLLUP_WRITER_LOCK})`);
        expect(await foldPendingRollups(db)).toEqual({ folded: 0, busy: true });
      });
      expect(await pendingRollupCount(db)).toBe(pending);
      await foldAllPendingRollups(db);
      await expectRollupsToMatchFacts();
    },
  );

  it('gives the same figures from the folded rollups as from the facts', async () => {
    await complete(12);
    await foldAllPendingRollups(db);
    const metrics: MetricKey[] = ['nps', 'csat', 'overall', 'attribute', 'importance', 'csi'];
    const cuts: Dimension[][] = [[], ['manager'], ['product'], ['vip', 'attribute'], ['size', 'product']];
    const comparable = (cells: Cell[]) =>
      JSON.stringify(
        [...cells].sort((a, b) => (JSON.stringify(a.keys) < JSON.stringify(b.keys) ? -1 : 1)),
        (_, value) => (typeof value === 'number' ? Number(value.toPrecision(10)) : value),
      );
    for (const metric of metrics) {
      for (const by of cuts) {
        // Respondent-level figures have no attribute cut.
        if (metric === 'csi' && by.includes('attribute')) continue;
        const filter = { waveIds: [wave.id] };
        expect(rollupPlan(by, filter)).not.toBeNull();
        const query = { metric, by, filter, thresholds: { suppressBelow: 1, lowBaseBelow: 1 } };
        const fromRollups = await aggregateMetric(db, { ...query, source: 'auto' });
        const fromFacts = await aggregateMetric(db, { ...query, source: 'facts' });
        expect(fromRollups.length, `${metric} by ${by.join(' × ')}`).toBeGreaterThan(0);
        expect(comparable(fromRollups), `${metric} by ${by.join(' × ')}`).toBe(comparable(fromFacts));
      }
    }
  });
});
