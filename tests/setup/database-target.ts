import { randomBytes } from 'node:crypto';

/** Where the test suite's databases live: PGlite in memory by default, the server when DATABASE_URL is set. */
export function serverUrl(): URL | null {
  const url = process.env.DATABASE_URL;
  return url ? new URL(url) : null;
}

export function withDatabase(url: URL, name: string): string {
  const copy = new URL(url);
  copy.pathname = `/${name}`;
  return copy.toString();
}

export function uniqueDatabaseName(prefix: string): string {
  return `${prefix}_${process.pid}_${randomBytes(4).toString('hex')}`;
}

export const templateDumpPath = () => process.env.BAROMETER_TEST_TEMPLATE_DUMP ?? '';
