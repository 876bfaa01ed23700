import type { PgInsertValue, PgTable } from 'drizzle-orm/pg-core';
import type { Executor } from '../client.ts';

// Well under PostgreSQL's 65 535 bind parameters for the widest table (responses, ~22 columns).
const BATCH_SIZE = 1000;

/** Multi-row INSERTs of at most BATCH_SIZE rows: one round trip per batch instead of per row. */
export async function insertInBatches<Table extends PgTable>(
  executor: Executor,
  table: Table,
  rows: readonly PgInsertValue<Table>[],
): Promise<void> {
  for (let start = 0; start < rows.length; start += BATCH_SIZE) {
    await executor.insert(table).values(rows.slice(start, start + BATCH_SIZE));
  }
}
