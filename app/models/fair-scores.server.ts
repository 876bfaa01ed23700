import type { StaffUser } from '#app/auth/session.server.ts';
import {
  type FairScore,
  type FairScoreMetric,
  type FairScoreSet,
  fairScores,
  type PeriodRange,
  portfolioAccounts,
  satisfactionWindow,
} from '#analytics/performance/index.ts';
import { MIN_SATISFACTION_EFFECTIVE_N } from '#analytics/metrics/index.ts';
import { getDb } from '#db/client.ts';
import type { ReviewPeriod } from './kpis.server.ts';
import { managersInScope } from './scorecards.server.ts';

export interface PeriodFairScores {
  window: PeriodRange;
  csi: FairScoreSet | null;
  nps: FairScoreSet | null;
}

/**
 * Every manager's fair portfolio score for a period, on account CSI and account NPS, measured over
 * the twelve months up to the period's end. Computed over the whole company (the mean, the cells of
 * the case mix and the between-manager variance need everybody), whoever asks.
 */
export async function periodFairScores(
  period: Pick<ReviewPeriod, 'startsOn' | 'endsOn'>,
): Promise<PeriodFairScores> {
  const window = satisfactionWindow(period);
  const accounts = await portfolioAccounts(getDb(), window);
  return { window, csi: fairScores(accounts, 'csi'), nps: fairScores(accounts, 'nps') };
}

export interface FairScoreRow extends FairScore {
  fullName: string;
  /** Below the effective n the scorecard needs: shown marked, and left out of the card's score. */
  lowBase: boolean;
}

export interface FairScoreChart {
  metric: FairScoreMetric;
  mean: number;
  rows: FairScoreRow[];
  /** Managers in the viewer's scope without a responding account in the window. */
  withoutResponses: { id: string; fullName: string }[];
}

/**
 * What the fair-score chart and table show the viewer: the managers in their scope (all, their
 * unit, or themselves) against the company mean, highest shrunk score first, each with n and interval.
 */
export async function getFairScoreCharts({
  viewer,
  period,
  fairScores: computed,
  managerId,
}: {
  viewer: StaffUser;
  period: ReviewPeriod;
  fairScores?: PeriodFairScores;
  /** One manager's card: that manager against the company mean, not the colleagues' scores. */
  managerId?: string;
}): Promise<{ window: PeriodRange; charts: FairScoreChart[] }> {
  const scores = computed ?? (await periodFairScores(period));
  const inScope = await managersInScope(viewer);
  const visible = managerId === undefined ? inScope : inScope.filter((manager) => manager.id === managerId);
  const charts = (['csi', 'nps'] as const).flatMap((metric): FairScoreChart[] => {
    const set = scores[metric];
    if (!set) return [];
    const byId = new Map(set.managers.map((manager) => [manager.managerId, manager]));
    const rows = visible
      .flatMap((manager) => {
        const score = byId.get(manager.id);
        return score
          ? [
              {
                ...score,
                fullName: manager.fullName,
                lowBase: score.effectiveN < MIN_SATISFACTION_EFFECTIVE_N,
              },
            ]
          : [];
      })
      .sort((a, b) => b.shrunk - a.shrunk || a.fullName.localeCompare(b.fullName));
    const withoutResponses = visible
      .filter((manager) => managerId === undefined && manager.active && !byId.has(manager.id))
      .map((manager) => ({ id: manager.id, fullName: manager.fullName }));
    return [{ metric, mean: set.mean, rows, withoutResponses }];
  });
  return { window: scores.window, charts };
}
