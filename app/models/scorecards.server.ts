import { and, asc, eq, gte, inArray, lte, sql } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import { notFound, type StaffUser } from '#app/auth/session.server.ts';
import {
  type Aggregation,
  assembleScorecard,
  type Direction,
  monthStart,
  periodActualFor,
  periodMonths,
  periodTargetFor,
  type ScorecardKpiLine,
} from '#analytics/performance/index.ts';
import { getDb } from '#db/client.ts';
import { selectRows } from '#db/raw-query.ts';
import {
  kpiActuals,
  kpiAdjustments,
  kpiExplanations,
  kpis,
  kpiTargets,
  managerReviews,
  managers,
  units,
  users,
} from '#db/schema/index.ts';
import { type PeriodFairScores, periodFairScores } from './fair-scores.server.ts';
import { slaAdherenceByManager } from './follow-up-sla.server.ts';
import { isMeasuredKpi, periodWeights, type ReviewPeriod } from './kpis.server.ts';

/** Which managers' cards a viewer may read: all (management, admin), a unit (unit head), or their own. */
export type PerformanceScope = { kind: 'all' } | { kind: 'managers'; managerIds: string[] };

export async function performanceScope(viewer: StaffUser): Promise<PerformanceScope> {
  if (viewer.role === 'admin' || viewer.role === 'management') return { kind: 'all' };
  if (viewer.role !== 'manager' || !viewer.managerId) return { kind: 'managers', managerIds: [] };
  const db = getDb();
  const [own] = await db
    .select({ id: managers.id, unitId: managers.unitId, isUnitHead: managers.isUnitHead })
    .from(managers)
    .where(eq(managers.id, viewer.managerId));
  if (!own) return { kind: 'managers', managerIds: [] };
  if (!own.isUnitHead) return { kind: 'managers', managerIds: [own.id] };
  const unit = await db.select({ id: managers.id }).from(managers).where(eq(managers.unitId, own.unitId));
  return { kind: 'managers', managerIds: unit.map((row) => row.id) };
}

export interface ManagerSummary {
  id: string;
  fullName: string;
  unitNameEn: string;
  unitNameRu: string;
  active: boolean;
}

/** A card's manager as a list and a card name them (joined with their unit). */
const managerSummaryColumns = {
  id: managers.id,
  fullName: managers.fullName,
  unitNameEn: units.nameEn,
  unitNameRu: units.nameRu,
  active: managers.active,
};

/** The managers whose cards the viewer may read, by name; inactive ones only with a history. */
export async function managersInScope(viewer: StaffUser): Promise<ManagerSummary[]> {
  const scope = await performanceScope(viewer);
  if (scope.kind === 'managers' && scope.managerIds.length === 0) return [];
  return getDb()
    .select(managerSummaryColumns)
    .from(managers)
    .innerJoin(units, eq(units.id, managers.unitId))
    .where(scope.kind === 'all' ? undefined : inArray(managers.id, scope.managerIds))
    .orderBy(asc(managers.fullName));
}

/** The manager if the viewer may read their card; a 404 otherwise (never a 403, which leaks). */
export async function requireManagerInScope(viewer: StaffUser, managerId: string): Promise<ManagerSummary> {
  const scope = await performanceScope(viewer);
  if (scope.kind === 'managers' && !scope.managerIds.includes(managerId)) throw notFound();
  if (!/^[0-9a-f-]{36}$/i.test(managerId)) throw notFound();
  const [manager] = await getDb()
    .select(managerSummaryColumns)
    .from(managers)
    .innerJoin(units, eq(units.id, managers.unitId))
    .where(eq(managers.id, managerId));
  if (!manager) throw notFound();
  return manager;
}

export interface CardAdjustment {
  id: string;
  targetDelta: number;
  reason: string;
  status: 'proposed' | 'approved' | 'rejected';
  proposedByName: string | null;
  decidedByName: string | null;
  createdAt: string;
  decidedAt: string | null;
}

export interface SatisfactionDetail {
  /** The twelve months the score was measured over. */
  windowStartsOn: string;
  windowEndsOn: string;
  n: number;
  effectiveN: number;
  observed: number;
  expected: number;
  adjusted: number;
  ci95: [number, number];
  companyMean: number;
  /** The target is the company mean because none was set for the manager. */
  targetIsCompanyMean: boolean;
}

export interface CardLine extends ScorecardKpiLine {
  code: string;
  nameEn: string;
  nameRu: string;
  unit: string;
  direction: Direction;
  aggregation: Aggregation;
  /** Measured by Barometer (satisfaction, follow-up SLA, response coverage), not imported. */
  measured: boolean;
  monthsReported: number | null;
  monthsInPeriod: number;
  adjustments: CardAdjustment[];
  explanation: { text: string; updatedAt: string } | null;
  satisfaction?: SatisfactionDetail;
}

export interface ScorecardView {
  manager: ManagerSummary;
  period: { id: string; name: string; startsOn: string; endsOn: string };
  score: number | null;
  lines: CardLine[];
  /** KPIs below target still waiting for the manager's explanation. */
  missingExplanations: string[];
  /** When the card was computed (live) or frozen (signed). */
  asOf: string;
}

const iso = (value: Date | string | null) =>
  value === null ? null : value instanceof Date ? value.toISOString() : new Date(value).toISOString();

/**
 * Live scorecards of several managers for one period, each KPI read in one query for all of them:
 * targets by the seasonal profile, imported actuals, approved adjustments, explanations, and the
 * measured KPIs (fair satisfaction score, follow-up SLA, response coverage).
 */
export async function computeScorecards({
  managerList,
  period,
  fairScores,
}: {
  managerList: readonly ManagerSummary[];
  period: ReviewPeriod;
  fairScores?: PeriodFairScores;
}): Promise<ScorecardView[]> {
  if (managerList.length === 0) return [];
  const db = getDb();
  const managerIds = managerList.map((manager) => manager.id);
  const weights = await periodWeights(period.id);
  const cardKpis = (await db.select().from(kpis).orderBy(asc(kpis.createdAt), asc(kpis.code))).filter((kpi) =>
    weights.has(kpi.id),
  );
  const kpiIds = cardKpis.map((kpi) => kpi.id);
  const months = periodMonths(period);
  const years = [...new Set(months.map((month) => month.year))];
  const none = kpiIds.length === 0;
  const proposer = alias(users, 'proposer');
  const decider = alias(users, 'decider');
  const [targetRows, actualRows, adjustmentRows, explanationRows] = none
    ? [[], [], [], []]
    : await Promise.all([
        db
          .select()
          .from(kpiTargets)
          .where(
            and(
              inArray(kpiTargets.managerId, managerIds),
              inArray(kpiTargets.kpiId, kpiIds),
              inArray(kpiTargets.year, years),
            ),
          ),
        months.length === 0
          ? []
          : db
              .select()
              .from(kpiActuals)
              .where(
                and(
                  inArray(kpiActuals.managerId, managerIds),
                  inArray(kpiActuals.kpiId, kpiIds),
                  gte(kpiActuals.month, monthStart(months[0])),
                  lte(kpiActuals.month, monthStart(months[months.length - 1])),
                ),
              ),
        db
          .select({
            adjustment: kpiAdjustments,
            proposedByName: proposer.fullName,
            decidedByName: decider.fullName,
          })
          .from(kpiAdjustments)
          .leftJoin(proposer, eq(proposer.id, kpiAdjustments.proposedBy))
          .leftJoin(decider, eq(decider.id, kpiAdjustments.decidedBy))
          .where(
            and(inArray(kpiAdjustments.managerId, managerIds), eq(kpiAdjustments.reviewPeriodId, period.id)),
          )
          .orderBy(asc(kpiAdjustments.createdAt)),
        db
          .select()
          .from(kpiExplanations)
          .where(
            and(
              inArray(kpiExplanations.managerId, managerIds),
              eq(kpiExplanations.reviewPeriodId, period.id),
            ),
          ),
      ]);
  const codes = new Set(cardKpis.map((kpi) => kpi.code));
  const satisfaction = codes.has('satisfaction') ? (fairScores ?? (await periodFairScores(period))) : null;
  const sla = codes.has('follow_up_sla')
    ? await slaAdherenceByManager({ managerIds, from: period.startsOn, to: period.endsOn })
    : new Map();
  const coverage = codes.has('response_coverage') ? await responseCoverage(managerIds, period) : new Map();
  const asOf = new Date().toISOString();

  return managerList.map((manager) => {
    const lines = cardKpis.map((kpi) => {
      const aggregation = kpi.aggregation as Aggregation;
      const targets = targetRows
        .filter((row) => row.managerId === manager.id && row.kpiId === kpi.id)
        .map((row) => ({
          year: row.year,
          annualTarget: Number(row.annualTarget),
          seasonalProfile: row.seasonalProfile,
        }));
      let baseTarget = periodTargetFor(aggregation, targets, months);
      const adjustments = adjustmentRows
        .filter((row) => row.adjustment.managerId === manager.id && row.adjustment.kpiId === kpi.id)
        .map(
          ({ adjustment, proposedByName, decidedByName }): CardAdjustment => ({
            id: adjustment.id,
            targetDelta: Number(adjustment.targetDelta),
            reason: adjustment.reason,
            status: adjustment.status,
            proposedByName,
            decidedByName,
            createdAt: iso(adjustment.createdAt)!,
            decidedAt: iso(adjustment.decidedAt),
          }),
        );
      const explanationRow = explanationRows.find(
        (row) => row.managerId === manager.id && row.kpiId === kpi.id,
      );
      let actual: number | null = null;
      let monthsReported: number | null = null;
      let effectiveN: number | null | undefined;
      let satisfactionDetail: SatisfactionDetail | undefined;
      if (kpi.code === 'satisfaction' && satisfaction) {
        const score = satisfaction.csi?.managers.find((entry) => entry.managerId === manager.id);
        effectiveN = score?.effectiveN ?? null;
        actual = score?.shrunk ?? null;
        const companyMean = satisfaction.csi?.mean ?? null;
        const targetIsCompanyMean = baseTarget === null && companyMean !== null;
        if (targetIsCompanyMean) baseTarget = companyMean;
        if (score && companyMean !== null) {
          satisfactionDetail = {
            windowStartsOn: satisfaction.window.startsOn,
            windowEndsOn: satisfaction.window.endsOn,
            n: score.n,
            effectiveN: score.effectiveN,
            observed: score.observed,
            expected: score.expected,
            adjusted: score.adjusted,
            ci95: [score.ci95[0], score.ci95[1]],
            companyMean,
            targetIsCompanyMean,
          };
        }
      } else if (kpi.code === 'follow_up_sla') {
        const share = sla.get(manager.id)?.share ?? null;
        actual = share === null ? null : 100 * share;
      } else if (kpi.code === 'response_coverage') {
        actual = coverage.get(manager.id) ?? null;
      } else {
        const monthly = actualRows
          .filter((row) => row.managerId === manager.id && row.kpiId === kpi.id)
          .map((row) => ({ month: row.month, value: Number(row.value) }));
        const figure = periodActualFor(aggregation, monthly, months);
        actual = figure.value;
        monthsReported = figure.monthsReported;
      }
      return {
        input: {
          kpiId: kpi.id,
          direction: kpi.direction as Direction,
          weight: weights.get(kpi.id) ?? 0,
          baseTarget,
          approvedTargetDelta: adjustments
            .filter((adjustment) => adjustment.status === 'approved')
            .reduce((sum, adjustment) => sum + adjustment.targetDelta, 0),
          actual,
          ...(effectiveN !== undefined ? { effectiveN } : {}),
        },
        kpi,
        aggregation,
        monthsReported,
        adjustments,
        explanation: explanationRow
          ? { text: explanationRow.text, updatedAt: iso(explanationRow.updatedAt)! }
          : null,
        satisfactionDetail,
      };
    });
    const card = assembleScorecard(lines.map((line) => line.input));
    const cardLines = card.lines.map((line, index): CardLine => {
      const source = lines[index];
      return {
        ...line,
        code: source.kpi.code,
        nameEn: source.kpi.nameEn,
        nameRu: source.kpi.nameRu,
        unit: source.kpi.unit,
        direction: source.kpi.direction as Direction,
        aggregation: source.aggregation,
        measured: isMeasuredKpi(source.kpi.code),
        monthsReported: source.monthsReported,
        monthsInPeriod: months.length,
        adjustments: source.adjustments,
        explanation: source.explanation,
        ...(source.satisfactionDetail ? { satisfaction: source.satisfactionDetail } : {}),
      };
    });
    return {
      manager,
      period: { id: period.id, name: period.name, startsOn: period.startsOn, endsOn: period.endsOn },
      score: card.score,
      lines: cardLines,
      missingExplanations: cardLines
        .filter((line) => line.needsExplanation && !line.explanation)
        .map((line) => line.kpiId),
      asOf,
    };
  });
}

/**
 * Percent of each manager's current clients with a completed response in the period; null for a
 * manager without clients.
 */
async function responseCoverage(
  managerIds: readonly string[],
  period: ReviewPeriod,
): Promise<Map<string, number>> {
  const rows = await selectRows<{
    manager_id: string;
    clients: string | number;
    responding: string | number;
  }>(
    getDb(),
    sql`SELECT c.manager_id::text AS manager_id, count(*) AS clients,
          count(*) FILTER (WHERE EXISTS (
            SELECT 1 FROM responses r
            WHERE r.client_id = c.id AND r.status = 'completed'
              AND r.completed_at >= ${period.startsOn}::date
              AND r.completed_at < ${period.endsOn}::date + 1)) AS responding
        FROM clients c
        WHERE c.manager_id IN (${sql.join(
          managerIds.map((id) => sql`${id}::uuid`),
          sql`, `,
        )})
        GROUP BY c.manager_id`,
  );
  return new Map(
    rows.map((row) => [
      row.manager_id,
      Number(row.clients) > 0 ? (100 * Number(row.responding)) / Number(row.clients) : 0,
    ]),
  );
}

export interface ReviewState {
  status: 'draft' | 'signed';
  signedAt: string | null;
  signedByName: string | null;
}

/** A review's stored state; a period without a review row is a draft. */
export async function reviewStates(
  managerIds: readonly string[],
  periodId: string,
): Promise<Map<string, ReviewState & { card: ScorecardView | null }>> {
  if (managerIds.length === 0) return new Map();
  const rows = await getDb()
    .select({ review: managerReviews, signedByName: users.fullName })
    .from(managerReviews)
    .leftJoin(users, eq(users.id, managerReviews.signedBy))
    .where(
      and(inArray(managerReviews.managerId, [...managerIds]), eq(managerReviews.reviewPeriodId, periodId)),
    );
  return new Map(
    rows.map(({ review, signedByName }) => [
      review.managerId,
      {
        status: review.status,
        signedAt: iso(review.signedAt),
        signedByName,
        card: (review.card as ScorecardView | null) ?? null,
      },
    ]),
  );
}

/**
 * The scorecards of every manager the viewer may see, for the period overview: a signed review
 * shows its frozen card, any other the live one.
 */
export async function listScorecards({
  viewer,
  period,
  fairScores: computed,
}: {
  viewer: StaffUser;
  period: ReviewPeriod;
  fairScores?: PeriodFairScores;
}) {
  const managerList = (await managersInScope(viewer)).filter((manager) => manager.active);
  const fairScores = computed ?? (await periodFairScores(period));
  const [live, states] = await Promise.all([
    computeScorecards({ managerList, period, fairScores }),
    reviewStates(
      managerList.map((manager) => manager.id),
      period.id,
    ),
  ]);
  return live.map((card) => {
    const state = states.get(card.manager.id);
    const shown = state?.status === 'signed' && state.card ? state.card : card;
    return {
      manager: card.manager,
      score: shown.score,
      weighted: shown.lines.length > 0,
      missingExplanations: shown.missingExplanations.length,
      belowTarget: shown.lines.filter((line) => line.belowTarget).length,
      pendingAdjustments: card.lines
        .flatMap((line) => line.adjustments)
        .filter((a) => a.status === 'proposed').length,
      status: state?.status ?? 'draft',
      signedAt: state?.signedAt ?? null,
    };
  });
}
