import { type SQL, sql } from 'drizzle-orm';
import {
  accountNps,
  baseStatus,
  type LtrClass,
  meanLtrClass,
  type RevenueCoverage,
  revenueAtRisk,
  revenueCoverage,
  revenueWeightedNps,
} from '#analytics/metrics/index.ts';
import type { Executor } from '#db/client.ts';
import { selectRows } from '#db/raw-query.ts';
import { csiWeightsByWave } from './csi-weights.ts';
import { isSegmentDimension, snapshotValue } from './dimensions.ts';
import { normaliseFilter, responseConditions, responseProductCondition, whereAll } from './filters.ts';
import { loadWaveScales } from './scales.ts';
import { loadRoleWeights, loadThresholds } from './settings.ts';
import { inList, uuidArray, valuesTable } from './sql-lists.ts';
import type {
  AnalyticsFilter,
  Cell,
  CellKeys,
  Dimension,
  SegmentDimension,
  StatisticsSource,
  Thresholds,
} from './types.ts';

export interface AccountRollupQuery {
  filter?: AnalyticsFilter;
  thresholds?: Thresholds;
  /** Adds a breakdown of the summary figures by one dimension (not 'attribute'). */
  by?: Dimension;
  source?: StatisticsSource;
}

export interface Account {
  clientId: string;
  clientName: string;
  /**
   * Our trailing-12-month income from the client: the sum of client_products.income_rub, the
   * "R_a" of METHODOLOGY §5 (the client's own revenue would weigh clients by their size, not by
   * what they are worth to us).
   */
  revenueRub: number;
  /** Contacts with an LTR. */
  respondents: number;
  /** s_a ∈ [−1, 1]; null when no contact gave an LTR. */
  netScore: number | null;
  meanLtr: number | null;
  accountClass: LtrClass | null;
  /** Role-weighted mean of the contacts' CSI (stated weights). */
  csi: number | null;
  /** Manager and group of the account's most recent response (snapshot). */
  managerId: string | null;
  groupId: string | null;
}

export interface AccountSummary {
  /** One account, one vote; n = accounts. */
  accountNps: Cell;
  /** Suppressed by the Kish effective n. */
  revenueWeightedNps: Cell & { effectiveN: number };
  /** Income from detractor accounts. */
  revenueAtRisk: number;
  revenueCoverage: { coveredRevenue: number; audienceRevenue: number; percent: number | null };
}

export interface AccountGroup {
  groupId: string;
  name: string;
  /** Revenue-weighted NPS of the group's responding companies; null when suppressed. */
  score: number | null;
  revenueRub: number;
  accounts: number;
  revenueWeightedNps: Cell & { effectiveN: number };
}

export interface AccountRollup {
  accounts: Account[];
  summary: AccountSummary;
  groups: AccountGroup[];
  /** Present when `by` was given. */
  breakdown?: Array<AccountSummary & { key: string | null; accounts: number }>;
}

/**
 * Contact answers rolled up to accounts and client groups (METHODOLOGY §5). An account is a client
 * with a completed response in the filter; with `by`, an account is split by the dimension (its
 * responses with each key), so a client whose manager changed counts for each manager it had.
 * The audience behind revenue coverage is every client invited in the filtered waves, matched on
 * its current attributes (non-respondents have no snapshot), together with the responding accounts.
 */
export async function accountRollup(db: Executor, query: AccountRollupQuery = {}): Promise<AccountRollup> {
  if (query.by === 'attribute') throw new RangeError('Accounts cannot be split by attribute');
  const filter = normaliseFilter(query.filter);
  const source = query.source ?? 'auto';
  const thresholds = query.thresholds ?? (await loadThresholds(db));
  const weights = await accountWeights(db, filter, source);
  const load = (by: Dimension | undefined) =>
    Promise.all([accountRows(db, { filter, by, ...weights }), audienceRows(db, { filter, by })]);

  const [overallAccounts, overallAudience] = await load(undefined);
  const accounts = overallAccounts.map(toAccount);
  const groups = await groupRollups(db, accounts, thresholds);
  const summary = summarise(accounts, overallAudience, {}, thresholds);
  if (!query.by) return { accounts, summary, groups };

  const by = query.by;
  const [splitAccounts, splitAudience] = await load(by);
  const keys = [...new Set([...splitAccounts, ...splitAudience].map((row) => row.key))].sort((a, b) =>
    a === null ? 1 : b === null ? -1 : a.localeCompare(b),
  );
  const breakdown = keys.map((key) => {
    const keyed = splitAccounts.filter((row) => row.key === key).map(toAccount);
    const audience = splitAudience.filter((row) => row.key === key);
    return {
      key,
      accounts: keyed.length,
      ...summarise(keyed, audience, { [by]: key }, thresholds),
    };
  });
  return { accounts, summary, groups, breakdown };
}

/**
 * The accounts alone, without the audience, groups and summary accountRollup adds: for readers
 * that need only each account's scores, such as the satisfaction feed's fold, which runs for every
 * batch of completions. The figures are accountRollup's own.
 */
export async function accountScores(
  db: Executor,
  { filter, source = 'auto' }: { filter?: AnalyticsFilter; source?: StatisticsSource } = {},
): Promise<Account[]> {
  const normalised = normaliseFilter(filter);
  const weights = await accountWeights(db, normalised, source);
  return (await accountRows(db, { filter: normalised, by: undefined, ...weights })).map(toAccount);
}

/** The CSI weights per wave and attribute and the contact-role weights, as inline SQL tables. */
async function accountWeights(
  db: Executor,
  filter: AnalyticsFilter,
  source: StatisticsSource,
): Promise<{ contactCsi: SQL; roleTable: SQL }> {
  const contactCsi = await contactCsiWeights(db, filter, source);
  const roleTable = valuesTable(
    'rw',
    [
      ['role', 'text'],
      ['weight', 'float8'],
    ],
    Object.entries(await loadRoleWeights(db)),
  );
  return { contactCsi, roleTable };
}

interface AccountRow {
  client_id: string;
  key: string | null;
  client_name: string;
  revenue: number;
  respondents: number;
  net_score: number | null;
  mean_ltr: number | null;
  csi: number | null;
  manager_id: string | null;
  group_id: string | null;
}

function toAccount(row: AccountRow): Account {
  const meanLtr = row.mean_ltr === null ? null : Number(row.mean_ltr);
  return {
    clientId: row.client_id,
    clientName: row.client_name,
    revenueRub: Number(row.revenue),
    respondents: Number(row.respondents),
    netScore: row.net_score === null ? null : Number(row.net_score),
    meanLtr,
    accountClass: meanLtr === null ? null : meanLtrClass(meanLtr),
    csi: row.csi === null ? null : Number(row.csi),
    managerId: row.manager_id,
    groupId: row.group_id,
  };
}

/** (wave, attribute, weight, min, max) for each contact's CSI, with the waves' stated weights. */
async function contactCsiWeights(
  db: Executor,
  filter: AnalyticsFilter,
  source: StatisticsSource,
): Promise<SQL> {
  const scales = await loadWaveScales(db, filter.waveIds);
  const weights = await csiWeightsByWave(db, { weighting: 'stated', scales, source });
  const rows = [...weights].flatMap(([waveId, attributeWeights]) =>
    [...attributeWeights].flatMap(([attribute, weight]) => {
      const scale = scales.get(waveId)?.byAttribute.get(attribute);
      const kept = !filter.attributes || filter.attributes.includes(attribute);
      return scale && kept && weight > 0 ? [[waveId, attribute, weight, scale.min, scale.max]] : [];
    }),
  );
  return valuesTable(
    'w',
    [
      ['wave_id', 'uuid'],
      ['attribute', 'text'],
      ['weight', 'float8'],
      ['min', 'float8'],
      ['max', 'float8'],
    ],
    rows,
  );
}

/** The key of a response for a split: its snapshot value, its wave, or (per row) a product it used. */
function responseKey(by: Dimension | undefined): { key: SQL; join: SQL } {
  if (!by) return { key: sql`NULL::text`, join: sql`` };
  if (by === 'wave') return { key: sql`r.wave_id::text`, join: sql`` };
  if (by === 'product') {
    return {
      key: sql`p.product_id::text`,
      join: sql`CROSS JOIN LATERAL unnest(r.product_ids) AS p(product_id)`,
    };
  }
  if (isSegmentDimension(by)) return { key: snapshotValue[by], join: sql`` };
  throw new RangeError(`Accounts cannot be split by ${by}`);
}

/**
 * Per account (and key): contact weights are the role weight shared among the account's contacts of
 * that role who gave the measure (LTR, CSI), as accountNetScore and accountCsi define them.
 */
async function accountRows(
  db: Executor,
  {
    filter,
    by,
    contactCsi,
    roleTable,
  }: { filter: AnalyticsFilter; by: Dimension | undefined; contactCsi: SQL; roleTable: SQL },
): Promise<AccountRow[]> {
  const { key, join } = responseKey(by);
  const conditions = [...responseConditions(filter), ...responseProductCondition(filter)];
  if (by === 'product' && filter.productIds) conditions.push(inList(sql`p.product_id`, filter.productIds));
  return selectRows<AccountRow>(
    db,
    sql`WITH scoped AS (
          SELECT r.id, r.client_id, r.wave_id, r.contact_role, r.completed_at, r.manager_id::text AS manager_id,
            r.client_group_id::text AS group_id, ${key} AS key
          FROM responses r ${join}
          WHERE ${whereAll(conditions)}
        ),
        ltr AS (
          SELECT f.response_id, avg(f.value) AS ltr FROM score_facts f
          WHERE f.metric = 'nps' AND f.product_id IS NULL AND f.response_id IN (SELECT id FROM scoped)
          GROUP BY 1
        ),
        attribute_answers AS (
          SELECT f.response_id, f.wave_id, f.attribute, avg(f.value) AS value FROM score_facts f
          WHERE f.metric = 'attribute' AND f.product_id IS NULL AND f.response_id IN (SELECT id FROM scoped)
          GROUP BY 1, 2, 3
        ),
        contact_csi AS (
          SELECT x.response_id,
            100 * sum(w.weight * (x.value - w.min) / (w.max - w.min)) / sum(w.weight) AS csi
          FROM attribute_answers x
          JOIN ${contactCsi} ON w.wave_id = x.wave_id AND w.attribute = x.attribute
          GROUP BY 1
        ),
        contacts AS (
          SELECT s.*, l.ltr, c.csi,
            CASE WHEN l.ltr >= 9 THEN 1 WHEN l.ltr <= 6 THEN -1 ELSE 0 END AS net,
            CASE WHEN l.ltr IS NOT NULL
              THEN rw.weight / count(l.ltr) OVER (PARTITION BY s.client_id, s.key, s.contact_role) END AS ltr_weight,
            CASE WHEN c.csi IS NOT NULL
              THEN rw.weight / count(c.csi) OVER (PARTITION BY s.client_id, s.key, s.contact_role) END AS csi_weight
          FROM scoped s
          JOIN ${roleTable} ON rw.role = s.contact_role
          LEFT JOIN ltr l ON l.response_id = s.id
          LEFT JOIN contact_csi c ON c.response_id = s.id
        ),
        accounts AS (
          SELECT client_id, key,
            count(ltr)::float8 AS respondents,
            sum(ltr_weight * net) / NULLIF(sum(ltr_weight), 0) AS net_score,
            sum(ltr_weight * ltr) / NULLIF(sum(ltr_weight), 0) AS mean_ltr,
            sum(csi_weight * csi) / NULLIF(sum(csi_weight), 0) AS csi,
            (array_agg(manager_id ORDER BY completed_at DESC, id))[1] AS manager_id,
            (array_agg(group_id ORDER BY completed_at DESC, id))[1] AS group_id
          FROM contacts GROUP BY client_id, key
        )
        SELECT a.client_id::text AS client_id, a.key, c.name AS client_name,
          COALESCE(income.revenue, 0)::float8 AS revenue, a.respondents, a.net_score, a.mean_ltr, a.csi,
          a.manager_id, a.group_id
        FROM accounts a
        JOIN clients c ON c.id = a.client_id
        LEFT JOIN (
          SELECT client_id, sum(income_rub) AS revenue FROM client_products
          WHERE client_id IN (SELECT client_id FROM accounts) GROUP BY client_id
        ) income ON income.client_id = a.client_id
        ORDER BY c.name, a.client_id, a.key`,
  );
}

/** The client's current value of each dimension, for invited clients that never answered. */
const currentValue: Record<SegmentDimension, SQL> = {
  size: sql`c.size_segment`,
  section: sql`c.industry_section::text`,
  region: sql`c.region_code`,
  unit: sql`c.unit_id::text`,
  manager: sql`c.manager_id::text`,
  group: sql`c.group_id::text`,
  contactRole: sql`ct.role`,
  vip: sql`(cardinality(c.vip_criteria) > 0)::text`,
};

interface AudienceRow {
  client_id: string;
  key: string | null;
  revenue: number;
  responded: boolean;
}

/** Invited clients (current attributes) and responding accounts (snapshot), with their income. */
async function audienceRows(
  db: Executor,
  { filter, by }: { filter: AnalyticsFilter; by: Dimension | undefined },
): Promise<AudienceRow[]> {
  const invitedKey = (() => {
    if (!by) return { key: sql`NULL::text`, join: sql`` };
    if (by === 'wave') return { key: sql`i.wave_id::text`, join: sql`` };
    if (by === 'product') {
      return {
        key: sql`cp.product_id::text`,
        join: sql`JOIN client_products cp ON cp.client_id = c.id`,
      };
    }
    if (isSegmentDimension(by)) return { key: currentValue[by], join: sql`` };
    throw new RangeError(`Accounts cannot be split by ${by}`);
  })();
  const invited: SQL[] = [];
  if (filter.waveIds) invited.push(inList(sql`i.wave_id`, filter.waveIds));
  if (filter.sizes) invited.push(inList(sql`c.size_segment`, filter.sizes));
  if (filter.sections) invited.push(inList(sql`c.industry_section`, filter.sections));
  if (filter.regions) invited.push(inList(sql`c.region_code`, filter.regions));
  if (filter.unitIds) invited.push(inList(sql`c.unit_id`, filter.unitIds));
  if (filter.managerIds) invited.push(inList(sql`c.manager_id`, filter.managerIds));
  if (filter.groupIds) invited.push(inList(sql`c.group_id`, filter.groupIds));
  if (filter.contactRoles) invited.push(inList(sql`ct.role`, filter.contactRoles));
  if (filter.vip !== undefined) invited.push(sql`(cardinality(c.vip_criteria) > 0) = ${filter.vip}`);
  if (filter.clientIds) invited.push(inList(sql`c.id`, filter.clientIds));
  if (filter.productIds) {
    invited.push(
      by === 'product'
        ? inList(sql`cp.product_id`, filter.productIds)
        : sql`EXISTS (SELECT 1 FROM client_products used WHERE used.client_id = c.id
                 AND used.product_id = ANY(${uuidArray(filter.productIds)}))`,
    );
  }
  const responded = responseKey(by);
  const respondedConditions = [...responseConditions(filter), ...responseProductCondition(filter)];
  if (by === 'product' && filter.productIds) {
    respondedConditions.push(inList(sql`p.product_id`, filter.productIds));
  }
  return selectRows<AudienceRow>(
    db,
    sql`WITH responding AS (
          SELECT DISTINCT r.client_id, ${responded.key} AS key FROM responses r ${responded.join}
          WHERE ${whereAll(respondedConditions)}
        ),
        audience AS (
          SELECT i.client_id, ${invitedKey.key} AS key
          FROM invitations i
          JOIN clients c ON c.id = i.client_id
          JOIN contacts ct ON ct.id = i.contact_id
          ${invitedKey.join}
          WHERE ${whereAll(invited)}
          UNION
          SELECT client_id, key FROM responding
        )
        SELECT a.client_id::text AS client_id, a.key, COALESCE(income.revenue, 0)::float8 AS revenue,
          EXISTS (SELECT 1 FROM responding x WHERE x.client_id = a.client_id AND x.key IS NOT DISTINCT FROM a.key)
            AS responded
        FROM audience a
        LEFT JOIN (
          SELECT client_id, sum(income_rub) AS revenue FROM client_products GROUP BY client_id
        ) income ON income.client_id = a.client_id`,
  );
}

function summarise(
  accounts: readonly Account[],
  audience: readonly AudienceRow[],
  keys: CellKeys,
  thresholds: Thresholds,
): AccountSummary {
  const coverage: RevenueCoverage | null = revenueCoverage(
    audience.map((row) => ({ revenue: Number(row.revenue), responded: row.responded })),
  );
  return {
    accountNps: accountNpsCell(accounts, keys, thresholds),
    revenueWeightedNps: revenueWeightedCell(accounts, keys, thresholds),
    revenueAtRisk:
      revenueAtRisk(
        accounts.map((account) => ({ accountClass: account.accountClass, revenue: account.revenueRub })),
      ) ?? 0,
    revenueCoverage: coverage ?? { coveredRevenue: 0, audienceRevenue: 0, percent: null },
  };
}

function accountNpsCell(accounts: readonly Account[], keys: CellKeys, thresholds: Thresholds): Cell {
  const result = accountNps(accounts.map((account) => account.netScore));
  const n = result?.n ?? 0;
  const status = baseStatus(n, thresholds);
  const suppressed = status === 'suppressed';
  return {
    keys,
    n,
    value: suppressed || !result ? null : result.score,
    ci95: suppressed || !result ? null : result.ci95,
    suppressed,
    lowBase: status !== 'reportable',
  };
}

function revenueWeightedCell(
  accounts: readonly Account[],
  keys: CellKeys,
  thresholds: Thresholds,
): Cell & { effectiveN: number } {
  const result = revenueWeightedNps(
    accounts.map((account) => ({ netScore: account.netScore, revenue: account.revenueRub })),
  );
  const effectiveN = result?.effectiveN ?? 0;
  const status = baseStatus(effectiveN, thresholds);
  const suppressed = status === 'suppressed';
  return {
    keys,
    n: result?.n ?? 0,
    value: suppressed || !result ? null : result.score,
    ci95: null,
    suppressed,
    lowBase: status !== 'reportable',
    effectiveN,
  };
}

/** Client groups (holdings): their responding companies' net scores weighted by income. */
async function groupRollups(
  db: Executor,
  accounts: readonly Account[],
  thresholds: Thresholds,
): Promise<AccountGroup[]> {
  const groupIds = [...new Set(accounts.flatMap((account) => (account.groupId ? [account.groupId] : [])))];
  if (groupIds.length === 0) return [];
  const names = await selectRows<{ id: string; name: string }>(
    db,
    sql`SELECT id::text AS id, name FROM client_groups WHERE ${inList(sql`id`, groupIds)}`,
  );
  const nameOf = new Map(names.map((row) => [row.id, row.name]));
  return groupIds
    .map((groupId) => {
      const companies = accounts.filter((account) => account.groupId === groupId);
      const revenueWeighted = revenueWeightedCell(companies, { group: groupId }, thresholds);
      return {
        groupId,
        name: nameOf.get(groupId) ?? '',
        score: revenueWeighted.value,
        revenueRub: companies.reduce((sum, account) => sum + account.revenueRub, 0),
        accounts: companies.length,
        revenueWeightedNps: revenueWeighted,
      };
    })
    .sort((a, b) => a.name.localeCompare(b.name));
}
