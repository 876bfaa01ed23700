import { sql } from 'drizzle-orm';
import type { Executor } from '../client.ts';
import { addDays, DEMO_TODAY } from './calendar.ts';

/** Months of income history the demo carries: two years, so a year-on-year change can be shown. */
const INCOME_MONTHS = 24;

/** The last month the demo ledgers have closed: the one before the demo's "today". */
export const LAST_INCOME_MONTH = `${addDays(`${DEMO_TODAY.slice(0, 7)}-01`, -1).slice(0, 7)}-01`;

/**
 * Monthly income per client and product for the demo (client_product_income), built in SQL from
 * client_products after it is inserted: ~200 000 rows are far cheaper to generate in the database
 * than to send. Each client-product's twelve months to LAST_INCOME_MONTH sum to about its
 * trailing-twelve-month income; a yearly growth between −18% and +32%, a seasonal swing and a
 * little monthly noise give the trends something to show. Large clients' ledgers carry an
 * allocated cost to serve (12–42% of the income) for about half their products; everyone else's
 * cost is the product standard. Every "random" number is a hash of the row's ids, so reruns produce the same data.
 */
export async function insertClientProductIncome(tx: Executor): Promise<void> {
  // A number in [0, 1) from the md5 of the text: stable across PostgreSQL versions and drivers.
  const unit = (text: ReturnType<typeof sql>) =>
    sql`(('x' || substr(md5(${text}), 1, 7))::bit(28)::int / 268435456.0)`;
  await tx.execute(sql`
    WITH uses AS (
      -- What varies per client and product, drawn once per pair rather than once per month.
      SELECT cp.client_id, cp.product_id, cp.income_rub, date_trunc('month', cp.since) AS since,
             ${unit(sql`cp.client_id::text || cp.product_id::text || 'growth'`)} AS growth,
             c.size_segment = 'large'
               AND ${unit(sql`cp.client_id::text || cp.product_id::text || 'allocated'`)} < 0.5 AS allocated,
             ${unit(sql`cp.client_id::text || cp.product_id::text || 'cost'`)} AS cost_share
        FROM client_products cp
        JOIN clients c ON c.id = cp.client_id),
    months AS (
      SELECT month::date AS month, row_number() OVER (ORDER BY month) - 1 AS k
        FROM generate_series(${LAST_INCOME_MONTH}::date - ${INCOME_MONTHS - 1} * interval '1 month',
                             ${LAST_INCOME_MONTH}::date, interval '1 month') AS month),
    figures AS (
      SELECT u.client_id, u.product_id, m.month, u.allocated, u.cost_share,
             round((u.income_rub / 12
               * power(1 + (u.growth - 0.36) * 0.5, (m.k - ${INCOME_MONTHS - 6.5}::double precision) / 12.0)
               * (1 + 0.12 * sin(2 * pi() * (extract(month FROM m.month) - 3) / 12))
               -- Monthly noise of ±10%, from the pair's own draw and the month: no hashing per row.
               * (0.9 + 0.2 * abs(sin((m.k + 1) * 12.9898 + u.cost_share * 78.233))))::numeric, 2) AS income
        FROM uses u
        JOIN months m ON u.since IS NULL OR u.since <= m.month)
    INSERT INTO client_product_income (client_id, product_id, month, income_rub, cost_to_serve_rub)
    SELECT client_id, product_id, month, income,
           -- The ledger's allocation: the relationship team, credit analysis and operations a large
           -- client takes, as a share of what it brings in.
           CASE WHEN allocated THEN round(income * (0.12 + 0.3 * cost_share)::numeric, 2) END
      FROM figures`);
}
