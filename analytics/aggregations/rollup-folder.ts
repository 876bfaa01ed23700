import { sql } from 'drizzle-orm';
import { startBackgroundLoop } from '#db/background-loop.ts';
import { type Executor, getDb } from '#db/client.ts';
import { selectRows } from '#db/raw-query.ts';
import {
  applyResponsesToRollups,
  ROLLUP_WRITER_LOCK,
  recomputeRollupsFromFacts,
} from './rollup-maintenance.ts';
// After the rollups: the feed's account CSI reads the wave's stated weights from them.
import { applyResponsesToSatisfactionFeed } from '#analytics/feed/satisfaction-feed.ts';

/**
 * The background fold: completed responses wait in pending_rollups (the completion inserts the row
 * in the statement that writes the response and its facts) and are applied here in batches, each
 * batch in one transaction that runs every fold step and deletes the batch's pending rows. Why it
 * is built this way is in docs/decisions/005-rollups-folded-in-background.md.
 */

/**
 * One per-batch step of the fold. Steps run in order in the fold's transaction, each exactly once
 * per completed response: a step that throws rolls the whole batch back, to be retried, so a step
 * must not have effects outside the transaction.
 */
export type FoldStep = (tx: Executor, responseIds: readonly string[]) => Promise<void>;

/** The analytics rollups the dashboards read; the folder is their only writer, so one shard suffices. */
const foldIntoRollups: FoldStep = (tx, responseIds) =>
  applyResponsesToRollups(tx, responseIds, { spreadOverShards: false });

/** What a fold does with each batch of completed responses, in this order. */
export const foldSteps: readonly FoldStep[] = [foldIntoRollups, applyResponsesToSatisfactionFeed];

export const rollupFolderDefaults = {
  /** Responses per batch: a rollup row gets one update per batch, so bigger batches cost less each. */
  batchSize: 2000,
  /**
   * How long the dashboards may lag behind the completions when the queue is quiet. Each fold also
   * pays a fixed cost (one update of every rollup row the batch touches, about 2 000 for a wave), so
   * a longer interval is cheaper under load.
   */
  pollIntervalMs: 1000,
} as const;

export interface FoldOptions {
  limit?: number;
  /** The steps to run (tests inject a failing one); foldSteps by default. */
  steps?: readonly FoldStep[];
}

export interface FoldOutcome {
  /** Responses applied and cleared from the queue in this fold. */
  folded: number;
  /** Another process (an app server's folder, a rebuild) held the writer lock: nothing was done. */
  busy: boolean;
}

/**
 * Folds one batch of pending responses: takes the writer lock without waiting (another folder or
 * a rebuild holding it is a reason to skip), deletes up to `limit` pending rows and runs every step
 * on their responses, all in one transaction. A failure anywhere rolls the transaction back and
 * leaves the batch pending for the next fold.
 */
export async function foldPendingRollups(db: Executor, options: FoldOptions = {}): Promise<FoldOutcome> {
  const { limit = rollupFolderDefaults.batchSize, steps = foldSteps } = options;
  return db.transaction(async (tx) => {
    const [lock] = await selectRows<{ locked: boolean }>(
      tx,
      sql`SELECT pg_try_advisory_xact_lock(${ROLLUP_WRITER_LOCK}) AS locked`,
    );
    if (!lock.locked) return { folded: 0, busy: true };
    return { folded: await foldBatch(tx, limit, steps), busy: false };
  });
}

/** Takes up to `limit` pending responses off the queue and runs the steps on them; the lock is held. */
async function foldBatch(tx: Executor, limit: number | null, steps: readonly FoldStep[]): Promise<number> {
  // The lock makes this the only writer of pending_rollups' deletions, so no SKIP LOCKED is needed;
  // completions inserting meanwhile are not visible to this statement and wait for the next fold.
  const batch = await selectRows<{ response_id: string }>(
    tx,
    limit === null
      ? sql`DELETE FROM pending_rollups RETURNING response_id`
      : sql`DELETE FROM pending_rollups
             WHERE response_id IN (SELECT response_id FROM pending_rollups LIMIT ${limit})
         RETURNING response_id`,
  );
  if (batch.length === 0) return 0;
  const responseIds = batch.map((row) => row.response_id).sort();
  for (const step of steps) await step(tx, responseIds);
  return responseIds.length;
}

/**
 * Recomputes the rollups from score_facts and folds every pending response, in one transaction:
 * afterwards the rollups hold every completed response exactly once. For the seed (after inserting
 * its facts), for repairs, and as the reference the incremental path is tested against. It waits
 * for a fold in progress (the writer lock). Pending responses go through every fold step, not just
 * the rollups, so the rebuild takes no response away from the other steps.
 */
export async function rebuildRollups(db: Executor): Promise<void> {
  await db.transaction(async (tx) => {
    await tx.execute(sql`SELECT pg_advisory_xact_lock(${ROLLUP_WRITER_LOCK})`);
    await recomputeRollupsFromFacts(tx);
    await foldBatch(tx, null, foldSteps);
  });
}

/**
 * Folds until nothing is pending: for the seed, tests and benchmarks that need the rollups to
 * agree with the facts now. Waits (briefly, repeatedly) while another process holds the lock.
 */
export async function foldAllPendingRollups(db: Executor, options: FoldOptions = {}): Promise<number> {
  let total = 0;
  for (;;) {
    const { folded, busy } = await foldPendingRollups(db, options);
    total += folded;
    if (busy) await new Promise((resolve) => setTimeout(resolve, 50));
    else if (folded === 0) return total;
  }
}

/** How many completed responses the rollups do not contain yet. */
export async function pendingRollupCount(db: Executor): Promise<number> {
  const [row] = await selectRows<{ pending: number | string }>(
    db,
    sql`SELECT count(*) AS pending FROM pending_rollups`,
  );
  return Number(row.pending);
}

export interface RollupFolder {
  /** Lets the fold in progress commit, then stops. */
  stop(): Promise<void>;
}

export interface RollupFolderOptions {
  db?: Executor;
  limit?: number;
  pollIntervalMs?: number;
}

/**
 * Folds until stopped: a full batch is followed at once by the next (a backlog drains at full
 * speed), otherwise it waits `pollIntervalMs`. A failed fold is logged and retried with backoff;
 * its batch is still pending.
 */
export function startRollupFolder(options: RollupFolderOptions = {}): RollupFolder {
  const limit = options.limit ?? rollupFolderDefaults.batchSize;
  return startBackgroundLoop({
    async round() {
      const { folded } = await foldPendingRollups(options.db ?? getDb(), { limit });
      return folded === limit;
    },
    pollIntervalMs: options.pollIntervalMs ?? rollupFolderDefaults.pollIntervalMs,
    maxBackoff: 60,
    failureMessage: 'Rollup folder: fold failed, its batch stays pending',
  });
}

const holder = globalThis as typeof globalThis & { __barometerRollupFolder?: RollupFolder };

/**
 * Starts this process's folder once (Vite's module reloads keep the first), except under vitest
 * (tests fold explicitly) or with ROLLUP_FOLDER=off; db/client.ts stops it on SIGTERM/SIGINT before
 * the database closes. Several app servers may each run one: the writer lock lets one fold at a time,
 * so ROLLUP_FOLDER=off only spares a server the work (some process must fold, or the dashboards stop).
 */
export function startRollupFolderOnce(): RollupFolder | null {
  // Read directly: analytics/ does not import the app's parsed environment.
  if (process.env.VITEST || process.env.ROLLUP_FOLDER === 'off') return null;
  if (holder.__barometerRollupFolder) return holder.__barometerRollupFolder;
  const folder = startRollupFolder();
  holder.__barometerRollupFolder = folder;
  return folder;
}
