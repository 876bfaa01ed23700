import type { SQL } from 'drizzle-orm';
import type { Executor } from './client.ts';

/**
 * Rows of a raw SQL query on either driver: postgres.js returns the rows as an array,
 * PGlite as `{ rows }`. Analytics SQL goes through here so it reads the same on both.
 */
export async function selectRows<Row>(executor: Executor, query: SQL): Promise<Row[]> {
  const result = (await executor.execute(query)) as unknown as Row[] | { rows: Row[] };
  return Array.isArray(result) ? result : result.rows;
}
