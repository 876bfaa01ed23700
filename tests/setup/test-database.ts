import { readFile } from 'node:fs/promises';
import postgres from 'postgres';
import { afterAll } from 'vitest';
import { connectPglite, connectPostgres, type DatabaseConnection, installConnection } from '#db/client.ts';
import { serverUrl, templateDumpPath, uniqueDatabaseName, withDatabase } from './database-target.ts';

let connection: DatabaseConnection | undefined;
let dropDatabase: (() => Promise<void>) | undefined;

/** Opens this file's own fresh, migrated database the first time a test asks for one. */
export async function openTestDatabase(): Promise<DatabaseConnection> {
  if (connection) return connection;
  const url = serverUrl();
  if (url) {
    const name = uniqueDatabaseName('barometer_test');
    const admin = postgres(withDatabase(url, 'postgres'), { max: 1, onnotice: () => {} });
    const template = url.pathname.slice(1);
    await admin.unsafe(`CREATE DATABASE "${name}" TEMPLATE "${template}"`);
    connection = connectPostgres(withDatabase(url, name), { max: 4 });
    dropDatabase = async () => {
      await admin.unsafe(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
      await admin.end();
    };
  } else {
    const dump = await readFile(templateDumpPath());
    connection = connectPglite(undefined, new Blob([dump]));
  }
  installConnection(connection);
  return connection;
}

afterAll(async () => {
  await connection?.close();
  await dropDatabase?.();
  connection = undefined;
});
