import { sql } from 'drizzle-orm';
import type { Executor } from '#db/client.ts';
import { selectRows } from '#db/raw-query.ts';
import { accountScores } from '../aggregations/index.ts';
import { uuidArray } from '../aggregations/sql-lists.ts';
import type { PortfolioAccount } from './fair-scores.ts';
import type { PeriodRange } from './period-figures.ts';

/**
 * The responding accounts of the waves sent in the window, each with the manager, size and industry
 * section of its most recent response (the snapshot, so a client handed over later still counts for
 * the manager who served it), and its account CSI and net score from the dashboards' roll-up.
 */
export async function portfolioAccounts(db: Executor, window: PeriodRange): Promise<PortfolioAccount[]> {
  const waves = await selectRows<{ id: string }>(
    db,
    sql`SELECT id::text AS id FROM waves
        WHERE send_from >= ${window.startsOn}::date AND send_from < ${window.endsOn}::date + 1`,
  );
  const waveIds = waves.map((wave) => wave.id);
  if (waveIds.length === 0) return [];
  const accounts = await accountScores(db, { filter: { waveIds } });
  const snapshots = await selectRows<{ client_id: string; size: string; section: string }>(
    db,
    sql`SELECT DISTINCT ON (r.client_id) r.client_id::text AS client_id, r.size_segment AS size,
          r.industry_section::text AS section
        FROM responses r
        WHERE r.status = 'completed' AND r.wave_id = ANY(${uuidArray(waveIds)})
        ORDER BY r.client_id, r.completed_at DESC, r.id`,
  );
  const cellOf = new Map(snapshots.map((row) => [row.client_id, row]));
  return accounts.flatMap((account) =>
    account.managerId
      ? [
          {
            clientId: account.clientId,
            managerId: account.managerId,
            size: cellOf.get(account.clientId)?.size ?? null,
            industrySection: cellOf.get(account.clientId)?.section ?? null,
            csi: account.csi,
            netScore: account.netScore,
          },
        ]
      : [],
  );
}
