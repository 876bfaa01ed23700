import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import { migrate as migratePglite } from 'drizzle-orm/pglite/migrator';
import { drizzle as drizzlePostgres } from 'drizzle-orm/postgres-js';
import { migrate as migratePostgres } from 'drizzle-orm/postgres-js/migrator';
import postgres from 'postgres';
import * as schema from './schema/index.ts';

export type Schema = typeof schema;
export type Database = PgDatabase<PgQueryResultHKT, Schema>;
/** A database handle or an open transaction: domain operations accept either. */
export type Executor = Parameters<Parameters<Database['transaction']>[0]>[0] | Database;

export interface DatabaseConnection {
  db: Database;
  driver: 'pglite' | 'postgres';
  migrate(): Promise<void>;
  close(): Promise<void>;
}

// Resolved from the working directory, not import.meta.url: the server bundle lives in build/.
const migrationsFolder = () => path.resolve(process.env.MIGRATIONS_DIR ?? 'db/migrations');

export function connectPostgres(url: string, options: { max?: number } = {}): DatabaseConnection {
  const sql = postgres(url, { max: options.max ?? 10, onnotice: () => {} });
  const db = drizzlePostgres(sql, { schema }) as unknown as Database;
  return {
    db,
    driver: 'postgres',
    migrate: () =>
      migratePostgres(drizzlePostgres(sql, { schema }), { migrationsFolder: migrationsFolder() }),
    close: () => sql.end({ timeout: 5 }),
  };
}

/** Embedded PostgreSQL; `dataDir` undefined means in memory. */
export function connectPglite(dataDir?: string, loadDataDir?: Blob): DatabaseConnection {
  const client = new PGlite({ dataDir, loadDataDir });
  const db = drizzlePglite(client, { schema }) as unknown as Database;
  return {
    db,
    driver: 'pglite',
    migrate: () => migratePglite(drizzlePglite(client, { schema }), { migrationsFolder: migrationsFolder() }),
    close: () => client.close(),
  };
}

export function connectFromEnvironment(): DatabaseConnection {
  const url = process.env.DATABASE_URL;
  if (url) return connectPostgres(url);
  const dataDir = path.resolve(process.env.PGLITE_DIR ?? 'data/pglite');
  // PGlite creates only the last folder of the path; a fresh clone has no data/ yet.
  mkdirSync(path.dirname(dataDir), { recursive: true });
  return connectPglite(dataDir);
}

// One connection per process, kept on globalThis so Vite's module reloads in dev do not open the
// PGlite directory twice (two instances on one directory silently diverge).
const holder = globalThis as typeof globalThis & {
  __barometerConnection?: DatabaseConnection;
  __barometerBeforeClose?: Set<() => Promise<void>>;
};

export function installConnection(connection: DatabaseConnection) {
  holder.__barometerConnection = connection;
}

export function getConnection(): DatabaseConnection {
  if (!holder.__barometerConnection) {
    const connection = connectFromEnvironment();
    holder.__barometerConnection = connection;
    closeOnSignals(connection);
  }
  return holder.__barometerConnection;
}

export function getDb(): Database {
  return getConnection().db;
}

/**
 * Work that must finish before the database closes on SIGTERM/SIGINT — every running background
 * loop (db/background-loop.ts registers itself), e.g. the mail sender's message in flight, whose
 * "sent" must be committed or it would go out again after a restart. Returns an undo.
 */
export function beforeDatabaseClose(hook: () => Promise<void>): () => void {
  holder.__barometerBeforeClose ??= new Set();
  holder.__barometerBeforeClose.add(hook);
  return () => holder.__barometerBeforeClose?.delete(hook);
}

/**
 * The process's one shutdown, for both drivers: let the registered work finish, close the database,
 * exit. PGlite would keep the process alive past the signal and must close to leave its data
 * directory consistent; PostgreSQL's pool is ended only after the last round committed, where a
 * worker closing it on its own would cut another's transaction short.
 */
function closeOnSignals(connection: DatabaseConnection) {
  const stop = () => {
    Promise.allSettled([...(holder.__barometerBeforeClose ?? [])].map((hook) => hook()))
      .then(() => connection.close())
      .finally(() => process.exit(0));
  };
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
}
