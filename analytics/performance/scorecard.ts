import {
  DEFAULT_ATTAINMENT_CAP,
  type ExcludedComponent,
  MIN_SATISFACTION_EFFECTIVE_N,
  scorecard,
} from '../metrics/index.ts';
import { type Direction, directionalAttainment, isBelowTarget } from './attainment.ts';

export interface ScorecardKpiInput {
  kpiId: string;
  direction: Direction;
  /** v_k for the period. */
  weight: number;
  /** The period target before adjustments; null when none was set. */
  baseTarget: number | null;
  /** Sum of the approved adjustments' target changes; proposed ones do not count. */
  approvedTargetDelta: number;
  actual: number | null;
  /** Survey-based KPIs only: the effective n behind the actual. */
  effectiveN?: number | null;
}

export interface ScorecardKpiLine {
  kpiId: string;
  weight: number;
  baseTarget: number | null;
  /** The target attainment is measured against: base plus approved adjustments. */
  target: number | null;
  adjusted: boolean;
  actual: number | null;
  attainment: number | null;
  belowTarget: boolean;
  /** Weight after spreading the excluded components' weight; 0 when excluded. */
  effectiveWeight: number;
  contribution: number;
  excluded: ExcludedComponent['reason'] | null;
  /** A counted KPI below target: the manager must explain it before the review is signed. */
  needsExplanation: boolean;
  effectiveN?: number | null;
}

export interface ScorecardResult {
  /** Σ v_k·a_k over the counted KPIs; null when none counts. */
  score: number | null;
  lines: ScorecardKpiLine[];
}

export interface ScorecardSettings {
  cap?: number;
  minEffectiveN?: number;
}

/**
 * A manager's card for one period (METHODOLOGY §7): each KPI's target after approved adjustments,
 * its direction-aware attainment, and the weighted score with the weight of components that do not
 * count (no figure, or a survey base below the minimum effective n) spread over the others.
 */
export function assembleScorecard(
  kpis: readonly ScorecardKpiInput[],
  { cap = DEFAULT_ATTAINMENT_CAP, minEffectiveN = MIN_SATISFACTION_EFFECTIVE_N }: ScorecardSettings = {},
): ScorecardResult {
  const prepared = kpis.map((kpi) => {
    const adjusted = kpi.approvedTargetDelta !== 0;
    const target = kpi.baseTarget === null ? null : kpi.baseTarget + kpi.approvedTargetDelta;
    return {
      kpi,
      target,
      adjusted,
      attainment: directionalAttainment(kpi.direction, kpi.actual, target, cap),
      belowTarget: isBelowTarget(kpi.direction, kpi.actual, target),
    };
  });
  const card = scorecard(
    prepared.map(({ kpi, attainment }) => ({
      kpi: kpi.kpiId,
      weight: kpi.weight,
      attainment,
      ...(kpi.effectiveN !== undefined ? { effectiveN: kpi.effectiveN } : {}),
    })),
    { minEffectiveN },
  );
  const lineOf = new Map(card?.lines.map((line) => [line.kpi, line]));
  const excludedOf = new Map(card?.excluded.map((component) => [component.kpi, component.reason]));
  const lines = prepared.map(({ kpi, target, adjusted, attainment, belowTarget }): ScorecardKpiLine => {
    const line = lineOf.get(kpi.kpiId);
    // Without any counted component the metrics function returns no card; every KPI is then out.
    const excluded = line
      ? null
      : (excludedOf.get(kpi.kpiId) ?? (attainment === null ? 'no-data' : 'low-base'));
    return {
      kpiId: kpi.kpiId,
      weight: kpi.weight,
      baseTarget: kpi.baseTarget,
      target,
      adjusted,
      actual: kpi.actual,
      attainment,
      belowTarget,
      effectiveWeight: line?.weight ?? 0,
      contribution: line?.contribution ?? 0,
      excluded,
      needsExplanation: belowTarget && excluded !== 'low-base' && kpi.weight > 0,
      ...(kpi.effectiveN !== undefined ? { effectiveN: kpi.effectiveN } : {}),
    };
  });
  return { score: card?.score ?? null, lines };
}
