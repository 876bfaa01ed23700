import type { kpiActuals, kpis, kpiTargets, kpiWeights, reviewPeriods } from '../schema/index.ts';
import type { ClientProductPlan } from './client-products.ts';
import type { ClientPlan } from './clients.ts';
import type { ManagerPlan } from './managers.ts';
import type { Portfolios } from './portfolios.ts';
import type { Random } from './random.ts';
import { type KpiCode, kpiSeeds } from './reference-data.ts';

type KpiRow = typeof kpis.$inferInsert & { id: string };
type ReviewPeriodRow = typeof reviewPeriods.$inferInsert & { id: string };

const YEAR = 2026;
/** Actuals are imported up to the last closed month before the demo's "today". */
const LAST_ACTUAL_MONTH = 10;
/** Percent of follow-ups closed by their due date. */
const FOLLOW_UP_SLA_TARGET = 90;

// Seasonal profiles, each summing to 12: lending picks up after the New Year lull and peaks in the
// fourth quarter; balances swell at year end; fees follow turnover; remote-channel sign-ups are even.
const seasonalProfiles: Record<
  'credit_portfolio' | 'attracted_funds' | 'commission_income' | 'remote_channel_clients',
  readonly number[]
> = {
  credit_portfolio: [0.6, 0.8, 1, 1.1, 1.1, 1, 0.9, 0.9, 1.1, 1.1, 1.2, 1.2],
  attracted_funds: [0.8, 0.9, 1.1, 1, 0.9, 1, 0.9, 0.9, 1, 1, 1.1, 1.4],
  commission_income: [0.85, 0.9, 1, 1, 1, 1.05, 1, 0.95, 1, 1.05, 1.05, 1.15],
  remote_channel_clients: [1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1],
};
type TargetedKpi = keyof typeof seasonalProfiles;

// Scorecard weights for the third quarter; satisfaction carries the methodology's default 25%.
const q3Weights: Partial<Record<KpiCode, number>> = {
  credit_portfolio: 0.2,
  attracted_funds: 0.2,
  commission_income: 0.15,
  remote_channel_clients: 0.1,
  satisfaction: 0.25,
  follow_up_sla: 0.1,
};

export function planKpis(random: Random): KpiRow[] {
  return kpiSeeds.map((seed) => ({ id: random.uuid(), ...seed }));
}

export function planReviewPeriods(random: Random): ReviewPeriodRow[] {
  return [1, 2, 3, 4].map((quarter) => ({
    id: random.uuid(),
    name: `${YEAR}-Q${quarter}`,
    startsOn: `${YEAR}-${String(quarter * 3 - 2).padStart(2, '0')}-01`,
    endsOn: `${YEAR}-${String(quarter * 3).padStart(2, '0')}-${quarter === 1 || quarter === 4 ? 31 : 30}`,
  }));
}

/**
 * 2026 targets for every active manager, sized by their portfolio, and monthly actuals to October:
 * most managers near plan, the weak manager behind it.
 */
export function planKpiFigures(
  random: Random,
  {
    managers,
    kpiRows,
    periods,
    clients,
    productsByClient,
    portfolios,
  }: {
    managers: readonly ManagerPlan[];
    kpiRows: readonly KpiRow[];
    periods: readonly ReviewPeriodRow[];
    clients: readonly ClientPlan[];
    productsByClient: ReadonlyMap<string, ClientProductPlan[]>;
    portfolios: Portfolios;
  },
) {
  const kpiId = (code: KpiCode) => kpiRows.find((row) => row.code === code)!.id;
  const targets: (typeof kpiTargets.$inferInsert)[] = [];
  const actuals: (typeof kpiActuals.$inferInsert)[] = [];

  for (const manager of managers.filter((candidate) => candidate.row.active)) {
    const portfolio = clients.filter((client) => portfolios.currentManager.get(client.id) === manager.row.id);
    const annual = annualTargets(portfolio, productsByClient);
    const pace = manager.part === 'weak' ? 0.82 : random.normal(1, 0.08);
    // The newcomer joined in February, so January has neither plan nor actuals worth a row.
    const firstMonth = manager.part === 'newcomer' ? 2 : 1;
    for (const code of Object.keys(seasonalProfiles) as TargetedKpi[]) {
      const profile = seasonalProfiles[code];
      targets.push({
        managerId: manager.row.id,
        kpiId: kpiId(code),
        year: YEAR,
        annualTarget: money(annual[code]),
        seasonalProfile: [...profile],
      });
      for (let month = firstMonth; month <= LAST_ACTUAL_MONTH; month++) {
        const planned = (annual[code] * profile[month - 1]) / 12;
        const actual = planned * pace * random.normal(1, 0.1);
        actuals.push({
          managerId: manager.row.id,
          kpiId: kpiId(code),
          month: `${YEAR}-${String(month).padStart(2, '0')}-01`,
          value: code === 'remote_channel_clients' ? String(Math.max(0, Math.round(actual))) : money(actual),
        });
      }
    }
  }

  // Levels rather than flows: nine in ten follow-ups closed on time, a fixed bar for everyone.
  for (const manager of managers.filter((candidate) => candidate.row.active)) {
    targets.push({
      managerId: manager.row.id,
      kpiId: kpiId('follow_up_sla'),
      year: YEAR,
      annualTarget: money(FOLLOW_UP_SLA_TARGET),
      seasonalProfile: [...seasonalProfiles.remote_channel_clients],
    });
  }

  const q3 = periods.find((period) => period.name === `${YEAR}-Q3`)!;
  const weights: (typeof kpiWeights.$inferInsert)[] = Object.entries(q3Weights).map(([code, weight]) => ({
    reviewPeriodId: q3.id,
    kpiId: kpiId(code as KpiCode),
    weight,
  }));
  return { targets, actuals, weights };
}

function annualTargets(
  portfolio: readonly ClientPlan[],
  productsByClient: ReadonlyMap<string, ClientProductPlan[]>,
): Record<TargetedKpi, number> {
  const revenue = portfolio.reduce((total, client) => total + client.revenueRub, 0);
  const fees = portfolio
    .flatMap((client) => productsByClient.get(client.id) ?? [])
    .filter((product) => product.code !== 'lending' && product.code !== 'deposits')
    .reduce((total, product) => total + product.incomeRub, 0);
  return {
    credit_portfolio: Math.round((revenue * 0.03) / 1e6) * 1e6,
    attracted_funds: Math.round((revenue * 0.02) / 1e6) * 1e6,
    commission_income: Math.round((fees * 1.1) / 1e3) * 1e3,
    remote_channel_clients: Math.max(2, Math.round(portfolio.length * 0.2)),
  };
}

function money(value: number): string {
  return value.toFixed(2);
}
