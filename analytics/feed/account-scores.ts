import { sql } from 'drizzle-orm';
import { accountScores } from '#analytics/aggregations/account-rollup.ts';
import { loadWaveScales, questionScaleRows } from '#analytics/aggregations/scales.ts';
import { loadRoleWeights } from '#analytics/aggregations/settings.ts';
import { inList, valuesTable } from '#analytics/aggregations/sql-lists.ts';
import type { LtrClass } from '#analytics/metrics/nps.ts';
import type { Executor } from '#db/client.ts';
import { selectRows } from '#db/raw-query.ts';

/** One account's scores in one wave, as the feed stores them. */
export interface AccountWaveScores {
  /** Contacts of the client with a completed response in the wave. */
  respondents: number;
  netScore: number | null;
  meanLtr: number | null;
  accountClass: LtrClass | null;
  /** 0–100. */
  csi: number | null;
  /** Overall satisfaction rescaled to 0–100, role-weighted like CSI. */
  overall: number | null;
}

/**
 * Account-level scores of a wave's responding clients (all, or the ones listed): net score, class
 * and CSI come from the analytics account rollup (METHODOLOGY §5, the role_weights setting, the
 * wave's stated CSI weights), so the feed and the dashboards never disagree; overall satisfaction
 * is rolled up here the same way.
 */
export async function measureAccounts(
  db: Executor,
  { waveId, clientIds }: { waveId: string; clientIds?: readonly string[] },
): Promise<Map<string, AccountWaveScores>> {
  const filter = { waveIds: [waveId], ...(clientIds ? { clientIds: [...clientIds] } : {}) };
  const [accounts, overall] = await Promise.all([
    accountScores(db, { filter }),
    overallByAccount(db, waveId, clientIds),
  ]);
  const scores = new Map<string, AccountWaveScores>();
  for (const account of accounts) {
    const extra = overall.get(account.clientId);
    scores.set(account.clientId, {
      respondents: extra?.responses ?? account.respondents,
      netScore: account.netScore,
      meanLtr: account.meanLtr,
      accountClass: account.accountClass,
      csi: account.csi,
      overall: extra?.overall ?? null,
    });
  }
  return scores;
}

/** Completed responses and role-weighted overall satisfaction (0–100) per client of one wave. */
async function overallByAccount(
  db: Executor,
  waveId: string,
  clientIds: readonly string[] | undefined,
): Promise<Map<string, { responses: number; overall: number | null }>> {
  const scales = valuesTable(
    'q',
    [
      ['wave_id', 'uuid'],
      ['question', 'text'],
      ['min', 'float8'],
      ['max', 'float8'],
    ],
    questionScaleRows(await loadWaveScales(db, [waveId])),
  );
  const roleWeights = valuesTable(
    'rw',
    [
      ['role', 'text'],
      ['weight', 'float8'],
    ],
    Object.entries(await loadRoleWeights(db)),
  );
  const rows = await selectRows<{ client_id: string; responses: number | string; overall: number | null }>(
    db,
    sql`WITH scoped AS (
          SELECT r.id, r.client_id, r.contact_role FROM responses r
          WHERE r.status = 'completed' AND r.wave_id = ${waveId}
            AND ${clientIds ? inList(sql`r.client_id`, clientIds) : sql`TRUE`}
        ),
        overall AS (
          SELECT f.response_id, avg(100 * (f.value - q.min) / NULLIF(q.max - q.min, 0)) AS value
          FROM score_facts f
          JOIN ${scales} ON q.wave_id = f.wave_id AND q.question = f.question
          WHERE f.metric = 'overall' AND f.product_id IS NULL AND f.response_id IN (SELECT id FROM scoped)
          GROUP BY 1
        ),
        contacts AS (
          SELECT s.client_id, o.value,
            CASE WHEN o.value IS NOT NULL
              THEN rw.weight / count(o.value) OVER (PARTITION BY s.client_id, s.contact_role) END AS weight
          FROM scoped s
          JOIN ${roleWeights} ON rw.role = s.contact_role
          LEFT JOIN overall o ON o.response_id = s.id
        )
        SELECT client_id::text AS client_id, count(*) AS responses,
          sum(weight * value) / NULLIF(sum(weight), 0) AS overall
        FROM contacts GROUP BY client_id`,
  );
  return new Map(
    rows.map((row) => [
      row.client_id,
      { responses: Number(row.responses), overall: row.overall === null ? null : Number(row.overall) },
    ]),
  );
}
