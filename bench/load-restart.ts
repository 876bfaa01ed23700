import { execFile } from 'node:child_process';
import { createWriteStream, mkdirSync } from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { promisify } from 'node:util';
import { sql } from 'drizzle-orm';
import { connectPostgres } from '#db/client.ts';
import { selectRows } from '#db/raw-query.ts';
import { hashInvitationToken } from '#app/models/invitation-tokens.server.ts';
import {
  answersFor,
  dropDatabase,
  post,
  recreateDatabase,
  seedWave,
  startServer,
  stopServer,
  storedFigures,
  waitForFold,
} from './ingest.ts';

// Load with a PostgreSQL restart (issue 7, proof): 200 concurrent respondents complete 10 000
// questionnaires over HTTP against the production build (`npm run build` first) on the PostgreSQL
// server, which is stopped and started again half-way. Respondents retry whatever was not
// acknowledged, with backoff and the same payload (completion is idempotent per invitation).
// Afterwards every acknowledged completion must be stored exactly once: prints acknowledged,
// stored, duplicates and lost, the retries and errors the outage caused, and how long the app took
// to acknowledge again; exits non-zero when anything was lost or duplicated.
//
// It restarts the machine's PostgreSQL cluster (other databases on it see the outage too) with
// LOAD_RESTART_STOP / LOAD_RESTART_START (default pg_ctlcluster for cluster 15/main), pausing
// LOAD_RESTART_PAUSE_MS (3000) in between; the cluster is started again whatever happens.
// Environment: BENCH_DATABASE_URL or DATABASE_URL (default postgres://postgres@127.0.0.1:5432/postgres),
// LOAD_RESPONSES (10000), LOAD_CONCURRENCY (200), LOAD_PORT (3412), BENCH_KEEP_DB=1.

const DATABASE = 'barometer_bench_load_restart';
const BACKOFF_BASE_MS = 100;
const BACKOFF_CAP_MS = 2_000;
/** A completion still unacknowledged after this long counts as unacknowledged (not lost: never promised). */
const GIVE_UP_AFTER_MS = 180_000;
const FOLD_DRAIN_TIMEOUT_MS = 180_000;

const run$ = promisify(execFile);

const CLUSTER = ['15', 'main'];
const defaultStop = ['pg_ctlcluster', '--skip-systemctl-redirect', ...CLUSTER, 'stop', '-m', 'fast'];
const defaultStart = ['pg_ctlcluster', '--skip-systemctl-redirect', ...CLUSTER, 'start'];

function command(name: string, fallback: string[]): string[] {
  const value = process.env[name];
  return value ? value.split(' ').filter(Boolean) : fallback;
}

async function runCommand(argv: string[]): Promise<void> {
  await run$(argv[0], argv.slice(1), { timeout: 60_000 });
}

async function clusterIsOnline(): Promise<boolean> {
  try {
    const { stdout } = await run$('pg_lsclusters', ['--no-header']);
    return stdout
      .split('\n')
      .some(
        (line) => line.trim().split(/\s+/).slice(0, 2).join(' ') === CLUSTER.join(' ') && /online/.test(line),
      );
  } catch {
    return true; // Not a Debian-style cluster: the custom LOAD_RESTART_START is trusted.
  }
}

interface Attempt {
  sentAt: number;
  endedAt: number;
  /** HTTP status, or the network error's message. */
  result: number | string;
}

interface Completion {
  acknowledged: boolean;
  attempts: Attempt[];
  /** A 4xx other than 429: the app refused the completion (a bug here: every payload is valid). */
  refused?: number;
}

async function completeWithRetries(
  agent: http.Agent,
  port: number,
  token: string,
  n: number,
): Promise<Completion> {
  // The same body on every attempt: a retry is the same completion, never a second response.
  const body = JSON.stringify({ answers: answersFor(n), currentPage: 3, complete: true, language: 'ru' });
  const attempts: Attempt[] = [];
  const started = performance.now();
  for (let attempt = 1; ; attempt++) {
    const sentAt = performance.now();
    let result: number | string;
    try {
      result = await post(agent, port, `/s/${token}/answers`, body);
    } catch (error) {
      result =
        error instanceof Error ? ((error as NodeJS.ErrnoException).code ?? error.message) : String(error);
    }
    attempts.push({ sentAt, endedAt: performance.now(), result });
    if (result === 200) return { acknowledged: true, attempts };
    if (typeof result === 'number' && result >= 400 && result < 500 && result !== 429) {
      return { acknowledged: false, attempts, refused: result };
    }
    if (performance.now() - started > GIVE_UP_AFTER_MS) return { acknowledged: false, attempts };
    // Exponential backoff with full jitter, so 200 clients do not return in lock-step.
    const ceiling = Math.min(BACKOFF_CAP_MS, BACKOFF_BASE_MS * 2 ** Math.min(attempt - 1, 10));
    await sleep(Math.random() * ceiling);
  }
}

interface Outage {
  stopBegan: number;
  stopped: number;
  started: number;
}

const format = (value: number, digits = 1) => value.toFixed(digits);

export async function run(): Promise<void> {
  const number = (name: string, fallback: number) => {
    const value = Number(process.env[name] ?? fallback);
    if (!Number.isInteger(value) || value < 1) throw new Error(`${name} must be a positive whole number`);
    return value;
  };
  const serverUrl =
    process.env.BENCH_DATABASE_URL ??
    process.env.DATABASE_URL ??
    'postgres://postgres@127.0.0.1:5432/postgres';
  const responses = number('LOAD_RESPONSES', 10_000);
  const concurrency = number('LOAD_CONCURRENCY', 200);
  const port = number('LOAD_PORT', 3412);
  const pauseMs = number('LOAD_RESTART_PAUSE_MS', 3000);
  const stopCommand = command('LOAD_RESTART_STOP', defaultStop);
  const startCommand = command('LOAD_RESTART_START', defaultStart);
  const keepDatabase = process.env.BENCH_KEEP_DB === '1';

  console.log('\n== Load with a PostgreSQL restart: completions over HTTP (production build) ==');
  const runStarted = performance.now();
  const url = await recreateDatabase(serverUrl, DATABASE);
  const connection = connectPostgres(url, { max: 4 });
  const logDirectory = path.resolve('bench/out');
  mkdirSync(logDirectory, { recursive: true });
  const logPath = path.join(logDirectory, 'load-restart-server.log');
  const serverLog = createWriteStream(logPath);
  let server: Awaited<ReturnType<typeof startServer>> | undefined;
  let serverExit: string | undefined;
  let clusterDown = false;
  let failed = false;
  try {
    await connection.migrate();
    const { waveId, tokens } = await seedWave(connection.db, responses);
    // The benchmark's own connection sees the restart too; it must not be holding one across it.
    await connection.db.execute(sql`ANALYZE invitations`);

    server = await startServer({ port, cpuProfile: false }, url, { stderr: 'pipe' });
    let serverErrorLines = 0;
    server.stderr?.on('data', (chunk: Buffer) => {
      serverLog.write(chunk);
      serverErrorLines += chunk
        .toString()
        .split('\n')
        .filter((line) => /error|failed/i.test(line)).length;
    });
    server.once('exit', (code, signal) => {
      serverExit = `exited with ${code ?? signal}`;
    });

    const agent = new http.Agent({ keepAlive: true, maxSockets: concurrency });
    const completions: Completion[] = new Array(tokens.length);
    let next = 0;
    let acknowledgedSoFar = 0;
    const restartAt = Math.floor(tokens.length / 2);
    let outage: Outage | undefined;
    let restart: Promise<void> | undefined;
    const restartCluster = async () => {
      const stopBegan = performance.now();
      clusterDown = true;
      await runCommand(stopCommand);
      const stopped = performance.now();
      await sleep(pauseMs);
      await runCommand(startCommand);
      clusterDown = false;
      outage = { stopBegan, stopped, started: performance.now() };
      // Planner statistics as autovacuum would keep them in production (as bench/ingest.ts does):
      // the restart drops every prepared plan, and re-planned against the statistics of the empty
      // tables seeding left, one fold of the backlog took minutes instead of milliseconds.
      await connection.db.execute(sql`ANALYZE responses, score_facts, pending_rollups, invitations`);
    };

    const loadStarted = performance.now();
    await Promise.all(
      Array.from({ length: concurrency }, async () => {
        while (next < tokens.length) {
          const index = next++;
          const completion = await completeWithRetries(agent, port, tokens[index], index);
          completions[index] = completion;
          if (completion.acknowledged) acknowledgedSoFar += 1;
          if (!restart && acknowledgedSoFar >= restartAt) {
            restart = restartCluster().catch((error) => {
              failed = true;
              console.error('✖ restarting PostgreSQL failed:', error);
            });
          }
        }
      }),
    );
    const loadSeconds = (performance.now() - loadStarted) / 1000;
    await restart;
    agent.destroy();

    // The fold catches up with every completion (it was away during the outage, too).
    const drainStarted = performance.now();
    const drained = await waitForFold(connection.db, FOLD_DRAIN_TIMEOUT_MS);
    const drainSeconds = (performance.now() - drainStarted) / 1000;
    const serverSurvived = server.exitCode === null && serverExit === undefined;
    await stopServer(server);
    server = undefined;

    const acknowledgedTokens = tokens.filter((_, i) => completions[i]?.acknowledged);
    const acknowledgedHashes = acknowledgedTokens.map(hashInvitationToken);
    // One parameter (drizzle would spell an array out as a row of 10 000 values).
    const hashesJson = JSON.stringify(acknowledgedHashes);
    const [check] = await selectRows<{
      duplicates: number;
      lost: number;
      distinctInvitations: number;
      completedInvitations: number;
      responsesWithoutCompletedInvitation: number;
    }>(
      connection.db,
      sql`WITH acknowledged AS (SELECT jsonb_array_elements_text(${hashesJson}::jsonb) AS token_hash)
        SELECT
          (SELECT coalesce(sum(n - 1), 0)::int FROM (
             SELECT count(*) AS n FROM responses WHERE wave_id = ${waveId} AND status = 'completed'
             GROUP BY invitation_id HAVING count(*) > 1) d) AS duplicates,
          (SELECT count(*)::int FROM acknowledged a
             JOIN invitations i ON i.token_hash = a.token_hash
             LEFT JOIN responses r ON r.invitation_id = i.id AND r.status = 'completed'
             WHERE r.id IS NULL) AS lost,
          (SELECT count(DISTINCT invitation_id)::int FROM responses
             WHERE wave_id = ${waveId} AND status = 'completed') AS "distinctInvitations",
          (SELECT count(*)::int FROM invitations WHERE wave_id = ${waveId} AND status = 'completed')
             AS "completedInvitations",
          (SELECT count(*)::int FROM responses r JOIN invitations i ON i.id = r.invitation_id
             WHERE r.wave_id = ${waveId} AND r.status = 'completed' AND i.status <> 'completed')
             AS "responsesWithoutCompletedInvitation"`,
    );
    // Every acknowledged token must name an invitation of this wave (else `lost` would miss it).
    const [{ known }] = await selectRows<{ known: number }>(
      connection.db,
      sql`SELECT count(*)::int AS known FROM invitations WHERE token_hash IN (SELECT jsonb_array_elements_text(${hashesJson}::jsonb))`,
    );
    const stored = await storedFigures(connection.db, waveId);

    const all = completions.filter(Boolean);
    const attempts = all.flatMap((completion) => completion.attempts);
    const retries = attempts.length - all.length;
    const refused = all.filter((completion) => completion.refused !== undefined);
    const unacknowledged = all.filter((completion) => !completion.acknowledged).length;
    const lost = check.lost + (acknowledgedHashes.length - known);
    const duplicates = check.duplicates;

    console.log(
      `${tokens.length} respondents, ${concurrency} concurrent; load took ${format(loadSeconds)} s (${format(all.length / loadSeconds, 0)} completions/s incl. the outage)`,
    );
    if (outage) {
      const failedAttempts = attempts.filter((attempt) => attempt.result !== 200);
      // Errors "during the outage": failed attempts from the stop until the app acknowledged again.
      const acknowledgedAfterStart = attempts
        .filter((attempt) => attempt.result === 200 && attempt.sentAt >= outage!.started)
        .map((attempt) => attempt.endedAt);
      const firstAcknowledgement = Math.min(...acknowledgedAfterStart);
      const duringOutage = failedAttempts.filter(
        (attempt) => attempt.endedAt >= outage!.stopBegan && attempt.endedAt <= firstAcknowledgement,
      );
      const byKind = new Map<string, number>();
      for (const attempt of failedAttempts) {
        const kind = typeof attempt.result === 'number' ? `HTTP ${attempt.result}` : attempt.result;
        byKind.set(kind, (byKind.get(kind) ?? 0) + 1);
      }
      const acknowledgementTimes = attempts
        .filter((attempt) => attempt.result === 200)
        .map((attempt) => attempt.endedAt)
        .sort((a, b) => a - b);
      let longestGap = 0;
      for (let i = 1; i < acknowledgementTimes.length; i++) {
        longestGap = Math.max(longestGap, acknowledgementTimes[i] - acknowledgementTimes[i - 1]);
      }
      console.log(
        `restart         PostgreSQL stopped after ${restartAt} acknowledgements (stop took ${format((outage.stopped - outage.stopBegan) / 1000, 2)} s), down ${format((outage.started - outage.stopped) / 1000, 2)} s, back ${format((outage.started - outage.stopBegan) / 1000, 2)} s after the stop began`,
      );
      console.log(
        `recovery        first acknowledgement of a request sent after PostgreSQL was back: +${format(firstAcknowledgement - outage.started, 0)} ms · longest gap between acknowledgements ${format(longestGap / 1000, 2)} s`,
      );
      console.log(
        `errors          ${duringOutage.length} failed attempts during the outage, ${failedAttempts.length} in all (${[...byKind].map(([kind, count]) => `${kind} ×${count}`).join(', ') || 'none'}) · ${retries} retries · server logged ${serverErrorLines} error lines (${path.relative(process.cwd(), logPath)})`,
      );
    } else {
      failed = true;
      console.log('restart         PostgreSQL was NOT restarted (see the error above) — FAIL');
    }
    console.log(
      `server          ${serverSurvived ? 'survived the restart OK' : `${serverExit ?? 'stopped'} during the run — FAIL`}`,
    );
    console.log(
      `acknowledged    ${acknowledgedTokens.length} · stored ${stored.responses} responses · duplicates ${duplicates} · lost ${lost} · unacknowledged ${unacknowledged}${refused.length > 0 ? ` (${refused.length} refused with a 4xx)` : ''}`,
    );
    const countsAgree =
      stored.responses === check.distinctInvitations &&
      check.distinctInvitations === check.completedInvitations &&
      check.responsesWithoutCompletedInvitation === 0;
    console.log(
      `invitations     ${stored.responses} responses · ${check.distinctInvitations} distinct invitations among them · ${check.completedInvitations} invitations completed ${countsAgree ? '= OK' : '— FAIL'}`,
    );
    const rolledUp =
      drained && stored.rolledUpAnswers === stored.facts && stored.rolledUpRespondents === stored.responses;
    console.log(
      `rollups         ${drained ? `fold backlog drained ${format(drainSeconds, 2)} s after the load` : `NOT drained after ${FOLD_DRAIN_TIMEOUT_MS / 1000} s (${stored.pending} pending)`} · rollups hold ${stored.rolledUpAnswers} answers of ${stored.rolledUpRespondents} respondents ${rolledUp ? `= ${stored.facts} facts of ${stored.responses} responses OK` : `≠ ${stored.facts} facts of ${stored.responses} responses — FAIL`}`,
    );
    console.log(`total           ${format((performance.now() - runStarted) / 1000)} s including seeding`);

    if (duplicates !== 0 || lost !== 0) failed = true;
    if (!countsAgree || !rolledUp || !serverSurvived || refused.length > 0) failed = true;
    if (failed) {
      // bench/run.ts reports a thrown error and exits non-zero; run directly, the same.
      throw new Error(
        `load with a PostgreSQL restart FAILED: duplicates ${duplicates}, lost ${lost} (see the lines above)`,
      );
    }
  } finally {
    // Never leave the shared PostgreSQL server stopped.
    if (clusterDown || !(await clusterIsOnline())) {
      console.error('PostgreSQL is down after the run: starting it again');
      await runCommand(startCommand).catch((error) => console.error('✖ could not start PostgreSQL:', error));
    }
    if (server) await stopServer(server);
    serverLog.end();
    await connection.close();
    if (!keepDatabase) await dropDatabase(serverUrl, DATABASE);
  }
}

// Run directly: `npx tsx bench/load-restart.ts`.
if (process.argv[1] && path.resolve(process.argv[1]) === path.resolve('bench/load-restart.ts')) {
  await run();
}
