import { sql } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  type AnalyticsFilter,
  accountRollup,
  aggregateMetric,
  applyResponsesToRollups,
  attributeImportance,
  type Cell,
  type CellKeys,
  compareToPrevious,
  type Dimension,
  type MetricKey,
  rebuildRollups,
  rollupPlan,
  type StatisticsSource,
  verbatims,
} from '#analytics/aggregations/index.ts';
import {
  type AttributeAnswers,
  type AttributeWeights,
  accountCsi,
  accountNps,
  accountScore,
  benjaminiHochberg,
  type ContactAnswer,
  cronbachAlpha,
  equalWeights,
  ipaQuadrants,
  meanSummary,
  nps,
  npsDifference,
  type RoleWeights,
  relativeWeights,
  respondentCsi,
  revenueAtRisk,
  revenueCoverage,
  revenueWeightedNps,
  statedImportanceWeights,
  topBox,
} from '#analytics/metrics/index.ts';
import type { Database } from '#db/client.ts';
import { selectRows } from '#db/raw-query.ts';
import { type AnalyticsDataset, createAnalyticsDataset, seededRandom } from '#tests/factories/analytics.ts';
import { openTestDatabase } from '#tests/setup/test-database.ts';
import { rollupSnapshot } from '#tests/support/rollups.ts';

// Every figure the SQL engine returns must equal the pure metric function applied to the same
// answers loaded naively, on both the rollup and the score-facts path.

const TOLERANCE = 1e-9;
const THRESHOLDS = { suppressBelow: 5, lowBaseBelow: 30 };
const SCALE = { min: 1, max: 5 };
const sources: StatisticsSource[] = ['auto', 'facts'];

interface NaiveResponse {
  id: string;
  client_id: string;
  wave_id: string;
  status: string;
  size_segment: string;
  industry_section: string;
  region_code: string;
  unit_id: string | null;
  manager_id: string | null;
  client_group_id: string | null;
  contact_role: string;
  is_vip: boolean;
  product_ids: string[];
  answers: Record<string, unknown>;
}

interface NaiveFact {
  response_id: string;
  wave_id: string;
  metric: string;
  attribute: string | null;
  product_id: string | null;
  value: number;
}

interface Naive {
  responses: NaiveResponse[];
  facts: Array<NaiveFact & { response: NaiveResponse }>;
  revenueOf: Map<string, number>;
  invited: Array<{ client_id: string; wave_id: string }>;
}

async function loadNaive(db: Database): Promise<Naive> {
  const responses = await selectRows<NaiveResponse>(
    db,
    sql`SELECT id::text, client_id::text, wave_id::text, status, size_segment, industry_section::text,
          region_code, unit_id::text, manager_id::text, client_group_id::text, contact_role, is_vip,
          product_ids::text[] AS product_ids, answers
        FROM responses`,
  );
  const completed = new Map(responses.filter((r) => r.status === 'completed').map((r) => [r.id, r]));
  const facts = await selectRows<NaiveFact>(
    db,
    sql`SELECT response_id::text, wave_id::text, metric, attribute, product_id::text, value FROM score_facts`,
  );
  const revenue = await selectRows<{ id: string; revenue: number }>(
    db,
    sql`SELECT c.id::text, COALESCE(sum(cp.income_rub), 0)::float8 AS revenue
        FROM clients c LEFT JOIN client_products cp ON cp.client_id = c.id GROUP BY c.id`,
  );
  const invited = await selectRows<{ client_id: string; wave_id: string }>(
    db,
    sql`SELECT client_id::text, wave_id::text FROM invitations`,
  );
  return {
    responses: [...completed.values()],
    facts: facts.flatMap((fact) => {
      const response = completed.get(fact.response_id);
      return response ? [{ ...fact, response }] : [];
    }),
    revenueOf: new Map(revenue.map((row) => [row.id, Number(row.revenue)])),
    invited,
  };
}

function snapshotKey(response: NaiveResponse, dimension: Dimension): string | null {
  switch (dimension) {
    case 'wave':
      return response.wave_id;
    case 'size':
      return response.size_segment;
    case 'section':
      return response.industry_section;
    case 'region':
      return response.region_code;
    case 'unit':
      return response.unit_id;
    case 'manager':
      return response.manager_id;
    case 'group':
      return response.client_group_id;
    case 'contactRole':
      return response.contact_role;
    case 'vip':
      return String(response.is_vip);
    default:
      throw new Error(`${dimension} is not a snapshot dimension`);
  }
}

/** A fact's keys: several when it is cut by product and belongs to each product the client used. */
function factKeys(fact: Naive['facts'][number], by: Dimension[]): CellKeys[] {
  let keys: CellKeys[] = [{}];
  for (const dimension of by) {
    const values =
      dimension === 'product'
        ? fact.product_id
          ? [fact.product_id]
          : fact.response.product_ids
        : dimension === 'attribute'
          ? [fact.attribute]
          : [snapshotKey(fact.response, dimension)];
    keys = keys.flatMap((partial) => values.map((value) => ({ ...partial, [dimension]: value })));
  }
  return keys;
}

function responseKeys(response: NaiveResponse, by: Dimension[]): CellKeys[] {
  let keys: CellKeys[] = [{}];
  for (const dimension of by) {
    const values = dimension === 'product' ? response.product_ids : [snapshotKey(response, dimension)];
    keys = keys.flatMap((partial) => values.map((value) => ({ ...partial, [dimension]: value })));
  }
  return keys;
}

function groupBy<T>(
  items: readonly T[],
  keysOf: (item: T) => CellKeys[],
): Array<{ keys: CellKeys; items: T[] }> {
  const groups = new Map<string, { keys: CellKeys; items: T[] }>();
  for (const item of items) {
    for (const keys of keysOf(item)) {
      const id = JSON.stringify(keys);
      const group = groups.get(id) ?? { keys, items: [] };
      group.items.push(item);
      groups.set(id, group);
    }
  }
  return [...groups.values()];
}

/** The naive filter, written from the AnalyticsFilter documentation. */
function responseMatches(response: NaiveResponse, filter: AnalyticsFilter): boolean {
  const within = (values: string[] | undefined, value: string | null) =>
    !values || (value !== null && values.includes(value));
  return (
    within(filter.waveIds, response.wave_id) &&
    within(filter.sizes, response.size_segment) &&
    within(filter.sections, response.industry_section) &&
    within(filter.regions, response.region_code) &&
    within(filter.unitIds, response.unit_id) &&
    within(filter.managerIds, response.manager_id) &&
    within(filter.groupIds, response.client_group_id) &&
    within(filter.contactRoles, response.contact_role) &&
    within(filter.clientIds, response.client_id) &&
    (filter.vip === undefined || response.is_vip === filter.vip)
  );
}

function factMatches(fact: Naive['facts'][number], filter: AnalyticsFilter): boolean {
  const products = fact.product_id ? [fact.product_id] : fact.response.product_ids;
  return (
    responseMatches(fact.response, filter) &&
    (!filter.productIds || products.some((product) => filter.productIds!.includes(product))) &&
    (!filter.attributes || fact.attribute === null || filter.attributes.includes(fact.attribute))
  );
}

interface ExpectedCell {
  keys: CellKeys;
  n: number;
  value: number | null;
  ci95: readonly [number, number] | null;
}

function close(actual: number | null, expected: number | null, label: string) {
  if (expected === null || actual === null) {
    expect(actual, label).toBe(expected);
    return;
  }
  expect(Math.abs(actual - expected), `${label}: ${actual} vs ${expected}`).toBeLessThanOrEqual(
    TOLERANCE * Math.max(1, Math.abs(expected)),
  );
}

/** Compares cells by key; suppression and low base follow from the expected n. */
function expectCells(actual: Cell[], expected: ExpectedCell[], label: string) {
  const keyOf = (cell: { keys: CellKeys }) => JSON.stringify(cell.keys, Object.keys(cell.keys).sort());
  const actualByKeys = new Map(actual.map((cell) => [keyOf(cell), cell]));
  expect([...actualByKeys.keys()].sort(), label).toEqual(expected.map(keyOf).sort());
  for (const cell of expected) {
    const found = actualByKeys.get(keyOf(cell))!;
    const where = `${label} ${JSON.stringify(cell.keys)}`;
    expect(found.n, where).toBe(cell.n);
    const suppressed = cell.n < THRESHOLDS.suppressBelow;
    expect(found.suppressed, where).toBe(suppressed);
    expect(found.lowBase, where).toBe(cell.n < THRESHOLDS.lowBaseBelow);
    close(found.value, suppressed ? null : cell.value, `${where} value`);
    if (suppressed || cell.ci95 === null) expect(found.ci95, where).toBeNull();
    else {
      close(found.ci95![0], cell.ci95[0], `${where} ci low`);
      close(found.ci95![1], cell.ci95[1], `${where} ci high`);
    }
  }
}

function expectedMeans(groups: Array<{ keys: CellKeys; items: number[] }>): ExpectedCell[] {
  return groups.map(({ keys, items }) => {
    const summary = meanSummary(items)!;
    return { keys, n: summary.n, value: summary.mean, ci95: summary.ci95 };
  });
}

let db: Database;
let dataset: AnalyticsDataset;
let naive: Naive;
let roleWeights: RoleWeights;

beforeAll(async () => {
  ({ db } = await openTestDatabase());
  dataset = await createAnalyticsDataset(db, { seed: 20_261_115, pendingShare: 0.3 });
  // A random half of the pending responses complete later, each in its own transaction, and a
  // random quarter are folded into the rollups in one batch afterwards.
  const random = seededRandom(7);
  const batch: string[] = [];
  for (const responseId of dataset.pendingResponseIds) {
    const draw = random.next();
    if (draw < 0.5) await dataset.completePending(responseId);
    else if (draw < 0.75) {
      await dataset.completePending(responseId, { rollups: false });
      batch.push(responseId);
    }
  }
  await db.transaction((tx) => applyResponsesToRollups(tx, batch));
  naive = await loadNaive(db);
  // The settings' role weights (none stored here: the defaults), keyed by the contacts' roles;
  // the pure functions index the record by role, so the database's role names work as keys.
  roleWeights = {
    decision_maker: 0.5,
    influencer: 0.3,
    user: 0.2,
    finance: 0.2,
    other: 0.2,
  } as unknown as RoleWeights;
});

const factsOf = (metrics: string[], filter: AnalyticsFilter = {}) =>
  naive.facts.filter((fact) => metrics.includes(fact.metric) && factMatches(fact, filter));

/** Each respondent's relationship-level attribute answers, as the pure CSI functions take them. */
function attributeAnswers(response: NaiveResponse): AttributeAnswers {
  return Object.fromEntries(
    naive.facts
      .filter((fact) => fact.response === response && fact.metric === 'attribute' && fact.product_id === null)
      .map((fact) => [fact.attribute!, fact.value]),
  );
}

const overallOf = (response: NaiveResponse) =>
  naive.facts.find(
    (fact) => fact.response === response && fact.metric === 'overall' && fact.product_id === null,
  )?.value ?? null;

/** CSI weights of a wave over all of its completed responses, as METHODOLOGY defines them. */
function waveWeights(waveId: string, weighting: 'stated' | 'equal' | 'derived'): AttributeWeights {
  const inWave = naive.responses.filter((response) => response.wave_id === waveId);
  if (weighting === 'equal')
    return equalWeights(['manager', 'remote_banking_quality', 'tariffs', 'terms_speed']);
  if (weighting === 'stated') {
    return statedImportanceWeights(
      inWave.map((response) =>
        Object.fromEntries(
          naive.facts
            .filter((fact) => fact.response === response && fact.metric === 'importance')
            .map((fact) => [fact.attribute!, fact.value]),
        ),
      ),
      SCALE,
    );
  }
  const attributes = [
    ...new Set(inWave.flatMap((response) => Object.keys(attributeAnswers(response)))),
  ].sort();
  const derived = relativeWeights(
    inWave.map((response) => attributes.map((attribute) => attributeAnswers(response)[attribute] ?? null)),
    inWave.map(overallOf),
  )!;
  return Object.fromEntries(attributes.map((attribute, j) => [attribute, derived.percent[j]]));
}

function expectedCsi(
  by: Dimension[],
  weighting: 'stated' | 'equal' | 'derived',
  filter: AnalyticsFilter = {},
) {
  // The attribute filter narrows the index to those attributes; the wave's weights stay as they are.
  const kept = (weights: AttributeWeights) =>
    Object.fromEntries(
      Object.entries(weights).filter(
        ([attribute]) => !filter.attributes || filter.attributes.includes(attribute),
      ),
    );
  const weights = new Map(
    dataset.relationshipWaveIds.map((waveId) => [waveId, kept(waveWeights(waveId, weighting))]),
  );
  const scored = naive.responses
    .filter((response) => responseMatches(response, filter))
    .filter(
      (response) => !filter.productIds || response.product_ids.some((p) => filter.productIds!.includes(p)),
    )
    .flatMap((response) => {
      const waveWeight = weights.get(response.wave_id);
      const score = waveWeight && respondentCsi(attributeAnswers(response), waveWeight, SCALE);
      return score === null || score === undefined ? [] : [{ response, score }];
    });
  return expectedMeans(
    groupBy(scored, ({ response }) => responseKeys(response, by)).map(({ keys, items }) => ({
      keys,
      items: items.map((item) => item.score),
    })),
  );
}

describe('analytics SQL against the pure metric functions', () => {
  it('keeps the rollups equal to a full recomputation after random and batched completions', async () => {
    // Completions spread over shards; a rebuild writes shard 0. Summed over shards they must agree.
    const incremental = await rollupSnapshot(db);
    const shards = await selectRows<{ shards: number }>(
      db,
      sql`SELECT count(DISTINCT shard)::float8 AS shards FROM score_rollups`,
    );
    expect(shards[0].shards).toBeGreaterThan(1);
    await rebuildRollups(db);
    const rebuilt = await rollupSnapshot(db);
    expect(incremental.scores.length).toBeGreaterThan(100);
    expect(incremental.moments.length).toBeGreaterThan(100);
    // Both are rounded to 12 digits: the two paths add the same numbers in another order.
    expect(incremental).toEqual(rebuilt);
  });

  describe.each(sources)('from %s', (source) => {
    const aggregate = (
      metric: MetricKey,
      by: Dimension[],
      filter?: AnalyticsFilter,
      csiWeights?: 'stated' | 'equal' | 'derived',
    ) => aggregateMetric(db, { metric, by, filter, thresholds: THRESHOLDS, source, csiWeights });

    it('gives NPS by size × wave as nps() of the same answers, composition included', async () => {
      const cells = await aggregate('nps', ['size', 'wave']);
      const expected = groupBy(factsOf(['nps']), (fact) => factKeys(fact, ['size', 'wave'])).map(
        ({ keys, items }) => {
          const result = nps(items.map((fact) => fact.value))!;
          return { keys, n: result.n, value: result.score, ci95: result.ci95, result };
        },
      );
      expectCells(cells, expected, 'nps');
      for (const { keys, result } of expected) {
        const cell = cells.find((candidate) => JSON.stringify(candidate.keys) === JSON.stringify(keys))!;
        if (cell.suppressed) expect(cell.composition).toBeNull();
        else {
          close(cell.composition!.promoters, (100 * result.promoters) / result.n, 'promoters');
          close(cell.composition!.detractors, (100 * result.detractors) / result.n, 'detractors');
        }
      }
      // The data set has both kinds of small cell.
      expect(cells.some((cell) => cell.suppressed)).toBe(true);
      expect(cells.some((cell) => cell.lowBase && !cell.suppressed)).toBe(true);
    });

    it('hides a segment with fewer than 5 answers and marks one with fewer than 30', async () => {
      // One client in one wave: at most four contacts, so every cell has fewer than 5 answers.
      const waveId = dataset.relationshipWaveIds[0];
      const client = naive.responses.find((response) => response.wave_id === waveId)!.client_id;
      const filter = { clientIds: [client], waveIds: [waveId], attributes: ['tariffs'] };
      for (const metric of ['nps', 'csat', 'csi', 'attribute'] as const) {
        const cells = await aggregate(metric, [], filter);
        expect(cells.length).toBeLessThanOrEqual(1);
        for (const cell of cells) {
          expect(cell).toMatchObject({ value: null, ci95: null, suppressed: true, lowBase: true });
          expect(cell.n).toBeLessThan(5);
        }
      }
      const [byWave] = await aggregate('nps', [], { waveIds: [dataset.relationshipWaveIds[1]], vip: false });
      expect(byWave).toMatchObject({ suppressed: false, lowBase: byWave.n < 30 });
      expect(byWave.value).not.toBeNull();
    });

    it('gives CSAT by section as topBox() of overall and transactional CSAT items', async () => {
      const expected = groupBy(factsOf(['overall', 'csat']), (fact) => factKeys(fact, ['section'])).map(
        ({ keys, items }) => {
          const result = topBox(
            items.map((fact) => fact.value),
            SCALE,
          )!;
          return { keys, n: result.n, value: result.percent, ci95: result.ci95 };
        },
      );
      expectCells(await aggregate('csat', ['section']), expected, 'csat');
    });

    it('gives CES, overall satisfaction and importance as meanSummary()', async () => {
      const means = (metric: string, by: Dimension[]) =>
        expectedMeans(
          groupBy(factsOf([metric]), (fact) => factKeys(fact, by)).map(({ keys, items }) => ({
            keys,
            items: items.map((fact) => fact.value),
          })),
        );
      expectCells(await aggregate('ces', []), means('ces', []), 'ces');
      expectCells(await aggregate('ces', ['contactRole']), means('ces', ['contactRole']), 'ces by role');
      expectCells(await aggregate('overall', ['wave']), means('overall', ['wave']), 'overall');
      expectCells(
        await aggregate('importance', ['attribute']),
        means('importance', ['attribute']),
        'importance',
      );
    });

    it('gives attribute means by attribute × product, product-matrix rows under their own product', async () => {
      const expected = expectedMeans(
        groupBy(factsOf(['attribute']), (fact) => factKeys(fact, ['attribute', 'product'])).map(
          ({ keys, items }) => ({
            keys,
            items: items.map((fact) => fact.value),
          }),
        ),
      );
      expectCells(await aggregate('attribute', ['attribute', 'product']), expected, 'attribute by product');
    });

    it.each(['stated', 'equal', 'derived'] as const)(
      'gives CSI with %s weights as csi() per respondent',
      async (weighting) => {
        expectCells(
          await aggregate('csi', ['wave'], undefined, weighting),
          expectedCsi(['wave'], weighting),
          'csi by wave',
        );
        expectCells(await aggregate('csi', [], undefined, weighting), expectedCsi([], weighting), 'csi');
        expectCells(
          await aggregate('csi', ['size', 'product'], undefined, weighting),
          expectedCsi(['size', 'product'], weighting),
          'csi by size × product',
        );
      },
    );

    it('applies filters, and a manager sees only the snapshot portfolio', async () => {
      const [manager] = dataset.managerIds;
      const filters: AnalyticsFilter[] = [
        { managerIds: [manager] },
        { managerIds: [manager], sizes: ['medium', 'large'] },
        { productIds: [dataset.productIds[1]] },
        { productIds: dataset.productIds.slice(0, 2) },
        { vip: true, waveIds: [dataset.relationshipWaveIds[1]] },
        { clientIds: dataset.clientIds.slice(0, 20) },
        { attributes: ['tariffs', 'manager'] },
        { managerIds: [] },
        { managerIds: ['not-a-uuid'] },
      ];
      for (const filter of filters) {
        const label = JSON.stringify(filter);
        const npsExpected = groupBy(factsOf(['nps'], filter), (fact) => factKeys(fact, ['wave'])).map(
          ({ keys, items }) => {
            const result = nps(items.map((fact) => fact.value))!;
            return { keys, n: result.n, value: result.score, ci95: result.ci95 };
          },
        );
        expectCells(await aggregate('nps', ['wave'], filter), npsExpected, `nps ${label}`);
        const attributeExpected = expectedMeans(
          groupBy(factsOf(['attribute'], filter), (fact) => factKeys(fact, ['attribute'])).map(
            ({ keys, items }) => ({
              keys,
              items: items.map((fact) => fact.value),
            }),
          ),
        );
        expectCells(
          await aggregate('attribute', ['attribute'], filter),
          attributeExpected,
          `attribute ${label}`,
        );
        expectCells(
          await aggregate('csi', ['wave'], filter),
          expectedCsi(['wave'], 'stated', filter),
          `csi ${label}`,
        );
      }
      expect(await aggregate('nps', [], { managerIds: [] })).toEqual([]);
    });

    it('compares a wave with the previous one: npsDifference, then Benjamini–Hochberg', async () => {
      const [previousWaveId, waveId] = dataset.relationshipWaveIds;
      const rows = await compareToPrevious(db, {
        metric: 'nps',
        by: ['contactRole'],
        waveId,
        previousWaveId,
        thresholds: THRESHOLDS,
      });
      const expectedP = rows.map((row) => {
        const inWave = (wave: string) =>
          nps(
            factsOf(['nps'], { waveIds: [wave] })
              .filter((fact) => fact.response.contact_role === row.keys.contactRole)
              .map((fact) => fact.value),
          );
        const current = inWave(waveId);
        const previous = inWave(previousWaveId);
        const comparable = current && previous && current.n >= 5 && previous.n >= 5;
        close(row.diff, comparable ? current.score - previous.score : null, 'diff');
        const p = comparable ? (npsDifference(current, previous)?.p ?? null) : null;
        close(row.p, p, 'p');
        return p;
      });
      expect(rows.map((row) => row.significant)).toEqual(
        benjaminiHochberg(expectedP) ?? rows.map(() => false),
      );
    });

    it('gives importance–performance, relative weights and alpha from complete cases', async () => {
      const analysis = await attributeImportance(db, { thresholds: THRESHOLDS, source });
      const attributes = ['manager', 'remote_banking_quality', 'tariffs', 'terms_speed'];
      const rows = naive.responses.map(attributeAnswers);
      const x = rows.map((answers) => attributes.map((attribute) => answers[attribute] ?? null));
      const derived = relativeWeights(x, naive.responses.map(overallOf))!;
      close(analysis.rSquared, derived.rSquared, 'R²');
      close(analysis.cronbachAlpha, cronbachAlpha(x), 'alpha');
      expect(analysis.attributes.map((row) => row.key)).toEqual(attributes);
      analysis.attributes.forEach((row, j) => {
        const performance = meanSummary(rows.map((answers) => answers[row.key]))!;
        close(row.performance.value, performance.mean, `${row.key} performance`);
        expect(row.performance.n).toBe(performance.n);
        const stated = meanSummary(
          factsOf(['importance'])
            .filter((f) => f.attribute === row.key)
            .map((f) => f.value),
        )!;
        close(row.statedImportance.value, stated.mean, `${row.key} importance`);
        close(row.derivedImportance, derived.percent[j], `${row.key} weight`);
      });
      expect(analysis.quadrants.stated).toEqual(
        ipaQuadrants(
          analysis.attributes.map((row) => ({
            key: row.key,
            importance: row.statedImportance.value,
            performance: row.performance.value,
          })),
        ),
      );
    });

    it('rolls contacts up to accounts: account NPS, revenue-weighted NPS with Kish n, revenue at risk, coverage', async () => {
      const filter: AnalyticsFilter = { waveIds: [dataset.relationshipWaveIds[1]] };
      const rollup = await accountRollup(db, { filter, thresholds: THRESHOLDS, source });
      const weights = waveWeights(dataset.relationshipWaveIds[1], 'stated');
      const responding = groupBy(
        naive.responses.filter((response) => responseMatches(response, filter)),
        (response) => [{ client: response.client_id } as CellKeys],
      );
      const accounts = responding.map(({ keys, items }) => {
        const clientId = (keys as { client: string }).client;
        const contacts: ContactAnswer[] = items.map((response) => ({
          role: response.contact_role as ContactAnswer['role'],
          ltr: factsOf(['nps']).find((fact) => fact.response === response)?.value ?? null,
          csi: respondentCsi(attributeAnswers(response), weights, SCALE),
        }));
        return {
          clientId,
          contacts,
          score: accountScore(contacts, roleWeights),
          revenue: naive.revenueOf.get(clientId)!,
        };
      });
      expect(rollup.accounts.map((account) => account.clientId).sort()).toEqual(
        accounts.map((account) => account.clientId).sort(),
      );
      for (const account of accounts) {
        const found = rollup.accounts.find((candidate) => candidate.clientId === account.clientId)!;
        close(found.netScore, account.score?.netScore ?? null, 'net score');
        // An account's CSI is shown even when none of its contacts gave an LTR.
        close(found.csi, accountCsi(account.contacts, roleWeights), 'account csi');
        expect(found.accountClass).toBe(account.score?.accountClass ?? null);
        close(found.revenueRub, account.revenue, 'revenue');
      }
      const expectedNps = accountNps(accounts.map((account) => account.score?.netScore))!;
      close(rollup.summary.accountNps.value, expectedNps.score, 'account NPS');
      close(rollup.summary.accountNps.ci95![0], expectedNps.ci95![0], 'account NPS ci');
      expect(rollup.summary.accountNps.n).toBe(expectedNps.n);
      const weighted = revenueWeightedNps(
        accounts.map((account) => ({ netScore: account.score?.netScore, revenue: account.revenue })),
      )!;
      close(rollup.summary.revenueWeightedNps.value, weighted.score, 'revenue-weighted NPS');
      close(rollup.summary.revenueWeightedNps.effectiveN, weighted.effectiveN, 'Kish n');
      close(
        rollup.summary.revenueAtRisk,
        revenueAtRisk(
          accounts.map((account) => ({
            accountClass: account.score?.accountClass,
            revenue: account.revenue,
          })),
        ),
        'revenue at risk',
      );
      const audience = [
        ...new Set([
          ...naive.invited.filter((row) => row.wave_id === filter.waveIds![0]).map((row) => row.client_id),
          ...accounts.map((account) => account.clientId),
        ]),
      ];
      const coverage = revenueCoverage(
        audience.map((clientId) => ({
          revenue: naive.revenueOf.get(clientId),
          responded: accounts.some((account) => account.clientId === clientId),
        })),
      )!;
      close(rollup.summary.revenueCoverage.percent, coverage.percent, 'coverage');
      close(rollup.summary.revenueCoverage.audienceRevenue, coverage.audienceRevenue, 'audience revenue');
    });
    it('splits accounts by a dimension and rolls companies up to their holdings', async () => {
      const waveId = dataset.relationshipWaveIds[0];
      const rollup = await accountRollup(db, {
        filter: { waveIds: [waveId] },
        by: 'contactRole',
        thresholds: THRESHOLDS,
        source,
      });
      const ltrOf = (response: NaiveResponse) =>
        factsOf(['nps']).find((fact) => fact.response === response)?.value ?? null;
      const inWave = naive.responses.filter((response) => response.wave_id === waveId);
      const split = groupBy(inWave, (response) => [
        { contactRole: response.contact_role, client: response.client_id } as CellKeys,
      ]);
      for (const row of rollup.breakdown!) {
        const netScores = split
          .filter(({ keys }) => keys.contactRole === row.key)
          .map(
            ({ items }) =>
              accountScore(
                items.map((response) => ({
                  role: response.contact_role as ContactAnswer['role'],
                  ltr: ltrOf(response),
                })),
                roleWeights,
              )?.netScore,
          );
        const expected = accountNps(netScores);
        expect(row.accountNps.n).toBe(expected?.n ?? 0);
        close(
          row.accountNps.value,
          expected && expected.n >= 5 ? expected.score : null,
          `account NPS of ${row.key}`,
        );
      }
      for (const group of rollup.groups) {
        const companies = rollup.accounts.filter((account) => account.groupId === group.groupId);
        const expected = revenueWeightedNps(
          companies.map((account) => ({ netScore: account.netScore, revenue: account.revenueRub })),
        );
        close(group.revenueWeightedNps.effectiveN, expected?.effectiveN ?? 0, 'holding Kish n');
        close(group.score, expected && expected.effectiveN >= 5 ? expected.score : null, 'holding score');
      }
      expect(rollup.groups.length).toBeGreaterThan(0);
    });
  });

  it('reads the rollups for the dashboards’ queries and score facts for the rest', () => {
    expect(rollupPlan(['size', 'product'], {})).toEqual({ dimension: 'size', productSplit: true });
    expect(rollupPlan(['wave'], { managerIds: ['m'] })).toMatchObject({
      dimension: 'manager',
      dimensionValues: ['m'],
    });
    expect(rollupPlan(['attribute'], { productIds: ['p'] })).toMatchObject({
      dimension: 'total',
      productSplit: true,
    });
    expect(rollupPlan(['size'], { managerIds: ['m'] })).toBeNull();
    expect(rollupPlan([], { productIds: ['p', 'q'] })).toBeNull();
    expect(rollupPlan([], { clientIds: ['c'] })).toBeNull();
  });

  it('lists comments newest first, searched literally', async () => {
    const withText = naive.responses.filter(
      (response) => response.answers.comments || response.answers.improve_first,
    );
    const all = await verbatims(db, { limit: 1000, offset: 0 });
    expect(all.total).toBe(withText.length);
    expect(all.rows.map((row) => row.completedAt.getTime())).toEqual(
      all.rows.map((row) => row.completedAt.getTime()).sort((a, b) => b - a),
    );
    const literal = await verbatims(db, { search: '%_', limit: 5, offset: 0 });
    expect(literal.total).toBe(
      withText.filter((response) => String(response.answers.improve_first ?? '').includes('%_')).length,
    );
    expect(literal.rows.length).toBeLessThanOrEqual(5);
    const none = await verbatims(db, { filter: { managerIds: [] }, limit: 5, offset: 0 });
    expect(none).toEqual({ rows: [], total: 0 });
  });
});
