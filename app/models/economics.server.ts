import { and, eq, type SQL, sql } from 'drizzle-orm';
import { z } from 'zod';
import type { StaffUser } from '#app/auth/session.server.ts';
import { notFound } from '#app/auth/session.server.ts';
import { type Executor, getDb } from '#db/client.ts';
import { selectRows } from '#db/raw-query.ts';
import { clientGroups, clients } from '#db/schema/index.ts';
import { clientScope } from './clients.server.ts';

/**
 * Economic efficiency per client, group and manager (source article, principle 4): income by
 * product, the cost to serve, and contribution = income − cost, over the trailing twelve months
 * and month by month for the trend.
 *
 * The window ends at the latest month imported for anyone (client_product_income), not at the
 * calendar: ledgers arrive a month or two late, and every client, group and manager is then compared
 * over the same twelve months. The cost of a month is the one imported with it, else the product's
 * standard yearly cost to serve (products.cost_to_serve_rub) divided by twelve, counted for every
 * month the client used the product.
 */

export interface EconomicsFigures {
  incomeRub: number;
  costRub: number;
  contributionRub: number;
}

export interface ProductEconomics extends EconomicsFigures {
  productId: string;
  code: string;
  nameEn: string;
  nameRu: string;
  /** Some of the cost is the product's standard rather than an imported allocation. */
  standardCost: boolean;
}

export interface MonthEconomics extends EconomicsFigures {
  /** First day of the month, ISO. */
  month: string;
}

export interface EconomicsView {
  /** The trailing twelve months shown; null when no income was ever imported. */
  window: { from: string; to: string } | null;
  total: EconomicsFigures & {
    /** Contribution / income; null without income. */
    margin: number | null;
    /** Contribution over the twelve months before the window, for the change; null without data. */
    previousContributionRub: number | null;
  };
  products: ProductEconomics[];
  /** Up to 24 months ending with the window, oldest first; months without income are zeros. */
  trend: MonthEconomics[];
  standardCost: boolean;
}

const TREND_MONTHS = 24;

const money = (value: string | number | null | undefined) => Number(value ?? 0);

function figures(income: number, cost: number): EconomicsFigures {
  return { incomeRub: income, costRub: cost, contributionRub: income - cost };
}

function addMonths(isoMonth: string, months: number): string {
  const date = new Date(`${isoMonth.slice(0, 10)}T00:00:00Z`);
  date.setUTCMonth(date.getUTCMonth() + months);
  return date.toISOString().slice(0, 10);
}

const isoDay = (value: string | Date) =>
  typeof value === 'string' ? value.slice(0, 10) : value.toISOString().slice(0, 10);

/** The last imported month, or null. */
async function lastImportedMonth(executor: Executor): Promise<string | null> {
  const [row] = await selectRows<{ last: string | Date | null }>(
    executor,
    sql`SELECT max(month) AS last FROM client_product_income`,
  );
  return row?.last ? isoDay(row.last) : null;
}

// One month's figures per row, with the cost rule applied once here.
const monthlyFigures = (clientCondition: SQL, from: string, to: string) => sql`
  SELECT i.client_id, i.product_id, i.month, i.income_rub,
         coalesce(i.cost_to_serve_rub, p.cost_to_serve_rub / 12, 0) AS cost,
         (i.cost_to_serve_rub IS NULL) AS standard_cost
    FROM client_product_income i
    JOIN clients c ON c.id = i.client_id
    JOIN products p ON p.id = i.product_id
   WHERE (${clientCondition}) AND i.month BETWEEN ${from}::date AND ${to}::date`;

/** The economics of the clients matching `clientCondition` (SQL over `clients c`). */
export async function economicsOf(
  clientCondition: SQL,
  executor: Executor = getDb(),
): Promise<EconomicsView> {
  const last = await lastImportedMonth(executor);
  if (!last) {
    return {
      window: null,
      total: { ...figures(0, 0), margin: null, previousContributionRub: null },
      products: [],
      trend: [],
      standardCost: false,
    };
  }
  const from = addMonths(last, -11);
  const trendFrom = addMonths(last, -(TREND_MONTHS - 1));
  const [productRows, monthRows] = await Promise.all([
    selectRows<{
      product_id: string;
      code: string;
      name_en: string;
      name_ru: string;
      income: string;
      cost: string;
      standard_cost: boolean;
    }>(
      executor,
      sql`SELECT f.product_id, p.code, p.name_en, p.name_ru, sum(f.income_rub) AS income, sum(f.cost) AS cost,
                 bool_or(f.standard_cost) AS standard_cost
            FROM (${monthlyFigures(clientCondition, from, last)}) f
            JOIN products p ON p.id = f.product_id
           GROUP BY f.product_id, p.code, p.name_en, p.name_ru
           ORDER BY sum(f.income_rub) - sum(f.cost) DESC, p.code`,
    ),
    selectRows<{ month: string | Date; income: string; cost: string }>(
      executor,
      sql`SELECT f.month, sum(f.income_rub) AS income, sum(f.cost) AS cost
            FROM (${monthlyFigures(clientCondition, trendFrom, last)}) f
           GROUP BY f.month`,
    ),
  ]);
  const products: ProductEconomics[] = productRows.map((row) => ({
    productId: row.product_id,
    code: row.code,
    nameEn: row.name_en,
    nameRu: row.name_ru,
    standardCost: Boolean(row.standard_cost),
    ...figures(money(row.income), money(row.cost)),
  }));
  const byMonth = new Map(monthRows.map((row) => [isoDay(row.month), row]));
  const trend: MonthEconomics[] = [];
  for (let month = trendFrom; month <= last; month = addMonths(month, 1)) {
    const row = byMonth.get(month);
    trend.push({ month, ...figures(money(row?.income), money(row?.cost)) });
  }
  const total = sumFigures(products);
  const previousMonths = trend.filter((point) => point.month < from);
  // A full previous year only: a shorter one would make any client look like it grew.
  const previous =
    previousMonths.length === 12 && previousMonths.some((point) => point.incomeRub > 0)
      ? sumFigures(previousMonths).contributionRub
      : null;
  return {
    window: { from, to: last },
    total: {
      ...total,
      margin: total.incomeRub > 0 ? total.contributionRub / total.incomeRub : null,
      previousContributionRub: previous,
    },
    products,
    trend,
    standardCost: products.some((product) => product.standardCost),
  };
}

export function sumFigures(rows: readonly EconomicsFigures[]): EconomicsFigures {
  let income = 0;
  let cost = 0;
  for (const row of rows) {
    income += row.incomeRub;
    cost += row.costRub;
  }
  return figures(income, cost);
}

/** One client's economics; 404 when the client does not exist or the viewer may not see it. */
export async function clientEconomics({ clientId, viewer }: { clientId: string; viewer: StaffUser }) {
  if (!z.string().uuid().safeParse(clientId).success) throw notFound();
  const db = getDb();
  const [client] = await db
    .select({ id: clients.id })
    .from(clients)
    .where(and(eq(clients.id, clientId), clientScope(viewer)));
  if (!client) throw notFound();
  return economicsOf(sql`c.id = ${clientId}::uuid`, db);
}

export interface GroupMemberEconomics extends EconomicsFigures {
  clientId: string;
  name: string;
}

/**
 * A client group's economics, summed over the companies the viewer may see (a manager: those
 * assigned to them), with each member's twelve-month figures; 404 for an unknown group or one
 * with no company the viewer may see.
 */
export async function groupEconomics(groupId: string, viewer: StaffUser) {
  if (!z.string().uuid().safeParse(groupId).success) throw notFound();
  const db = getDb();
  const [group] = await db
    .select({ id: clientGroups.id, name: clientGroups.name })
    .from(clientGroups)
    .where(eq(clientGroups.id, groupId));
  if (!group) throw notFound();
  const visible = await db
    .select({ id: clients.id, name: clients.name })
    .from(clients)
    .where(and(eq(clients.groupId, groupId), clientScope(viewer)));
  if (visible.length === 0) throw notFound();
  const ids = visible.map((client) => client.id);
  const condition = sql`c.id IN (${sql.join(
    ids.map((id) => sql`${id}::uuid`),
    sql`, `,
  )})`;
  const [economics, members] = await Promise.all([
    economicsOf(condition, db),
    figuresByClient(condition, db),
  ]);
  const names = new Map(visible.map((client) => [client.id, client.name]));
  return {
    group,
    economics,
    members: visible
      .map((client) => ({
        clientId: client.id,
        name: names.get(client.id)!,
        ...(members.get(client.id) ?? figures(0, 0)),
      }))
      .sort((a, b) => b.contributionRub - a.contributionRub || a.name.localeCompare(b.name)),
  };
}

/** Twelve-month figures per client of the condition. */
export async function figuresByClient(
  clientCondition: SQL,
  executor: Executor = getDb(),
): Promise<Map<string, EconomicsFigures>> {
  return figuresBy(sql`c.id`, clientCondition, executor);
}

/** Twelve-month figures summed per current manager of the clients (portfolio totals). */
export async function figuresByManager(
  clientCondition: SQL,
  executor: Executor = getDb(),
): Promise<Map<string, EconomicsFigures>> {
  return figuresBy(sql`c.manager_id`, clientCondition, executor);
}

async function figuresBy(
  key: SQL,
  clientCondition: SQL,
  executor: Executor,
): Promise<Map<string, EconomicsFigures>> {
  const result = new Map<string, EconomicsFigures>();
  const last = await lastImportedMonth(executor);
  if (!last) return result;
  const rows = await selectRows<{ key: string | null; income: string; cost: string }>(
    executor,
    sql`SELECT ${key} AS key, sum(i.income_rub) AS income,
               sum(coalesce(i.cost_to_serve_rub, p.cost_to_serve_rub / 12, 0)) AS cost
          FROM client_product_income i
          JOIN clients c ON c.id = i.client_id
          JOIN products p ON p.id = i.product_id
         WHERE (${clientCondition}) AND i.month BETWEEN ${addMonths(last, -11)}::date AND ${last}::date
         GROUP BY 1`,
  );
  for (const row of rows) {
    if (row.key) result.set(row.key, figures(money(row.income), money(row.cost)));
  }
  return result;
}
