import { sql } from 'drizzle-orm';
import type { Executor } from '#db/client.ts';
import { selectRows } from '#db/raw-query.ts';

/**
 * One md5 per table over all its rows, in a stable order: two fingerprints are equal exactly when
 * nothing in those tables changed, so "a refusal writes nothing" is one toEqual.
 */
export async function tableFingerprints(executor: Executor, tables: readonly string[]) {
  const [row] = await selectRows<Record<string, string>>(
    executor,
    sql.raw(
      `SELECT ${tables
        .map(
          (table) =>
            `(SELECT md5(coalesce(string_agg(t::text, ',' ORDER BY t::text), '')) FROM ${table} t) AS ${table}`,
        )
        .join(', ')}`,
    ),
  );
  return row;
}
