import { sql } from 'drizzle-orm';
import { check, date, index, numeric, pgTable, primaryKey, uuid } from 'drizzle-orm/pg-core';
import { clients, products } from './clients.ts';
import { timestamps } from './columns.ts';

/**
 * What the company earned on each product a client uses, month by month, as imported from the
 * bank's or plant's ledgers: the basis of contribution per client, group and manager (source
 * article, principle 4). The cost to serve is imported with it when the ledger allocates one;
 * otherwise the product's standard yearly cost (products.cost_to_serve_rub) spread over twelve
 * months applies.
 */
export const clientProductIncome = pgTable(
  'client_product_income',
  {
    clientId: uuid('client_id')
      .notNull()
      .references(() => clients.id, { onDelete: 'cascade' }),
    productId: uuid('product_id')
      .notNull()
      .references(() => products.id),
    /** The first day of the month the figures belong to. */
    month: date('month').notNull(),
    incomeRub: numeric('income_rub', { precision: 18, scale: 2 }).notNull(),
    /** Allocated cost to serve for this client, product and month; null means the product's standard. */
    costToServeRub: numeric('cost_to_serve_rub', { precision: 18, scale: 2 }),
    ...timestamps(),
  },
  (t) => [
    primaryKey({ columns: [t.clientId, t.productId, t.month] }),
    check('client_product_income_month_first_day', sql`extract(day from ${t.month}) = 1`),
    check('client_product_income_income_non_negative', sql`${t.incomeRub} >= 0`),
    check(
      'client_product_income_cost_non_negative',
      sql`${t.costToServeRub} IS NULL OR ${t.costToServeRub} >= 0`,
    ),
    index('client_product_income_month_idx').on(t.month),
    index('client_product_income_product_idx').on(t.productId),
  ],
);
