import { type SQL, sql } from 'drizzle-orm';
import { inList } from '#analytics/aggregations/sql-lists.ts';
import type { Executor } from '#db/client.ts';
import { selectRows } from '#db/raw-query.ts';
import { enqueueLoyaltyStateChanges } from '#db/webhook-queue.ts';
import { clientLoyalty, clientSatisfaction } from '#db/schema/feed.ts';
import type { SurveyDefinition } from '#surveys/definition.ts';
import { scoringMap } from '#surveys/scoring.ts';
import { type AccountWaveScores, measureAccounts } from './account-scores.ts';
import { type LoyaltyHistoryRow, loyaltyHistory, type WaveParticipation } from './loyalty-rules.ts';
import { loadLoyaltyRules } from './rules-setting.ts';

/**
 * The satisfaction feed: each client's account-level scores and loyalty state per wave
 * (client_satisfaction) and now (client_loyalty). Completions reach it through the background fold
 * (`applyResponsesToSatisfactionFeed`, one step of analytics/aggregations/rollup-folder.ts); a
 * closing wave and the seed rebuild it (`rebuildSatisfactionFeed`). Rules: docs/loyalty.md.
 */

/** Serialises the feed's writers (the fold, a wave closing, a rebuild): each rewrites whole clients. */
export const FEED_WRITER_LOCK = 7_340_512;

/** Above this many clients a wave is measured whole and filtered here, not with a giant IN list. */
const MAX_LISTED_CLIENTS = 5000;

type Row = typeof clientSatisfaction.$inferInsert;

/**
 * The fold step: recomputes the clients of newly completed responses (their waves measured afresh,
 * their other waves from the stored history) in the fold's transaction. Responses that are not
 * completed change nothing.
 */
export async function applyResponsesToSatisfactionFeed(
  tx: Executor,
  responseIds: readonly string[],
): Promise<void> {
  if (responseIds.length === 0) return;
  const touched = await selectRows<{ client_id: string; wave_id: string }>(
    tx,
    sql`SELECT DISTINCT client_id::text AS client_id, wave_id::text AS wave_id FROM responses
        WHERE status = 'completed' AND ${inList(sql`id`, responseIds)}`,
  );
  if (touched.length === 0) return;
  await refreshFeed(tx, {
    clients: { kind: 'listed', ids: [...new Set(touched.map((row) => row.client_id))] },
    freshWaveIds: new Set(touched.map((row) => row.wave_id)),
  });
}

/**
 * Recomputes the feed from the responses: for every client, or (with `waveId`) for the clients that
 * took part in that wave, measuring all their waves afresh under the rules in force. For the seed,
 * a wave that closes (its silent invitees become history) and a change of rules.
 */
export async function rebuildSatisfactionFeed(
  executor: Executor,
  { waveId }: { waveId?: string } = {},
): Promise<{ clients: number; rows: number }> {
  return executor.transaction(async (tx) => {
    return refreshFeed(tx, {
      clients: waveId ? { kind: 'wave', waveId } : { kind: 'all' },
      freshWaveIds: 'all',
    });
  });
}

interface FeedScope {
  /**
   * Whose feed is rewritten: every client, the clients of a fold batch, or everyone invited to (or
   * answering) a wave, selected in SQL so a wave of any size stays one parameter.
   */
  clients: { kind: 'all' } | { kind: 'listed'; ids: readonly string[] } | { kind: 'wave'; waveId: string };
  /** Waves whose scores are measured from the responses; other waves reuse the stored history. */
  freshWaveIds: ReadonlySet<string> | 'all';
}

interface WaveInfo {
  id: string;
  closed: boolean;
  /** The survey asks for LTR or satisfaction attributes: only such waves say anything about loyalty. */
  relationship: boolean;
}

async function refreshFeed(tx: Executor, scope: FeedScope): Promise<{ clients: number; rows: number }> {
  const { clients } = scope;
  if (clients.kind === 'listed' && clients.ids.length === 0) return { clients: 0, rows: 0 };
  await tx.execute(sql`SELECT pg_advisory_xact_lock(${FEED_WRITER_LOCK})`);
  const { rules, version } = await loadLoyaltyRules(tx);
  const inScope = (column: string): SQL => {
    if (clients.kind === 'all') return sql`TRUE`;
    if (clients.kind === 'listed') return inList(sql.raw(column), clients.ids);
    return sql`${sql.raw(column)} IN (
      SELECT client_id FROM invitations WHERE wave_id = ${clients.waveId}
      UNION SELECT client_id FROM responses WHERE wave_id = ${clients.waveId} AND status = 'completed')`;
  };

  // Every (client, wave) the client takes part in: it answered, or it was invited to a closed wave.
  const participation = await selectRows<{ client_id: string; wave_id: string; answered: boolean }>(
    tx,
    sql`SELECT client_id::text AS client_id, wave_id::text AS wave_id, bool_or(answered) AS answered FROM (
          SELECT r.client_id, r.wave_id, true AS answered FROM responses r
          WHERE r.status = 'completed' AND ${inScope('r.client_id')}
          UNION ALL
          SELECT i.client_id, i.wave_id, false FROM invitations i JOIN waves w ON w.id = i.wave_id
          WHERE w.status = 'closed' AND ${inScope('i.client_id')}
        ) x GROUP BY 1, 2`,
  );
  // Only the waves these clients took part in: a fold costs the same however long the history is.
  const waves = await loadWaves(tx, [...new Set(participation.map((row) => row.wave_id))]);
  const waveOrder = new Map(waves.map((wave, index) => [wave.id, index]));
  const waveById = new Map(waves.map((wave) => [wave.id, wave]));
  const stored = await storedScores(tx, inScope('client_id'));
  const scores = new Map<string, AccountWaveScores>();
  const toMeasure = new Map<string, string[]>();
  for (const row of participation) {
    if (!row.answered || !waveById.get(row.wave_id)?.relationship) continue;
    const key = `${row.client_id}:${row.wave_id}`;
    const fresh = scope.freshWaveIds === 'all' || scope.freshWaveIds.has(row.wave_id);
    const kept = stored.get(key);
    if (!fresh && kept) scores.set(key, kept);
    else toMeasure.set(row.wave_id, [...(toMeasure.get(row.wave_id) ?? []), row.client_id]);
  }
  for (const [waveId, clientIds] of toMeasure) {
    const listed = clients.kind !== 'all' && clientIds.length <= MAX_LISTED_CLIENTS;
    const measured = await measureAccounts(tx, { waveId, clientIds: listed ? clientIds : undefined });
    const wanted = new Set(clientIds);
    for (const [clientId, score] of measured)
      if (wanted.has(clientId)) scores.set(`${clientId}:${waveId}`, score);
  }

  const contactable = await contactableClients(tx, inScope('c.id'));
  const byClient = new Map<string, Array<{ waveId: string; answered: boolean }>>();
  for (const row of participation) {
    byClient.set(row.client_id, [
      ...(byClient.get(row.client_id) ?? []),
      { waveId: row.wave_id, answered: row.answered },
    ]);
  }
  const computedAt = new Date();
  const rows: Row[] = [];
  const current: Row[] = [];
  for (const [clientId, taken] of byClient) {
    const participations: WaveParticipation[] = [];
    for (const { waveId, answered } of taken.sort(
      (a, b) => waveOrder.get(a.waveId)! - waveOrder.get(b.waveId)!,
    )) {
      const wave = waveById.get(waveId);
      if (!wave?.relationship) continue;
      const score = scores.get(`${clientId}:${waveId}`);
      const measured = score && (score.accountClass !== null || score.csi !== null);
      // An answer without LTR or CSI says nothing about loyalty; it is not silence either.
      if (answered && !measured) continue;
      if (!answered && !wave.closed) continue;
      participations.push({
        waveId,
        measurement: measured ? { accountClass: score.accountClass, csi: score.csi } : null,
      });
    }
    const history = loyaltyHistory(participations, { contactable: contactable.has(clientId) }, rules);
    for (const entry of history) {
      rows.push(toRow(clientId, entry, scores.get(`${clientId}:${entry.waveId}`), version, computedAt));
    }
    const newest = rows.at(-1);
    if (history.length > 0 && newest) current.push(newest);
  }

  // Compared with the stored states before they are replaced: each change is a webhook event.
  await enqueueLoyaltyStateChanges(tx, current);
  await tx.execute(sql`DELETE FROM client_satisfaction WHERE ${inScope('client_id')}`);
  await tx.execute(sql`DELETE FROM client_loyalty WHERE ${inScope('client_id')}`);
  for (let at = 0; at < rows.length; at += 1000) {
    await tx.insert(clientSatisfaction).values(rows.slice(at, at + 1000));
  }
  for (let at = 0; at < current.length; at += 1000) {
    await tx
      .insert(clientLoyalty)
      .values(current.slice(at, at + 1000).map(({ id: _id, responded: _responded, ...row }) => row));
  }
  return { clients: current.length, rows: rows.length };
}

function toRow(
  clientId: string,
  entry: LoyaltyHistoryRow,
  score: AccountWaveScores | undefined,
  rulesVersion: number,
  computedAt: Date,
): Row {
  const measuredHere = entry.scoresWaveId === entry.waveId && score !== undefined;
  return {
    clientId,
    waveId: entry.waveId,
    responded: measuredHere,
    scoresWaveId: entry.scoresWaveId,
    respondents: measuredHere ? score.respondents : 0,
    netScore: measuredHere ? score.netScore : null,
    meanLtr: measuredHere ? score.meanLtr : null,
    accountClass: measuredHere ? score.accountClass : null,
    csi: measuredHere ? score.csi : null,
    csiChange: entry.csiChange,
    overall: measuredHere ? score.overall : null,
    loyaltyState: entry.state,
    previousState: entry.previousState,
    reasons: entry.reasons,
    rulesVersion,
    computedAt,
  };
}

/** The launched waves of `ids` in the order they ran, whether they close and whether they measure loyalty. */
async function loadWaves(tx: Executor, ids: readonly string[]): Promise<WaveInfo[]> {
  const rows = await selectRows<{ id: string; status: string; definition: SurveyDefinition }>(
    tx,
    sql`SELECT w.id::text AS id, w.status, v.definition FROM waves w
        JOIN survey_versions v ON v.id = w.survey_version_id
        WHERE w.status <> 'draft' AND ${inList(sql`w.id`, ids)}
        ORDER BY coalesce(w.launched_at, w.send_from, w.created_at), w.id`,
  );
  return rows.map((row) => ({
    id: row.id,
    closed: row.status === 'closed',
    relationship: scoringMap(row.definition).some(
      (item) => item.metric === 'nps' || item.metric === 'attribute',
    ),
  }));
}

/** The stored scores of waves the clients answered, keyed client:wave, for waves not measured again. */
async function storedScores(tx: Executor, scope: SQL): Promise<Map<string, AccountWaveScores>> {
  const rows = await selectRows<{
    client_id: string;
    wave_id: string;
    respondents: number;
    net_score: number | null;
    mean_ltr: number | null;
    account_class: AccountWaveScores['accountClass'];
    csi: number | null;
    overall: number | null;
  }>(
    tx,
    sql`SELECT client_id::text AS client_id, wave_id::text AS wave_id, respondents, net_score, mean_ltr,
          account_class, csi, overall
        FROM client_satisfaction WHERE responded AND ${scope}`,
  );
  const number = (value: number | null) => (value === null ? null : Number(value));
  return new Map(
    rows.map((row) => [
      `${row.client_id}:${row.wave_id}`,
      {
        respondents: Number(row.respondents),
        netScore: number(row.net_score),
        meanLtr: number(row.mean_ltr),
        accountClass: row.account_class,
        csi: number(row.csi),
        overall: number(row.overall),
      },
    ]),
  );
}

/** Clients with at least one contact a wave could still invite (as the launch's exclusions decide). */
async function contactableClients(tx: Executor, scope: SQL): Promise<Set<string>> {
  const rows = await selectRows<{ client_id: string }>(
    tx,
    sql`SELECT c.id::text AS client_id FROM clients c
        WHERE ${scope} AND EXISTS (
          SELECT 1 FROM contacts ct WHERE ct.client_id = c.id AND NOT ct.left_company
            AND ct.opted_out_at IS NULL AND ct.consent_given
            AND ct.email IS NOT NULL AND btrim(ct.email) <> '')`,
  );
  return new Set(rows.map((row) => row.client_id));
}
