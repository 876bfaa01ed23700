import { type SQL, sql } from 'drizzle-orm';
import type { Executor } from '../../db/client.ts';
import { selectRows } from '../../db/raw-query.ts';
import { whereAll } from '../aggregations/filters.ts';
import { inList } from '../aggregations/sql-lists.ts';

/** Figures of one segment of the client base, from today's client records. */
export interface SegmentBaseFigures {
  key: string | null;
  clients: number;
  /** Our trailing-12-month revenue from the segment (Σ client_products.income_rub). */
  revenue: number;
  /** Products used, summed over the clients. */
  products: number;
  /** Σ our volume and Σ the clients' totals over the products whose total is known (share-of-business.ts). */
  ourVolume: number;
  totalVolume: number;
  /** Clients with at least one product total known. */
  clientsWithTotal: number;
  /** Clients with a completed response in the waves asked for. */
  respondedClients: number;
}

interface Row {
  key: string | null;
  clients: string | number;
  revenue: string | number;
  products: string | number;
  our_volume: string | number;
  total_volume: string | number;
  clients_with_total: string | number;
  responded: string | number;
}

export interface SegmentQuery {
  /** The segment key of a row of `clients c` (after `join`). */
  key: SQL;
  join?: SQL;
  /** Conditions on `clients c`, the viewer's scope included. */
  where: SQL[];
  /** Waves whose completed responses count for coverage; undefined: any wave. */
  waveIds?: string[];
}

/**
 * Clients, revenue, products, volumes and response coverage per segment key, aggregated in SQL.
 * A client counted twice under one key (never, except through `join`) would be counted once.
 */
export async function segmentBaseFigures(db: Executor, query: SegmentQuery): Promise<SegmentBaseFigures[]> {
  const waveCondition = query.waveIds ? inList(sql`r.wave_id`, query.waveIds) : sql`TRUE`;
  const rows = await selectRows<Row>(
    db,
    sql`WITH base AS (
          SELECT DISTINCT c.id, ${query.key} AS key FROM clients c ${query.join ?? sql``}
          WHERE ${whereAll(query.where)}
        ),
        per_client AS (
          SELECT cp.client_id, sum(cp.income_rub) AS revenue, count(*) AS products,
            sum(least(GREATEST(coalesce(cp.volume_rub, 0), 0), cp.total_volume_rub))
              FILTER (WHERE cp.total_volume_rub > 0) AS our_volume,
            sum(cp.total_volume_rub) FILTER (WHERE cp.total_volume_rub > 0) AS total_volume
          FROM client_products cp WHERE cp.client_id IN (SELECT id FROM base)
          GROUP BY cp.client_id
        ),
        responded AS (
          SELECT DISTINCT r.client_id FROM responses r
          WHERE r.status = 'completed' AND ${waveCondition} AND r.client_id IN (SELECT id FROM base)
        )
        SELECT b.key, count(*) AS clients, coalesce(sum(p.revenue), 0) AS revenue,
          coalesce(sum(p.products), 0) AS products, coalesce(sum(p.our_volume), 0) AS our_volume,
          coalesce(sum(p.total_volume), 0) AS total_volume, count(p.total_volume) AS clients_with_total,
          count(x.client_id) AS responded
        FROM base b
        LEFT JOIN per_client p ON p.client_id = b.id
        LEFT JOIN responded x ON x.client_id = b.id
        GROUP BY b.key`,
  );
  return rows.map((row) => ({
    key: row.key,
    clients: Number(row.clients),
    revenue: Number(row.revenue),
    products: Number(row.products),
    ourVolume: Number(row.our_volume),
    totalVolume: Number(row.total_volume),
    clientsWithTotal: Number(row.clients_with_total),
    respondedClients: Number(row.responded),
  }));
}

/** The client ids under each segment key, for the satisfaction figures of each segment. */
export async function segmentMembers(
  db: Executor,
  query: Omit<SegmentQuery, 'waveIds'>,
): Promise<Map<string | null, string[]>> {
  const rows = await selectRows<{ key: string | null; id: string }>(
    db,
    sql`SELECT DISTINCT ${query.key} AS key, c.id::text AS id FROM clients c ${query.join ?? sql``}
        WHERE ${whereAll(query.where)}`,
  );
  const members = new Map<string | null, string[]>();
  for (const row of rows) {
    const list = members.get(row.key);
    if (list) list.push(row.id);
    else members.set(row.key, [row.id]);
  }
  return members;
}
