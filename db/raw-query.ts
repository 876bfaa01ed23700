import type { SQL } from 'drizzle-orm';
import { PgDialect } from 'drizzle-orm/pg-core';
import type { Executor } from './client.ts';

/**
 * Rows of a raw SQL query on either driver: postgres.js returns the rows as an array,
 * PGlite as `{ rows }`. Analytics SQL goes through here so it reads the same on both.
 */
export async function selectRows<Row>(executor: Executor, query: SQL): Promise<Row[]> {
  const result = (await executor.execute(query)) as unknown as Row[] | { rows: Row[] };
  return Array.isArray(result) ? result : result.rows;
}

const dialect = new PgDialect();

interface PostgresJsClient {
  unsafe(query: string, parameters: unknown[], options: { prepare: boolean }): Promise<unknown[]>;
}

/**
 * selectRows for hot paths. drizzle sends SQL to postgres.js unprepared, which costs a second round
 * trip (to learn the parameter types) and a fresh parse and plan on every call; this runs it as a
 * named prepared statement instead, cached per connection, so only use it for SQL whose text does
 * not vary with the data. Transactions and PGlite go through selectRows.
 */
export async function selectPreparedRows<Row>(executor: Executor, query: SQL): Promise<Row[]> {
  const client = (executor as { $client?: Partial<PostgresJsClient> }).$client;
  if (typeof client?.unsafe !== 'function') return selectRows<Row>(executor, query);
  const { sql, params } = dialect.sqlToQuery(query);
  return (await (client as PostgresJsClient).unsafe(sql, params, { prepare: true })) as Row[];
}
