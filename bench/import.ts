import { monitorEventLoopDelay } from 'node:perf_hooks';
import { sql } from 'drizzle-orm';
import postgres from 'postgres';
import writeXlsxFile from 'write-excel-file/node';
import type { StaffUser } from '#app/auth/session.server.ts';
import { columnHeader, importFields } from '#app/imports/fields.ts';
import { toCsv } from '#app/imports/sheet-file.server.ts';
import { getImportJob, startImport, uploadImportFile } from '#app/models/client-import.server.ts';
import { connectPostgres, installConnection } from '#db/client.ts';
import { withInnCheckDigits } from '#db/inn.ts';
import { selectRows } from '#db/raw-query.ts';
import { managers, products, regions, units, users } from '#db/schema/index.ts';

// Client import benchmark (issue 5): a 100 000-row client file as CSV and as XLSX, imported through
// the same model functions the /clients/import page calls (upload → check → import in one
// transaction), on the PostgreSQL server. Prints the time and rows/s of each step, the longest the
// event loop was held (the server must keep answering during an import), and the 20 s target.
//
// Environment: BENCH_DATABASE_URL or DATABASE_URL names the server (default
// postgres://postgres@127.0.0.1:5432/postgres; the benchmark works in a database of its own),
// IMPORT_ROWS (100000), BENCH_KEEP_DB=1 (keep the database).

const DATABASE = 'barometer_bench_import';
const TARGET_SECONDS = 20;

function withDatabase(serverUrl: string, name: string): string {
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return url.toString();
}

async function adminQuery(serverUrl: string, statement: string) {
  const admin = postgres(withDatabase(serverUrl, 'postgres'), { max: 1, onnotice: () => {} });
  try {
    await admin.unsafe(statement);
  } finally {
    await admin.end();
  }
}

const regionCodes = ['RU-MOW', 'RU-SPE', 'RU-SVE', 'RU-TA', 'RU-NVS'];
const okvedCodes = ['46.90', '25.62', '62.01', '41.20', '10.11.1', '49.41', '01.11', '35.11'];

/** Client rows with valid INNs (region prefix + sequence + check digits) and varied sizes. */
function clientRows(count: number, managerEmails: string[], unitCodes: string[]): string[][] {
  const rows: string[][] = [];
  for (let i = 0; i < count; i++) {
    const unit = i % unitCodes.length;
    const revenue = ((i * 7919) % 3_000) * 1_000_000 + 12_345.67;
    rows.push([
      withInnCheckDigits(`77${String(1_000_000 + i).padStart(7, '0')}`),
      `ООО «Бенчмарк ${i}»`,
      okvedCodes[i % okvedCodes.length],
      regionCodes[unit],
      unitCodes[unit],
      `${2000 + (i % 24)}-${String((i % 12) + 1).padStart(2, '0')}-${String((i % 28) + 1).padStart(2, '0')}`,
      revenue.toFixed(2),
      String((i * 31) % 1500),
      i % 10 === 0 ? '' : managerEmails[i % managerEmails.length],
      i % 50 === 0 ? `Холдинг ${i % 400}` : '',
      i % 97 === 0 ? 'growth_industry' : '',
    ]);
  }
  return rows;
}

async function timed<T>(work: () => Promise<T>): Promise<{ result: T; seconds: number }> {
  const started = performance.now();
  const result = await work();
  return { result, seconds: (performance.now() - started) / 1000 };
}

export async function run() {
  const serverUrl =
    process.env.BENCH_DATABASE_URL ??
    process.env.DATABASE_URL ??
    'postgres://postgres@127.0.0.1:5432/postgres';
  const count = Number(process.env.IMPORT_ROWS ?? 100_000);
  await adminQuery(serverUrl, `DROP DATABASE IF EXISTS "${DATABASE}" WITH (FORCE)`);
  await adminQuery(serverUrl, `CREATE DATABASE "${DATABASE}"`);
  const connection = connectPostgres(withDatabase(serverUrl, DATABASE), { max: 4 });
  installConnection(connection);
  try {
    await connection.migrate();
    const db = connection.db;
    await db.insert(regions).values(regionCodes.map((code) => ({ code, nameEn: code, nameRu: code })));
    const unitRows = await db
      .insert(units)
      .values(
        regionCodes.map((code, i) => ({
          code: `U${i}`,
          nameEn: `Unit ${i}`,
          nameRu: `Филиал ${i}`,
          regionCode: code,
        })),
      )
      .returning();
    const managerRows = await db
      .insert(managers)
      .values(
        Array.from({ length: 40 }, (_, i) => ({
          fullName: `Менеджер ${i}`,
          email: `manager${i}@bank.test`,
          unitId: unitRows[i % unitRows.length].id,
        })),
      )
      .returning();
    await db.insert(products).values({ code: 'lending', nameEn: 'Lending', nameRu: 'Кредитование' });
    const [user] = await db
      .insert(users)
      .values({ email: 'bench@barometer.test', fullName: 'Bench', role: 'marketing', passwordHash: 'x' })
      .returning();
    const viewer: StaffUser = { ...user, locale: 'en', managerId: null };

    const rows = clientRows(
      count,
      managerRows.map((m) => m.email),
      unitRows.map((u) => u.code),
    );
    const headers = importFields.clients.map((f) => columnHeader('clients', f.key, 'en'));
    const generated = await timed(async () => {
      const csv = new TextEncoder().encode(toCsv({ sheetName: 'Clients', headers, rows }));
      const xlsx = new Uint8Array(
        await writeXlsxFile(
          [headers, ...rows].map((row) => row.map((value) => ({ value, type: String }))),
        ).toBuffer(),
      );
      return { csv, xlsx };
    });
    const { csv, xlsx } = generated.result;
    console.log(
      `generated ${count} client rows: CSV ${(csv.length / 1e6).toFixed(1)} MB, XLSX ${(xlsx.length / 1e6).toFixed(1)} MB in ${generated.seconds.toFixed(1)} s`,
    );

    const eventLoop = monitorEventLoopDelay({ resolution: 10 });
    const importOnce = async (label: string, file: { name: string; bytes: Uint8Array }) => {
      eventLoop.reset();
      eventLoop.enable();
      const upload = await timed(() => uploadImportFile({ viewer, kind: 'clients', file }));
      const write = await timed(async () => {
        const { done } = await startImport({
          viewer,
          jobId: upload.result.jobId,
          mode: 'all_or_nothing',
          ipAddress: 'bench',
        });
        await done;
      });
      eventLoop.disable();
      const job = await getImportJob({ viewer, jobId: upload.result.jobId });
      if (job.status !== 'done')
        throw new Error(
          `${label}: ${job.status} ${job.failure ?? ''} ${JSON.stringify(job.errors.slice(0, 3))}`,
        );
      const total = upload.seconds + write.seconds;
      console.log(
        `${label.padEnd(28)} upload+check ${upload.seconds.toFixed(2)} s, import ${write.seconds.toFixed(2)} s, ` +
          `total ${total.toFixed(2)} s = ${Math.round(count / total).toLocaleString('en')} rows/s ` +
          `(added ${job.insertedRows}, changed ${job.updatedRows}, unchanged ${job.unchangedRows}); ` +
          `event loop held at most ${(eventLoop.max / 1e6).toFixed(0)} ms ` +
          `${total <= TARGET_SECONDS ? '✓' : '✗'} target ≤ ${TARGET_SECONDS} s`,
      );
    };

    await importOnce('CSV, new clients', { name: 'clients.csv', bytes: csv });
    await importOnce('XLSX, same data (no-op)', { name: 'clients.xlsx', bytes: xlsx });
    // Every revenue changes: the update path with its size re-derivation.
    const changed = rows.map((row) => {
      const copy = [...row];
      copy[6] = (Number(row[6]) + 1).toFixed(2);
      return copy;
    });
    const changedCsv = new TextEncoder().encode(toCsv({ sheetName: 'Clients', headers, rows: changed }));
    await importOnce('CSV, every revenue changed', { name: 'clients-changed.csv', bytes: changedCsv });
    const [{ n }] = await selectRows<{ n: string }>(db, sql`SELECT count(*) AS n FROM clients`);
    console.log(`clients stored: ${Number(n)}`);
  } finally {
    await connection.close();
    if (process.env.BENCH_KEEP_DB !== '1')
      await adminQuery(serverUrl, `DROP DATABASE IF EXISTS "${DATABASE}" WITH (FORCE)`);
  }
}
