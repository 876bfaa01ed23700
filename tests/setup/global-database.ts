import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { connectPglite, connectPostgres } from '#db/client.ts';
import { serverUrl } from './database-target.ts';

/**
 * Migrates one template database per run; each test file then gets its own copy
 * (CREATE DATABASE … TEMPLATE on the server, a data-directory dump on PGlite), because
 * initdb plus migrations per file would cost seconds each.
 */
export default async function setup() {
  const url = serverUrl();
  if (url) {
    const connection = connectPostgres(url.toString(), { max: 1 });
    await connection.migrate();
    await connection.close();
    return;
  }
  const connection = connectPglite();
  await connection.migrate();
  const pglite = (connection.db as unknown as { $client: import('@electric-sql/pglite').PGlite }).$client;
  const dump = await pglite.dumpDataDir('none');
  await connection.close();
  const directory = await mkdtemp(path.join(os.tmpdir(), 'barometer-test-'));
  const file = path.join(directory, 'template.tar');
  await writeFile(file, Buffer.from(await dump.arrayBuffer()));
  process.env.BAROMETER_TEST_TEMPLATE_DUMP = file;
  return async () => {
    await rm(directory, { recursive: true, force: true });
  };
}
