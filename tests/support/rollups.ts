import { sql } from 'drizzle-orm';
import type { Executor } from '#db/client.ts';
import { selectRows } from '#db/raw-query.ts';

type MomentSums = { respondents: number; sums: number[]; crossProducts: number[] };

/**
 * Every rollup cell summed over its shards, in a stable order (what the readers see), with numbers
 * rounded to 12 significant digits so snapshots taken by different paths compare with toEqual.
 */
export async function rollupSnapshot(
  executor: Executor,
): Promise<{ scores: Record<string, unknown>[]; moments: [string, MomentSums][] }> {
  const scores = await selectRows<Record<string, unknown>>(
    executor,
    sql`SELECT dimension, dimension_value, wave_id::text, metric, attribute, product_id::text,
          sum(answers)::float8 AS answers, sum(value_sum) AS value_sum,
          sum(value_sum_of_squares) AS value_sum_of_squares, sum(promoters)::float8 AS promoters,
          sum(passives)::float8 AS passives, sum(detractors)::float8 AS detractors,
          sum(top_box)::float8 AS top_box
        FROM score_rollups GROUP BY 1, 2, 3, 4, 5, 6 ORDER BY 1, 2, 3, 4, 5, 6`,
  );
  const momentRows = await selectRows<{
    key: string;
    respondents: number;
    sums: number[];
    cross_products: number[];
  }>(
    executor,
    sql`SELECT concat_ws('|', dimension, dimension_value, wave_id, product_id, pattern::text) AS key,
          respondents, sums, cross_products
        FROM attribute_moment_rollups`,
  );
  const summed = new Map<string, MomentSums>();
  for (const row of momentRows) {
    const found = summed.get(row.key);
    if (!found) {
      summed.set(row.key, {
        respondents: row.respondents,
        sums: row.sums,
        crossProducts: row.cross_products,
      });
      continue;
    }
    found.respondents += row.respondents;
    found.sums = found.sums.map((sum, i) => sum + row.sums[i]);
    found.crossProducts = found.crossProducts.map((sum, i) => sum + row.cross_products[i]);
  }
  const moments = [...summed].sort(([a], [b]) => (a < b ? -1 : 1));
  // Sums may differ in the last bit between paths that add the same numbers in another order.
  return JSON.parse(
    JSON.stringify({ scores, moments }, (_, value) =>
      typeof value === 'number' ? Number(value.toPrecision(12)) : value,
    ),
  );
}
