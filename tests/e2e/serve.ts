import { spawn } from 'node:child_process';
import { rmSync } from 'node:fs';
import { mkdtemp } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import postgres from 'postgres';
import { connectFromEnvironment } from '#db/client.ts';
import { seedDemoData } from '#db/seed/index.ts';

/**
 * Serves the production build for the browser tests on a database of its own, seeded with the demo
 * data: a fresh PostgreSQL database beside DATABASE_URL's, or a fresh PGlite directory.
 */
async function prepareDatabase(): Promise<Record<string, string>> {
  const url = process.env.DATABASE_URL;
  if (url) {
    const target = new URL(url);
    const name = `${target.pathname.slice(1)}_e2e`;
    const admin = new URL(url);
    admin.pathname = '/postgres';
    const sql = postgres(admin.toString(), { max: 1, onnotice: () => {} });
    await sql.unsafe(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
    await sql.unsafe(`CREATE DATABASE "${name}"`);
    await sql.end();
    target.pathname = `/${name}`;
    return { DATABASE_URL: target.toString() };
  }
  return { PGLITE_DIR: await mkdtemp(path.join(os.tmpdir(), 'barometer-e2e-')) };
}

const databaseEnv = await prepareDatabase();
Object.assign(process.env, databaseEnv);
const connection = connectFromEnvironment();
await connection.migrate();
await seedDemoData(connection.db);
await connection.close();

const server = spawn(
  process.execPath,
  ['node_modules/@remix-run/serve/dist/cli.js', 'build/server/index.js'],
  {
    env: { ...process.env, ...databaseEnv, NODE_ENV: 'production', PORT: process.env.E2E_PORT ?? '3100' },
    stdio: 'inherit',
  },
);
const stop = () => server.kill('SIGTERM');
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
server.on('exit', (code) => {
  // The embedded database of a browser run is throwaway; leave no data directory behind.
  if (databaseEnv.PGLITE_DIR) rmSync(databaseEnv.PGLITE_DIR, { recursive: true, force: true });
  process.exit(code ?? 0);
});
