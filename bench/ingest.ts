import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import http from 'node:http';
import { availableParallelism } from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { sql } from 'drizzle-orm';
import postgres from 'postgres';
import { connectPostgres, type Database } from '#db/client.ts';
import { withInnCheckDigits } from '#db/inn.ts';
import { selectRows } from '#db/raw-query.ts';
import {
  clientProducts,
  clients,
  contacts,
  invitations,
  managers,
  products,
  regions,
  surveys,
  surveyVersions,
  units,
  waves,
} from '#db/schema/index.ts';
import { newInvitationToken } from '#app/models/invitation-tokens.server.ts';
import { pendingRollupCount } from '#analytics/aggregations/index.ts';
import { getTemplate } from '#surveys/templates/index.ts';
import { measureRespondentJavaScript, printRespondentJavaScript } from './respondent-js.ts';

// Ingest benchmark (issue 3): respondents completing questionnaires over HTTP against the production
// build (`npm run build` first) served by remix-serve on the PostgreSQL server, the way a wave's
// answers arrive. Prints responses/s, latency percentiles, acknowledged versus stored, and the
// JavaScript the respondent page makes a browser download.
//
// Environment: BENCH_DATABASE_URL or DATABASE_URL names the PostgreSQL server (default
// postgres://postgres@127.0.0.1:5432/postgres; the benchmark works in a database of its own),
// INGEST_RESPONSES (10000), INGEST_CONCURRENCY (64), INGEST_WARMUP (1000), INGEST_PORT (3411),
// INGEST_CPU_PROF=1 (write a V8 CPU profile of the server to bench/out/profiles/), INGEST_KEEP_DB=1 or
// BENCH_KEEP_DB=1 (keep the database).

const DATABASE = 'barometer_bench_ingest';
const CONTACTS_PER_CLIENT = 10;
const TARGET_RATE = 1000;
const TARGET_P99_MS = 200;
const MAX_ATTEMPTS = 8;
const FOLD_DRAIN_TIMEOUT_MS = 120_000;
const REQUEST_TIMEOUT_MS = 10_000;

interface Settings {
  serverUrl: string;
  responses: number;
  concurrency: number;
  warmup: number;
  port: number;
  cpuProfile: boolean;
  keepDatabase: boolean;
}

function settingsFromEnvironment(): Settings {
  const number = (name: string, fallback: number) => {
    const value = Number(process.env[name] ?? fallback);
    if (!Number.isInteger(value) || value < 0) throw new Error(`${name} must be a whole number`);
    return value;
  };
  return {
    serverUrl:
      process.env.BENCH_DATABASE_URL ??
      process.env.DATABASE_URL ??
      'postgres://postgres@127.0.0.1:5432/postgres',
    responses: number('INGEST_RESPONSES', 10_000),
    concurrency: Math.max(1, number('INGEST_CONCURRENCY', 64)),
    warmup: number('INGEST_WARMUP', 1000),
    port: number('INGEST_PORT', 3411),
    cpuProfile: process.env.INGEST_CPU_PROF === '1',
    keepDatabase: process.env.INGEST_KEEP_DB === '1' || process.env.BENCH_KEEP_DB === '1',
  };
}

export function databaseUrl(serverUrl: string, name: string): string {
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return url.toString();
}

export async function recreateDatabase(serverUrl: string, name = DATABASE): Promise<string> {
  const admin = postgres(databaseUrl(serverUrl, 'postgres'), { max: 1, onnotice: () => {} });
  try {
    await admin.unsafe(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
    await admin.unsafe(`CREATE DATABASE "${name}"`);
  } finally {
    await admin.end();
  }
  return databaseUrl(serverUrl, name);
}

export async function dropDatabase(serverUrl: string, name = DATABASE): Promise<void> {
  const admin = postgres(databaseUrl(serverUrl, 'postgres'), { max: 1, onnotice: () => {} });
  try {
    await admin.unsafe(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
  } finally {
    await admin.end();
  }
}

const productCodes = ['pipes', 'fittings', 'valves', 'engineering_services'];

export interface Seeded {
  waveId: string;
  tokens: string[];
}

/**
 * A running wave of the industrial survey with `count` invitations with known tokens, inserted
 * directly: clients of 20 managers, each with two of the four product lines, ten contacts each.
 */
export async function seedWave(db: Database, count: number): Promise<Seeded> {
  const template = getTemplate('industrial-relationship')!;
  await db.insert(regions).values({ code: 'RU-MOW', nameEn: 'Moscow', nameRu: 'Москва' });
  const [unit] = await db
    .insert(units)
    .values({ code: 'MSK', nameEn: 'Moscow', nameRu: 'Москва' })
    .returning();
  const managerRows = await db
    .insert(managers)
    .values(
      Array.from({ length: 20 }, (_, i) => ({
        fullName: `Manager ${i + 1}`,
        email: `manager${i + 1}@bench.test`,
        unitId: unit.id,
      })),
    )
    .returning({ id: managers.id });
  const productRows = await db
    .insert(products)
    .values(productCodes.map((code) => ({ code, nameEn: code, nameRu: code })))
    .returning({ id: products.id });
  const [survey] = await db
    .insert(surveys)
    .values({ key: template.key, titleEn: template.titleEn, titleRu: template.titleRu })
    .returning();
  const [version] = await db
    .insert(surveyVersions)
    .values({ surveyId: survey.id, version: 1, definition: template.definition, frozenAt: new Date() })
    .returning();
  const [wave] = await db
    .insert(waves)
    .values({
      name: 'Ingest benchmark',
      surveyVersionId: version.id,
      status: 'running',
      launchedAt: new Date(),
      expiresAt: new Date(Date.now() + 30 * 86_400_000),
    })
    .returning();

  const clientCount = Math.ceil(count / CONTACTS_PER_CLIENT);
  const tokens: string[] = [];
  for (let first = 0; first < clientCount; first += 500) {
    const batch = Array.from({ length: Math.min(500, clientCount - first) }, (_, i) => first + i);
    const clientRows = await db
      .insert(clients)
      .values(
        batch.map((n) => ({
          name: `ООО Бенчмарк ${n}`,
          inn: withInnCheckDigits(String(700_000_000 + n)),
          okved2: '24.20',
          industrySection: 'C',
          regionCode: 'RU-MOW',
          unitId: unit.id,
          registeredOn: '2012-01-01',
          revenueRub: '1500000000.00',
          headcount: 200,
          sizeSegment: 'medium' as const,
          managerId: managerRows[n % managerRows.length].id,
          vipCriteria: n % 7 === 0 ? ['growth_industry' as const] : [],
        })),
      )
      .returning({ id: clients.id });
    await db.insert(clientProducts).values(
      clientRows.flatMap((client, i) => {
        const n = batch[i];
        return [productRows[n % 4], productRows[(n + 1 + (n % 3)) % 4]].map((product) => ({
          clientId: client.id,
          productId: product.id,
        }));
      }),
    );
    const contactRows = await db
      .insert(contacts)
      .values(
        clientRows.flatMap((client, i) =>
          Array.from({ length: CONTACTS_PER_CLIENT }, (_, k) => ({
            clientId: client.id,
            fullName: `Контакт ${batch[i]}-${k}`,
            email: `c${batch[i]}-${k}@bench.test`,
            role: k === 0 ? ('decision_maker' as const) : ('user' as const),
            language: k % 3 === 0 ? ('en' as const) : ('ru' as const),
          })),
        ),
      )
      .returning({ id: contacts.id, clientId: contacts.clientId, language: contacts.language });
    const wanted = contactRows.slice(0, count - tokens.length);
    const links = wanted.map((contact) => ({ contact, ...newInvitationToken() }));
    for (let start = 0; start < links.length; start += 1000) {
      await db.insert(invitations).values(
        links.slice(start, start + 1000).map(({ contact, tokenHash }) => ({
          waveId: wave.id,
          contactId: contact.id,
          clientId: contact.clientId,
          tokenHash,
          status: 'sent' as const,
          language: contact.language,
          sentAt: new Date(),
        })),
      );
    }
    tokens.push(...links.map((link) => link.token));
  }
  return { waveId: wave.id, tokens };
}

/** A complete questionnaire; about one in five respondents is a detractor, so follow-ups are written too. */
export function answersFor(n: number): Record<string, unknown> {
  const pick = (low: number, high: number, salt: number) =>
    low + ((n * 7919 + salt * 104_729) % (high - low + 1));
  const ltr = n % 5 === 0 ? pick(0, 6, 1) : pick(7, 10, 1);
  const overall = ltr >= 9 ? pick(4, 5, 2) : pick(2, 4, 2);
  const rating = (salt: number) => pick(Math.max(1, overall - 1), Math.min(5, overall + 1), salt);
  const answers: Record<string, unknown> = {
    overall,
    ltr,
    sat_quality: rating(3),
    sat_delivery: rating(4),
    sat_price: rating(5),
    sat_support: rating(6),
    sat_documents: rating(7),
    sat_manager: rating(8),
    imp_quality: pick(3, 5, 9),
    imp_delivery: pick(3, 5, 10),
    imp_price: pick(2, 5, 11),
    imp_support: pick(1, 5, 12),
    imp_documents: pick(1, 4, 13),
    imp_manager: pick(2, 5, 14),
    comments: n % 3 === 0 ? 'Поставки стали стабильнее, но документы приходят с задержкой.' : '',
    contact_request: n % 11 === 0,
  };
  if (overall <= 3) answers.improve_first = 'Сроки поставки.';
  return answers;
}

interface Outcome {
  ok: boolean;
  latencyMs: number;
  attempts: number;
}

export function post(agent: http.Agent, port: number, path: string, body: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const request = http.request(
      {
        agent,
        host: '127.0.0.1',
        port,
        path,
        method: 'POST',
        headers: { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(body) },
        timeout: REQUEST_TIMEOUT_MS,
      },
      (response) => {
        response.resume();
        response.on('end', () => resolve(response.statusCode ?? 0));
        response.on('error', reject);
      },
    );
    request.on('timeout', () => request.destroy(new Error('timeout')));
    request.on('error', reject);
    request.end(body);
  });
}

/** One respondent completing: retried until acknowledged (a retry of a completion is still one response). */
async function complete(agent: http.Agent, port: number, token: string, n: number): Promise<Outcome> {
  const body = JSON.stringify({ answers: answersFor(n), currentPage: 3, complete: true, language: 'ru' });
  const started = performance.now();
  for (let attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
    try {
      const status = await post(agent, port, `/s/${token}/answers`, body);
      if (status === 200) return { ok: true, latencyMs: performance.now() - started, attempts: attempt };
      if (status < 500) throw new Error(`completion refused with HTTP ${status}`);
    } catch (error) {
      if (error instanceof Error && error.message.startsWith('completion refused')) throw error;
    }
    await sleep(50 * attempt);
  }
  return { ok: false, latencyMs: performance.now() - started, attempts: MAX_ATTEMPTS };
}

async function drive(port: number, tokens: string[], offset: number, concurrency: number) {
  const agent = new http.Agent({ keepAlive: true, maxSockets: concurrency });
  const outcomes: Outcome[] = new Array(tokens.length);
  let next = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < tokens.length) {
        const index = next++;
        outcomes[index] = await complete(agent, port, tokens[index], offset + index);
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  agent.destroy();
  return { outcomes, seconds };
}

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

export async function startServer(
  settings: Pick<Settings, 'port' | 'cpuProfile'>,
  url: string,
  options: { env?: Record<string, string>; stderr?: 'inherit' | 'pipe' } = {},
): Promise<ChildProcess> {
  const serverEntry = path.resolve('build/server/index.js');
  if (!existsSync(serverEntry)) throw new Error('No production build: run `npm run build` first.');
  const profileArgs = settings.cpuProfile
    ? ['--cpu-prof', `--cpu-prof-dir=${path.resolve('bench/out/profiles')}`]
    : [];
  const server = spawn(
    process.execPath,
    [...profileArgs, 'node_modules/@remix-run/serve/dist/cli.js', serverEntry],
    {
      env: {
        ...process.env,
        DATABASE_URL: url,
        PORT: String(settings.port),
        NODE_ENV: 'production',
        ...options.env,
      },
      stdio: ['ignore', 'ignore', options.stderr ?? 'inherit'],
    },
  );
  for (let attempt = 0; attempt < 100; attempt++) {
    if (server.exitCode !== null) throw new Error(`the server exited with code ${server.exitCode}`);
    try {
      const response = await fetch(`http://127.0.0.1:${settings.port}/login`);
      if (response.ok) return server;
    } catch {
      // Not listening yet.
    }
    await sleep(200);
  }
  server.kill('SIGTERM');
  throw new Error('the server did not start within 20 s');
}

export async function stopServer(server: ChildProcess): Promise<void> {
  if (server.exitCode !== null) return;
  const exited = new Promise((resolve) => server.once('exit', resolve));
  // SIGINT lets node write its CPU profile; remix-serve exits on it.
  server.kill('SIGINT');
  await Promise.race([exited, sleep(10_000)]);
  if (server.exitCode === null) server.kill('SIGKILL');
}

/** Waits until the server's background fold has applied every completion; false after `timeoutMs`. */
export async function waitForFold(db: Database, timeoutMs: number): Promise<boolean> {
  const deadline = performance.now() + timeoutMs;
  while ((await pendingRollupCount(db)) > 0) {
    if (performance.now() > deadline) return false;
    await sleep(50);
  }
  return true;
}

export interface StoredFigures {
  responses: number;
  facts: number;
  followUps: number;
  completed: number;
  pending: number;
  rolledUpAnswers: number;
  rolledUpRespondents: number;
}

/** What the wave holds: completed responses, their facts and follow-ups, and the rollups' totals. */
export async function storedFigures(db: Database, waveId: string): Promise<StoredFigures> {
  const [stored] = await selectRows<StoredFigures>(
    db,
    sql`SELECT
        (SELECT count(*)::int FROM pending_rollups) AS pending,
        (SELECT coalesce(sum(answers), 0)::int FROM score_rollups
          WHERE wave_id = ${waveId} AND dimension = 'total' AND product_id IS NULL) AS "rolledUpAnswers",
        (SELECT coalesce(sum(respondents), 0)::int FROM attribute_moment_rollups
          WHERE wave_id = ${waveId} AND dimension = 'total' AND product_id IS NULL) AS "rolledUpRespondents",
        (SELECT count(*)::int FROM responses WHERE wave_id = ${waveId} AND status = 'completed') AS responses,
        (SELECT count(*)::int FROM score_facts WHERE wave_id = ${waveId}) AS facts,
        (SELECT count(*)::int FROM follow_ups f JOIN responses r ON r.id = f.response_id
          WHERE r.wave_id = ${waveId}) AS "followUps",
        (SELECT count(*)::int FROM invitations WHERE wave_id = ${waveId} AND status = 'completed') AS completed`,
  );
  return stored;
}

/** CPU seconds a process has used (user + system), from /proc; 0 where /proc is not available. */
function cpuSeconds(pid: number): number {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
    // utime and stime are fields 14 and 15 of stat, in clock ticks (100 per second on Linux).
    return (Number(fields[11]) + Number(fields[12])) / 100;
  } catch {
    return 0;
  }
}

/** CPU seconds the whole machine has spent busy (all cores), from /proc/stat. */
function machineBusySeconds(): number {
  try {
    const ticks = readFileSync('/proc/stat', 'utf8').split('\n')[0].trim().split(/\s+/).slice(1).map(Number);
    const idle = ticks[3] + (ticks[4] ?? 0);
    return (ticks.reduce((total, value) => total + value, 0) - idle) / 100;
  } catch {
    return 0;
  }
}

/** The PostgreSQL backends serving the benchmark database (the server runs on this machine). */
async function backendPids(db: Database): Promise<number[]> {
  const rows = await selectRows<{ pid: number }>(
    db,
    sql`SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()`,
  );
  return rows.map((row) => Number(row.pid));
}

const format = (value: number, digits = 1) => value.toFixed(digits);

export async function run(): Promise<void> {
  const settings = settingsFromEnvironment();
  console.log('\n== Ingest: completed responses over HTTP (production build, PostgreSQL) ==');
  const url = await recreateDatabase(settings.serverUrl);
  const connection = connectPostgres(url, { max: 4 });
  let server: ChildProcess | undefined;
  try {
    await connection.migrate();
    const total = settings.warmup + settings.responses + 1;
    const seedStarted = performance.now();
    const { waveId, tokens } = await seedWave(connection.db, total);
    console.log(
      `seeded ${tokens.length} invitations in ${format((performance.now() - seedStarted) / 1000)} s`,
    );

    server = await startServer(settings, url);
    const weight = await measureRespondentJavaScript(`http://127.0.0.1:${settings.port}`, tokens[total - 1]);

    const warmupTokens = tokens.slice(0, settings.warmup);
    const measuredTokens = tokens.slice(settings.warmup, settings.warmup + settings.responses);
    const warmup = await drive(settings.port, warmupTokens, 0, settings.concurrency);
    // Planner statistics as autovacuum would keep them in production (this benchmark's server may
    // run without it): before this, responses looked empty and the fold's plans scanned whole tables.
    await connection.db.execute(sql`ANALYZE responses, score_facts, invitations`);
    // CPU used per completion by each party: on a busy machine the rate depends on the neighbours,
    // the CPU cost does not.
    const backends = await backendPids(connection.db);
    const serverPid = server.pid ?? 0;
    const cpuBefore = {
      machine: machineBusySeconds(),
      server: cpuSeconds(serverPid),
      database: backends.map(cpuSeconds),
      client: process.cpuUsage(),
    };
    const { outcomes, seconds } = await drive(
      settings.port,
      measuredTokens,
      settings.warmup,
      settings.concurrency,
    );
    // Completions reach the dashboards through the server's background fold (docs/decisions/005):
    // what is still queued when the last completion is acknowledged, and how long it takes to drain.
    // The fold's CPU counts in the per-completion figures below.
    const backlog = await pendingRollupCount(connection.db);
    const drainStarted = performance.now();
    const drained = await waitForFold(connection.db, FOLD_DRAIN_TIMEOUT_MS);
    const drainSeconds = (performance.now() - drainStarted) / 1000;
    const cpu = {
      server: cpuSeconds(serverPid) - cpuBefore.server,
      database: backends.reduce((total, pid, i) => total + cpuSeconds(pid) - cpuBefore.database[i], 0),
      client: (() => {
        const used = process.cpuUsage(cpuBefore.client);
        return (used.user + used.system) / 1e6;
      })(),
    };
    const othersCores =
      Math.max(0, machineBusySeconds() - cpuBefore.machine - cpu.server - cpu.database - cpu.client) /
      seconds;
    await stopServer(server);
    server = undefined;

    const acknowledged = outcomes.filter((outcome) => outcome.ok);
    const latencies = acknowledged.map((outcome) => outcome.latencyMs).sort((a, b) => a - b);
    const retried = outcomes.filter((outcome) => outcome.attempts > 1).length;
    const stored = await storedFigures(connection.db, waveId);
    const acknowledgedTotal = acknowledged.length + warmup.outcomes.filter((outcome) => outcome.ok).length;
    const lost = Math.max(0, acknowledgedTotal - stored.responses);
    const rate = acknowledged.length / seconds;
    const p99 = percentile(latencies, 99);

    console.log(
      `${settings.responses} respondents, ${settings.concurrency} concurrent, after ${settings.warmup} warm-up completions`,
    );
    console.log(
      `throughput      ${format(rate, 0)} responses/s (target ≥ ${TARGET_RATE}) ${rate >= TARGET_RATE ? 'OK' : 'MISSED'}`,
    );
    console.log(
      `latency         p50 ${format(percentile(latencies, 50))} ms · p95 ${format(percentile(latencies, 95))} ms · p99 ${format(p99)} ms (target ≤ ${TARGET_P99_MS}) ${p99 <= TARGET_P99_MS ? 'OK' : 'MISSED'}`,
    );
    console.log(
      `acknowledged    ${acknowledgedTotal} (incl. warm-up) · stored ${stored.responses} responses, ${stored.completed} invitations completed · lost ${lost} · unacknowledged ${outcomes.length - acknowledged.length} · retried ${retried}`,
    );
    console.log(`written         ${stored.facts} score facts, ${stored.followUps} follow-ups`);
    const rolledUp =
      stored.rolledUpAnswers === stored.facts && stored.rolledUpRespondents === stored.responses;
    console.log(
      `rollups         fold backlog ${backlog} when the last completion was acknowledged, ${drained ? `drained ${format(drainSeconds, 2)} s later` : `NOT drained after ${FOLD_DRAIN_TIMEOUT_MS / 1000} s (${stored.pending} pending)`} · rollups hold ${stored.rolledUpAnswers} answers of ${stored.responses} respondents ${rolledUp ? '= the facts OK' : `≠ ${stored.facts} facts of ${stored.responses} responses — FAIL`}`,
    );
    const perCompletion = (cpuSecondsUsed: number) =>
      (1000 * cpuSecondsUsed) / Math.max(1, acknowledged.length);
    const serverMs = perCompletion(cpu.server);
    const databaseMs = perCompletion(cpu.database);
    const clientMs = perCompletion(cpu.client);
    // The app server is one Node process (one core at most); everything shares the machine's cores.
    const capacity = Math.min(
      1000 / serverMs,
      (1000 * availableParallelism()) / (serverMs + databaseMs + clientMs),
    );
    console.log(
      `CPU/completion  server ${format(serverMs, 2)} ms · PostgreSQL ${format(databaseMs, 2)} ms · load client ${format(clientMs, 2)} ms → at most ≈ ${format(capacity, 0)}/s on ${availableParallelism()} idle cores (other processes used ${format(othersCores, 2)} cores meanwhile)`,
    );
    printRespondentJavaScript(weight);
    if (settings.cpuProfile) console.log('server CPU profile written to bench/out/profiles/');
  } finally {
    if (server) await stopServer(server);
    await connection.close();
    if (!settings.keepDatabase) await dropDatabase(settings.serverUrl);
  }
}

// Run directly: `npx tsx bench/ingest.ts`.
if (process.argv[1] && path.resolve(process.argv[1]) === path.resolve('bench/ingest.ts')) {
  await run();
}
