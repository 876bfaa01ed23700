import { type SQL, sql } from 'drizzle-orm';
import { dataTableToXlsx, tableFileContentTypes } from '#app/utils/data-table-file.server.ts';
import { z } from 'zod';
import type { StaffUser } from '#app/auth/session.server.ts';
import { notFound } from '#app/auth/session.server.ts';
import { type Executor, getDb } from '#db/client.ts';
import { selectRows } from '#db/raw-query.ts';
import { type LoyaltyReason, type LoyaltyState, loyaltyStates } from '#db/schema/feed.ts';
import { loadLoyaltyRules } from '#analytics/feed/rules-setting.ts';
import type { LoyaltyRules } from '#analytics/feed/loyalty-rules.ts';
import { getI18n } from '#app/i18n/i18n.ts';
import type { Locale } from '#app/i18n/locales.ts';
import { type DataTable, numberCell, textCell, toCsv } from '#app/utils/data-table.ts';
import { recordAudit } from './audit.server.ts';

/**
 * Read models of the satisfaction feed (analytics/feed writes it): the value × satisfaction
 * matrix, the at-risk list, the wave-to-wave movement of loyalty states, the feed itself for files
 * and the CRM, and one client's history. A manager sees only the clients they now serve.
 */

/** Whose clients a reader may see: everyone's, or one manager's portfolio (none without a manager record). */
export type FeedScope = { kind: 'all' } | { kind: 'manager'; managerId: string | null };

export function feedScopeOf(viewer: StaffUser): FeedScope {
  return viewer.role === 'manager' ? { kind: 'manager', managerId: viewer.managerId } : { kind: 'all' };
}

/** The scope on the unaliased `clients` table. */
function scopeCondition(scope: FeedScope): SQL {
  if (scope.kind === 'all') return sql`TRUE`;
  return scope.managerId ? sql`clients.manager_id = ${scope.managerId}` : sql`FALSE`;
}

const uuid = z.string().uuid();
const optionalUuid = uuid.optional().catch(undefined);

export const loyaltyFilterSchema = z.object({
  unit: optionalUuid,
  manager: optionalUuid,
});
export type LoyaltyFilter = z.infer<typeof loyaltyFilterSchema>;

function filterConditions(filter: LoyaltyFilter, scope: FeedScope): SQL[] {
  const conditions = [scopeCondition(scope)];
  if (filter.unit) conditions.push(sql`clients.unit_id = ${filter.unit}`);
  // A manager's own scope already fixes the manager.
  if (filter.manager && scope.kind === 'all') conditions.push(sql`clients.manager_id = ${filter.manager}`);
  return conditions;
}

const and = (conditions: readonly SQL[]) => sql.join([...conditions], sql` AND `);

/** Our trailing-12-month income from each client (METHODOLOGY §5's R_a), 0 when it uses nothing. */
const incomeJoin = sql`LEFT JOIN (
    SELECT client_id, sum(income_rub) AS income FROM client_products GROUP BY client_id
  ) income ON income.client_id = clients.id`;

const number = (value: number | string | null): number | null => (value === null ? null : Number(value));

// ── Options ─────────────────────────────────────────────────────────────────────────────────────

/** Units and managers to filter by; a manager is offered no manager choice (they see their own). */
export async function loyaltyFilterOptions(viewer: StaffUser) {
  const db = getDb();
  const [units, managers] = await Promise.all([
    selectRows<{ id: string; name_en: string; name_ru: string }>(
      db,
      sql`SELECT id::text AS id, name_en, name_ru FROM units ORDER BY name_en`,
    ),
    viewer.role === 'manager'
      ? Promise.resolve([])
      : selectRows<{ id: string; full_name: string }>(
          db,
          sql`SELECT id::text AS id, full_name FROM managers ORDER BY full_name`,
        ),
  ]);
  return {
    units: units.map((unit) => ({ id: unit.id, nameEn: unit.name_en, nameRu: unit.name_ru })),
    managers: managers.map((manager) => ({ id: manager.id, fullName: manager.full_name })),
  };
}

/** The rules in force, for the pages that explain the states. */
export async function currentLoyaltyRules(): Promise<{ rules: LoyaltyRules; version: number }> {
  return loadLoyaltyRules(getDb());
}

// ── Value × satisfaction matrix ─────────────────────────────────────────────────────────────────

export const matrixParamsSchema = loyaltyFilterSchema.extend({
  value: z.enum(['income', 'revenue']).catch('income').default('income'),
  satisfaction: z.enum(['csi', 'nps']).catch('csi').default('csi'),
});
export type MatrixParams = z.infer<typeof matrixParamsSchema>;

export interface MatrixPoint {
  clientId: string;
  name: string;
  value: number;
  /** Account CSI (0–100) or account NPS (100·s_a, −100..100). */
  satisfaction: number;
  state: LoyaltyState;
}

export interface ValueSatisfactionMatrix {
  points: MatrixPoint[];
  /** The lines between quadrants: the median value, and the satisfied bar (CSI) or 0 (NPS). */
  crosshair: { value: number; satisfaction: number };
  /** Clients with a state but no figure on the chosen satisfaction axis (lost contact, no CSI asked). */
  unplaced: number;
  counts: Record<LoyaltyState, number>;
}

/**
 * Every client in scope with a current loyalty state and a figure on the chosen axis: value (our
 * income, or the client's own revenue) against satisfaction (account CSI or NPS) from the
 * measurement its state rests on.
 */
export async function getValueSatisfactionMatrix({
  viewer,
  params,
}: {
  viewer: StaffUser;
  params: MatrixParams;
}): Promise<ValueSatisfactionMatrix> {
  const db = getDb();
  const scores = await measuredScores(db, filterConditions(params, feedScopeOf(viewer)));
  const { rules } = await loadLoyaltyRules(db);
  const counts = Object.fromEntries(loyaltyStates.map((state) => [state, 0])) as Record<LoyaltyState, number>;
  const points: MatrixPoint[] = [];
  for (const row of scores) {
    counts[row.state] += 1;
    const satisfaction =
      params.satisfaction === 'csi' ? row.csi : row.netScore === null ? null : 100 * row.netScore;
    if (satisfaction === null) continue;
    points.push({
      clientId: row.clientId,
      name: row.name,
      value: params.value === 'income' ? row.income : row.revenue,
      satisfaction,
      state: row.state,
    });
  }
  const values = points.map((point) => point.value).sort((a, b) => a - b);
  const middle = values.length / 2;
  const median =
    values.length === 0
      ? 0
      : values.length % 2
        ? values[Math.floor(middle)]
        : (values[middle - 1] + values[middle]) / 2;
  return {
    points,
    crosshair: { value: median, satisfaction: params.satisfaction === 'csi' ? rules.satisfied.minCsi : 0 },
    unplaced: scores.length - points.length,
    counts,
  };
}

interface MeasuredScore {
  clientId: string;
  name: string;
  state: LoyaltyState;
  income: number;
  revenue: number;
  netScore: number | null;
  csi: number | null;
}

/**
 * The current state of each client with the scores it rests on: the newest measurement, which is
 * the current row itself or, for a state carried over a silent wave, the measured wave's row.
 */
async function measuredScores(db: Executor, conditions: SQL[]): Promise<MeasuredScore[]> {
  const rows = await selectRows<{
    client_id: string;
    name: string;
    state: LoyaltyState;
    income: string | number;
    revenue: string | number;
    net_score: number | null;
    csi: number | null;
  }>(
    db,
    sql`SELECT clients.id::text AS client_id, clients.name, l.loyalty_state AS state,
          COALESCE(income.income, 0)::float8 AS income, clients.revenue_rub::float8 AS revenue,
          m.net_score, m.csi
        FROM client_loyalty l
        JOIN clients ON clients.id = l.client_id
        LEFT JOIN client_satisfaction m ON m.client_id = l.client_id AND m.wave_id = l.scores_wave_id
        ${incomeJoin}
        WHERE ${and(conditions)}
        ORDER BY clients.name, clients.id`,
  );
  return rows.map((row) => ({
    clientId: row.client_id,
    name: row.name,
    state: row.state,
    income: Number(row.income),
    revenue: Number(row.revenue),
    netScore: number(row.net_score),
    csi: number(row.csi),
  }));
}

// ── At-risk list ────────────────────────────────────────────────────────────────────────────────

export interface AtRiskAccount {
  clientId: string;
  name: string;
  inn: string;
  /** Our income from the client: the revenue at risk. */
  income: number;
  managerName: string | null;
  unitNameEn: string;
  unitNameRu: string;
  accountClass: 'promoter' | 'passive' | 'detractor' | null;
  netScore: number | null;
  csi: number | null;
  csiChange: number | null;
  reasons: LoyaltyReason[];
  openFollowUps: number;
  waveName: string;
}

/**
 * Accounts whose current state is at risk (a detractor, a CSI below the floor or falling), the
 * largest revenue at risk first, each with its manager and the follow-ups still open on it.
 */
export async function listAtRiskAccounts({
  viewer,
  filter,
}: {
  viewer: StaffUser;
  filter: LoyaltyFilter;
}): Promise<{ accounts: AtRiskAccount[]; revenueAtRisk: number }> {
  const rows = await selectRows<{
    client_id: string;
    name: string;
    inn: string;
    income: number | string;
    manager_name: string | null;
    unit_name_en: string;
    unit_name_ru: string;
    account_class: AtRiskAccount['accountClass'];
    net_score: number | null;
    csi: number | null;
    csi_change: number | null;
    reasons: LoyaltyReason[];
    open_follow_ups: number | string;
    wave_name: string;
  }>(
    getDb(),
    sql`SELECT clients.id::text AS client_id, clients.name, clients.inn,
          COALESCE(income.income, 0)::float8 AS income, m.full_name AS manager_name,
          u.name_en AS unit_name_en, u.name_ru AS unit_name_ru,
          l.account_class, l.net_score, l.csi, l.csi_change, l.reasons, w.name AS wave_name,
          (SELECT count(*) FROM follow_ups f WHERE f.client_id = clients.id AND f.status <> 'resolved')
            AS open_follow_ups
        FROM client_loyalty l
        JOIN clients ON clients.id = l.client_id
        JOIN units u ON u.id = clients.unit_id
        JOIN waves w ON w.id = l.wave_id
        LEFT JOIN managers m ON m.id = clients.manager_id
        ${incomeJoin}
        WHERE l.loyalty_state = 'at_risk' AND ${and(filterConditions(filter, feedScopeOf(viewer)))}
        ORDER BY income DESC, clients.name, clients.id`,
  );
  const accounts = rows.map((row) => ({
    clientId: row.client_id,
    name: row.name,
    inn: row.inn,
    income: Number(row.income),
    managerName: row.manager_name,
    unitNameEn: row.unit_name_en,
    unitNameRu: row.unit_name_ru,
    accountClass: row.account_class,
    netScore: number(row.net_score),
    csi: number(row.csi),
    csiChange: number(row.csi_change),
    reasons: row.reasons,
    openFollowUps: Number(row.open_follow_ups),
    waveName: row.wave_name,
  }));
  return { accounts, revenueAtRisk: accounts.reduce((total, account) => total + account.income, 0) };
}

// ── Movement between waves ──────────────────────────────────────────────────────────────────────

/** A column or row of the movement table: a state, or "not in that wave". */
export const movementStates = [...loyaltyStates, 'none'] as const;
export type MovementState = (typeof movementStates)[number];

export const movementParamsSchema = loyaltyFilterSchema.extend({
  from: optionalUuid,
  to: optionalUuid,
  fromState: z.enum(movementStates).optional().catch(undefined),
  toState: z.enum(movementStates).optional().catch(undefined),
});
export type MovementParams = z.infer<typeof movementParamsSchema>;

export interface LoyaltyMovement {
  waves: Array<{ id: string; name: string }>;
  from: string | null;
  to: string | null;
  /** counts[from][to]: clients in each pair of states. */
  counts: Record<MovementState, Record<MovementState, number>>;
  /** The clients of the chosen cell, when one is chosen. */
  clients: Array<{ clientId: string; name: string; fromState: MovementState; toState: MovementState }>;
}

/** Waves with feed history, oldest first. */
async function feedWaves(db: Executor) {
  return selectRows<{ id: string; name: string }>(
    db,
    sql`SELECT w.id::text AS id, w.name FROM waves w
        WHERE EXISTS (SELECT 1 FROM client_satisfaction s WHERE s.wave_id = w.id)
        ORDER BY coalesce(w.launched_at, w.send_from, w.created_at), w.id`,
  );
}

/**
 * How clients moved between the loyalty states of two waves (by default the last two with
 * history): from-state × to-state counts, "none" for a client absent from one of the waves.
 */
export async function getLoyaltyMovement({
  viewer,
  params,
}: {
  viewer: StaffUser;
  params: MovementParams;
}): Promise<LoyaltyMovement> {
  const db = getDb();
  const waves = await feedWaves(db);
  const known = (id: string | undefined) => (id && waves.some((wave) => wave.id === id) ? id : undefined);
  const to = known(params.to) ?? waves.at(-1)?.id ?? null;
  const toIndex = waves.findIndex((wave) => wave.id === to);
  const from = known(params.from) ?? (toIndex > 0 ? waves[toIndex - 1].id : null);
  const empty = () =>
    Object.fromEntries(movementStates.map((state) => [state, 0])) as Record<MovementState, number>;
  const counts = Object.fromEntries(
    movementStates.map((state) => [state, empty()]),
  ) as LoyaltyMovement['counts'];
  if (!from || !to) return { waves, from, to, counts, clients: [] };
  const rows = await selectRows<{
    client_id: string;
    name: string;
    from_state: MovementState;
    to_state: MovementState;
  }>(
    db,
    sql`SELECT clients.id::text AS client_id, clients.name,
          COALESCE(a.loyalty_state, 'none') AS from_state, COALESCE(b.loyalty_state, 'none') AS to_state
        FROM (SELECT client_id, loyalty_state FROM client_satisfaction WHERE wave_id = ${from}) a
        FULL JOIN (SELECT client_id, loyalty_state FROM client_satisfaction WHERE wave_id = ${to}) b
          ON b.client_id = a.client_id
        JOIN clients ON clients.id = COALESCE(a.client_id, b.client_id)
        WHERE ${and(filterConditions(params, feedScopeOf(viewer)))}
        ORDER BY clients.name, clients.id`,
  );
  for (const row of rows) counts[row.from_state][row.to_state] += 1;
  const chosen =
    params.fromState && params.toState
      ? rows.filter((row) => row.from_state === params.fromState && row.to_state === params.toState)
      : [];
  return {
    waves,
    from,
    to,
    counts,
    clients: chosen.map((row) => ({
      clientId: row.client_id,
      name: row.name,
      fromState: row.from_state,
      toState: row.to_state,
    })),
  };
}

/** The state and scores columns that client_satisfaction and client_loyalty share. */
interface FeedStateRow {
  loyalty_state: LoyaltyState;
  previous_state: LoyaltyState | null;
  reasons: LoyaltyReason[];
  account_class: FeedItem['accountClass'];
  net_score: number | null;
  csi: number | null;
  csi_change: number | null;
  overall: number | null;
  respondents: number;
}

/** A stored state row as the readers show it: account NPS as 100·s_a, numerics as numbers. */
function feedState(row: FeedStateRow) {
  return {
    loyaltyState: row.loyalty_state,
    previousState: row.previous_state,
    reasons: row.reasons,
    accountClass: row.account_class,
    accountNps: row.net_score === null ? null : 100 * Number(row.net_score),
    csi: number(row.csi),
    csiChange: number(row.csi_change),
    overall: number(row.overall),
    respondents: Number(row.respondents),
  };
}

// ── The feed (files, JSON for the CRM) ──────────────────────────────────────────────────────────

export interface FeedItem {
  clientId: string;
  inn: string;
  name: string;
  waveId: string;
  waveName: string;
  loyaltyState: LoyaltyState;
  previousState: LoyaltyState | null;
  reasons: LoyaltyReason[];
  accountClass: 'promoter' | 'passive' | 'detractor' | null;
  /** 100·s_a, −100..100. */
  accountNps: number | null;
  csi: number | null;
  csiChange: number | null;
  overall: number | null;
  respondents: number;
  /** Our income from the client (RUB). */
  incomeRub: number;
  managerId: string | null;
  managerName: string | null;
  unitId: string;
  rulesVersion: number;
  computedAt: string;
}

export const FEED_PAGE_LIMIT = 1000;

export const feedParamsSchema = loyaltyFilterSchema.extend({
  wave: optionalUuid,
  cursor: z.string().max(200).optional(),
  limit: z.coerce.number().int().min(1).max(FEED_PAGE_LIMIT).catch(100).default(100),
});

export class FeedCursorError extends Error {
  constructor() {
    super('cursor: not a cursor this feed gave out');
  }
}

// The cursor is the last client id of the page, opaque to the reader so the order can change later.
const encodeCursor = (clientId: string) => Buffer.from(clientId, 'utf8').toString('base64url');
function decodeCursor(cursor: string): string {
  const clientId = Buffer.from(cursor, 'base64url').toString('utf8');
  if (!uuid.safeParse(clientId).success) throw new FeedCursorError();
  return clientId;
}

/**
 * One page of the feed in client-id order, keyset-paginated: the current state of each client, or
 * (with `waveId`) the state each client had in that wave. Takes a viewer or, for the API, a scope.
 */
export async function listSatisfactionFeed({
  viewer,
  scope = viewer ? feedScopeOf(viewer) : undefined,
  waveId,
  unitId,
  managerId,
  cursor,
  limit = 100,
  executor = getDb(),
}: {
  viewer?: StaffUser;
  scope?: FeedScope;
  waveId?: string;
  /** Only this unit's clients (a unit-limited API token, the page's filter). */
  unitId?: string;
  /** Only this manager's clients, within the scope. */
  managerId?: string;
  cursor?: string;
  /** Capped at FEED_PAGE_LIMIT; `Infinity` for a whole-file export. */
  limit?: number;
  executor?: Executor;
}): Promise<{ items: FeedItem[]; nextCursor: string | null }> {
  if (!scope) throw new Error('listSatisfactionFeed needs a viewer or a scope');
  const after = cursor ? decodeCursor(cursor) : null;
  const pageSize = Number.isFinite(limit) ? Math.min(Math.max(1, Math.floor(limit)), FEED_PAGE_LIMIT) : null;
  const source = waveId
    ? sql`(SELECT * FROM client_satisfaction WHERE wave_id = ${waveId})`
    : sql`client_loyalty`;
  const rows = await selectRows<
    FeedStateRow & {
      client_id: string;
      inn: string;
      name: string;
      wave_id: string;
      wave_name: string;
      income: number | string;
      manager_id: string | null;
      manager_name: string | null;
      unit_id: string;
      rules_version: number;
      computed_at: string | Date;
    }
  >(
    executor,
    sql`SELECT clients.id::text AS client_id, clients.inn, clients.name, f.wave_id::text AS wave_id,
          w.name AS wave_name, f.loyalty_state, f.previous_state, f.reasons, f.account_class, f.net_score,
          f.csi, f.csi_change, f.overall, f.respondents, COALESCE(income.income, 0)::float8 AS income,
          clients.manager_id::text AS manager_id, m.full_name AS manager_name, clients.unit_id::text AS unit_id,
          f.rules_version, f.computed_at
        FROM ${source} f
        JOIN clients ON clients.id = f.client_id
        JOIN waves w ON w.id = f.wave_id
        LEFT JOIN managers m ON m.id = clients.manager_id
        ${incomeJoin}
        WHERE ${and(filterConditions({ unit: unitId, manager: managerId }, scope))}
          ${after ? sql`AND clients.id > ${after}` : sql``}
        ORDER BY clients.id
        ${pageSize ? sql`LIMIT ${pageSize + 1}` : sql``}`,
  );
  const page = pageSize ? rows.slice(0, pageSize) : rows;
  const items = page.map(
    (row): FeedItem => ({
      clientId: row.client_id,
      inn: row.inn,
      name: row.name,
      waveId: row.wave_id,
      waveName: row.wave_name,
      ...feedState(row),
      incomeRub: Number(row.income),
      managerId: row.manager_id,
      managerName: row.manager_name,
      unitId: row.unit_id,
      rulesVersion: Number(row.rules_version),
      computedAt: new Date(row.computed_at).toISOString(),
    }),
  );
  const nextCursor =
    pageSize && rows.length > pageSize ? encodeCursor(page[page.length - 1].client_id) : null;
  return { items, nextCursor };
}

/** Waves that have feed history, for the feed's wave choice. */
export function listFeedWaves() {
  return feedWaves(getDb());
}

// ── One client ──────────────────────────────────────────────────────────────────────────────────

export interface ClientSatisfactionEntry {
  waveId: string;
  waveName: string;
  waveDate: string | null;
  responded: boolean;
  loyaltyState: LoyaltyState;
  previousState: LoyaltyState | null;
  reasons: LoyaltyReason[];
  accountClass: FeedItem['accountClass'];
  accountNps: number | null;
  csi: number | null;
  csiChange: number | null;
  overall: number | null;
  respondents: number;
}

/** A client's loyalty history, newest wave first; 404 when the viewer may not see the client. */
export async function getClientSatisfactionHistory({
  clientId,
  viewer,
}: {
  clientId: string;
  viewer: StaffUser;
}): Promise<ClientSatisfactionEntry[]> {
  if (!uuid.safeParse(clientId).success) throw notFound();
  const db = getDb();
  const [client] = await selectRows<{ id: string }>(
    db,
    sql`SELECT id FROM clients WHERE id = ${clientId} AND ${scopeCondition(feedScopeOf(viewer))}`,
  );
  if (!client) throw notFound();
  const rows = await selectRows<
    FeedStateRow & { wave_id: string; wave_name: string; wave_date: string | Date | null; responded: boolean }
  >(
    db,
    sql`SELECT s.wave_id::text AS wave_id, w.name AS wave_name,
          coalesce(w.launched_at, w.send_from, w.created_at) AS wave_date, s.responded, s.loyalty_state,
          s.previous_state, s.reasons, s.account_class, s.net_score, s.csi, s.csi_change, s.overall, s.respondents
        FROM client_satisfaction s JOIN waves w ON w.id = s.wave_id
        WHERE s.client_id = ${clientId}
        ORDER BY coalesce(w.launched_at, w.send_from, w.created_at) DESC, w.id DESC`,
  );
  return rows.map((row) => ({
    waveId: row.wave_id,
    waveName: row.wave_name,
    waveDate: row.wave_date === null ? null : new Date(row.wave_date).toISOString(),
    responded: row.responded,
    ...feedState(row),
  }));
}

// ── Files ───────────────────────────────────────────────────────────────────────────────────────

export const loyaltyExportViews = ['feed', 'at-risk', 'matrix', 'movement'] as const;
export type LoyaltyExportView = (typeof loyaltyExportViews)[number];
export type LoyaltyExportFormat = 'csv' | 'xlsx';

const isExportView = (view: string | null): view is LoyaltyExportView =>
  (loyaltyExportViews as readonly (string | null)[]).includes(view);

/** One loyalty table as the page shows it, with every row (no page limit), ready for a file. */
async function loyaltyTable({
  viewer,
  view,
  searchParams,
  locale,
}: {
  viewer: StaffUser;
  view: LoyaltyExportView;
  searchParams: URLSearchParams;
  locale: Locale;
}): Promise<DataTable> {
  const t = getI18n(locale).getFixedT(locale, 'loyalty');
  const query = Object.fromEntries(searchParams);
  const state = (value: LoyaltyState | 'none' | null) => (value ? t(`states.${value}`) : '');
  const reasons = (list: readonly LoyaltyReason[]) => list.map((reason) => t(`reasons.${reason}`)).join(', ');
  const accountClass = (value: FeedItem['accountClass']) => (value ? t(`classes.${value}`) : '');
  const base = { suppressedLabel: 'n < 5' };
  if (view === 'feed') {
    const { wave, unit, manager } = feedParamsSchema.parse(query);
    const { items } = await listSatisfactionFeed({
      viewer,
      waveId: wave,
      unitId: unit,
      managerId: manager,
      limit: Number.POSITIVE_INFINITY,
    });
    return {
      ...base,
      id: 'feed',
      title: t('feed.title'),
      columns: [
        { label: 'client_id' },
        { label: t('inn') },
        { label: t('client') },
        { label: t('wave') },
        { label: t('state') },
        { label: t('previousState') },
        { label: t('reasonsLabel') },
        { label: t('accountClass') },
        { label: t('accountNps'), numeric: true },
        { label: t('csi'), numeric: true },
        { label: t('csiChange'), numeric: true },
        { label: t('overall'), numeric: true },
        { label: t('respondents'), numeric: true },
        { label: t('income'), numeric: true },
        { label: t('manager') },
      ],
      rows: items.map((item) => ({
        key: item.clientId,
        cells: [
          textCell(item.clientId),
          textCell(item.inn),
          textCell(item.name),
          textCell(item.waveName),
          textCell(state(item.loyaltyState)),
          textCell(state(item.previousState)),
          textCell(reasons(item.reasons)),
          textCell(accountClass(item.accountClass)),
          numberCell(item.accountNps, 0),
          numberCell(item.csi, 1),
          numberCell(item.csiChange, 1),
          numberCell(item.overall, 1),
          numberCell(item.respondents, 0),
          numberCell(item.incomeRub, 0),
          textCell(item.managerName ?? ''),
        ],
      })),
    };
  }
  if (view === 'at-risk') {
    const { accounts } = await listAtRiskAccounts({ viewer, filter: loyaltyFilterSchema.parse(query) });
    return {
      ...base,
      id: 'at-risk',
      title: t('atRisk.title'),
      columns: [
        { label: t('client') },
        { label: t('inn') },
        { label: t('reasonsLabel') },
        { label: t('accountClass') },
        { label: t('csi'), numeric: true },
        { label: t('csiChange'), numeric: true },
        { label: t('income'), numeric: true },
        { label: t('manager') },
        { label: t('unit') },
        { label: t('atRisk.openFollowUps'), numeric: true },
        { label: t('wave') },
      ],
      rows: accounts.map((account) => ({
        key: account.clientId,
        cells: [
          textCell(account.name),
          textCell(account.inn),
          textCell(reasons(account.reasons)),
          textCell(accountClass(account.accountClass)),
          numberCell(account.csi, 1),
          numberCell(account.csiChange, 1),
          numberCell(account.income, 0),
          textCell(account.managerName ?? ''),
          textCell(locale === 'ru' ? account.unitNameRu : account.unitNameEn),
          numberCell(account.openFollowUps, 0),
          textCell(account.waveName),
        ],
      })),
    };
  }
  if (view === 'matrix') {
    const params = matrixParamsSchema.parse(query);
    const { points } = await getValueSatisfactionMatrix({ viewer, params });
    return {
      ...base,
      id: 'matrix',
      title: t('matrix.title'),
      columns: [
        { label: 'client_id' },
        { label: t('client') },
        { label: t('state') },
        { label: params.value === 'income' ? t('income') : t('revenue'), numeric: true },
        {
          label: params.satisfaction === 'csi' ? t('matrix.satisfactionCsi') : t('matrix.satisfactionNps'),
          numeric: true,
        },
      ],
      rows: [...points]
        .sort((a, b) => b.value - a.value)
        .map((point) => ({
          key: point.clientId,
          cells: [
            textCell(point.clientId),
            textCell(point.name),
            textCell(state(point.state)),
            numberCell(point.value, 0),
            numberCell(point.satisfaction, 1),
          ],
        })),
    };
  }
  const movement = await getLoyaltyMovement({ viewer, params: movementParamsSchema.parse(query) });
  const waveName = (id: string | null) => movement.waves.find((wave) => wave.id === id)?.name ?? '';
  return {
    ...base,
    id: 'movement',
    title: t('movement.title'),
    columns: [
      { label: `${waveName(movement.from)} → ${waveName(movement.to)}` },
      ...movementStates.map((to) => ({ label: state(to), numeric: true })),
    ],
    rows: movementStates.map((from) => ({
      key: from,
      cells: [textCell(state(from)), ...movementStates.map((to) => numberCell(movement.counts[from][to], 0))],
    })),
  };
}

/** A loyalty table as a CSV or XLSX download, audited like every export (who, what, which filters). */
export async function exportLoyaltyTable({
  viewer,
  searchParams,
  format,
  locale,
  ipAddress,
}: {
  viewer: StaffUser;
  searchParams: URLSearchParams;
  format: LoyaltyExportFormat;
  locale: Locale;
  ipAddress: string;
}): Promise<Response> {
  const view = searchParams.get('view');
  if (!isExportView(view)) throw notFound();
  const table = await loyaltyTable({ viewer, view, searchParams, locale });
  const body = format === 'csv' ? toCsv(table) : await dataTableToXlsx(table);
  await recordAudit(getDb(), {
    actorUserId: viewer.id,
    action: 'export',
    entityType: 'loyalty',
    entityId: view,
    detail: { format, query: searchParams.toString(), rows: table.rows.length },
    ipAddress,
  });
  const fileName = `barometer-loyalty-${view}-${new Date().toISOString().slice(0, 10)}.${format}`;
  return new Response(body, {
    headers: {
      'Content-Type': tableFileContentTypes[format],
      'Content-Disposition': `attachment; filename="${fileName}"`,
      'Cache-Control': 'private, no-store',
    },
  });
}
