import { and, desc, eq, inArray, sql } from 'drizzle-orm';
import { notFound, type StaffUser } from '#app/auth/session.server.ts';
import { getI18n } from '#app/i18n/i18n.ts';
import type { Locale } from '#app/i18n/locales.ts';
import {
  type ColumnMapping,
  cleanMapping,
  columnLetter,
  guessMapping,
  layoutKeyOf,
  missingRequiredFields,
} from '#app/imports/fields.ts';
import {
  type CheckedRows,
  checkRows,
  type ImportReferences,
  type RecordsByKind,
  type RowError,
  referenceKey,
} from '#app/imports/row-checks.server.ts';
import { attachment, contentTypes, sheetFileBody } from '#app/imports/sheet-file.server.ts';
import {
  readTabularFile,
  type TabularData,
  TabularFileError,
  type TabularFileInput,
} from '#app/imports/tabular.server.ts';
import {
  writeClients,
  writeContacts,
  writeGroups,
  writeProductUsage,
  type WriteCounts,
} from '#app/imports/upserts.server.ts';
import { type Executor, getConnection, getDb } from '#db/client.ts';
import { selectRows } from '#db/raw-query.ts';
import {
  type ImportKind,
  type ImportMode,
  importJobs,
  importLayouts,
  managers,
  products,
  regions,
  units,
} from '#db/schema/index.ts';
import { recordAudit } from './audit.server.ts';
import { currentSizeThresholds } from './settings.server.ts';

/** Larger uploads are refused before parsing; 100 000 client rows are about 15 MB of CSV. */
export const maxImportBytes = 40 * 1024 * 1024;
const previewRows = 10;
/** Uploaded files are kept this long for the rejected-rows download, then dropped with their job. */
const keptDays = 30;
/** Errors the page lists; the rejected-rows file carries all of them. */
const listedErrors = 200;

export { TabularFileError };

/** A refusal the upload form shows: the file is missing, too large or unreadable. */
export class ImportFileError extends Error {
  constructor(
    readonly code: string,
    readonly params: Record<string, string | number> = {},
  ) {
    super(code);
  }
}

// ---------------------------------------------------------------------------------------------
// Reference data and checks

async function loadReferences(
  executor: Executor,
  kind: ImportKind,
  table: TabularData,
  mapping: ColumnMapping,
) {
  const [regionRows, unitRows, managerRows, productRows, sizeThresholds] = await Promise.all([
    executor.select().from(regions),
    executor
      .select({ id: units.id, code: units.code, nameEn: units.nameEn, nameRu: units.nameRu })
      .from(units),
    executor.select({ id: managers.id, email: managers.email, fullName: managers.fullName }).from(managers),
    executor
      .select({ id: products.id, code: products.code, nameEn: products.nameEn, nameRu: products.nameRu })
      .from(products),
    currentSizeThresholds(executor),
  ]);
  const byNames = <Row>(rows: Row[], names: (row: Row) => string[], value: (row: Row) => string) => {
    const map = new Map<string, string>();
    // Codes first, so a name that happens to equal another row's code does not shadow it.
    for (const row of rows) map.set(referenceKey(names(row)[0]), value(row));
    for (const row of rows)
      for (const name of names(row).slice(1)) {
        const key = referenceKey(name);
        if (!map.has(key)) map.set(key, value(row));
      }
    return map;
  };
  // A manager by e-mail, or by full name where the name is unique.
  const managerMap = new Map<string, string>();
  const nameCounts = new Map<string, number>();
  for (const row of managerRows) {
    const name = referenceKey(row.fullName);
    nameCounts.set(name, (nameCounts.get(name) ?? 0) + 1);
  }
  for (const row of managerRows) managerMap.set(referenceKey(row.email), row.id);
  for (const row of managerRows) {
    const name = referenceKey(row.fullName);
    if (nameCounts.get(name) === 1 && !managerMap.has(name)) managerMap.set(name, row.id);
  }
  const clientMap = new Map<string, string>();
  const innColumn = mapping.client_inn;
  if ((kind === 'contacts' || kind === 'products') && innColumn !== undefined) {
    const inns = [...new Set(table.rows.map((row) => row.cells[innColumn].replace(/[\s\u00a0]/g, '')))];
    const found = await selectRows<{ inn: string; id: string }>(
      executor,
      sql`SELECT inn, id FROM clients
          WHERE inn IN (SELECT jsonb_array_elements_text(${JSON.stringify(inns)}::jsonb))`,
    );
    for (const row of found) clientMap.set(row.inn, row.id);
  }
  return {
    regions: byNames(
      regionRows,
      (r) => [r.code, r.nameEn, r.nameRu],
      (r) => r.code,
    ),
    units: byNames(
      unitRows,
      (r) => [r.code, r.nameEn, r.nameRu],
      (r) => r.id,
    ),
    managers: managerMap,
    products: byNames(
      productRows,
      (r) => [r.code, r.nameEn, r.nameRu],
      (r) => r.id,
    ),
    clients: clientMap,
    sizeThresholds,
  } satisfies ImportReferences;
}

// The table parsed at upload, kept for the import that usually follows within a minute, so a large
// file is not parsed twice; a job imported by another process, or later, reads its stored file.
const parsedTables = new Map<string, TabularData>();
const parsedTablesKept = 2;

function keepParsedTable(jobId: string, table: TabularData) {
  parsedTables.delete(jobId);
  parsedTables.set(jobId, table);
  for (const key of parsedTables.keys()) {
    if (parsedTables.size <= parsedTablesKept) break;
    parsedTables.delete(key);
  }
}

async function readJobFile(job: { id: string; fileName: string }): Promise<TabularData> {
  const parsed = parsedTables.get(job.id);
  if (parsed) return parsed;
  const [{ file }] = await getDb()
    .select({ file: importJobs.file })
    .from(importJobs)
    .where(eq(importJobs.id, job.id));
  return readTabularFile({ name: job.fileName, bytes: file });
}

async function check(
  executor: Executor,
  kind: ImportKind,
  table: TabularData,
  mapping: ColumnMapping,
  onProgress?: (checked: number) => void,
): Promise<CheckedRows<ImportKind>> {
  const references = await loadReferences(executor, kind, table, mapping);
  return checkRows({ kind, table, mapping, references, onProgress });
}

// ---------------------------------------------------------------------------------------------
// Upload and mapping

async function rememberedMapping(kind: ImportKind, layoutKey: string): Promise<ColumnMapping | null> {
  const [layout] = await getDb()
    .select({ mapping: importLayouts.mapping })
    .from(importLayouts)
    .where(and(eq(importLayouts.kind, kind), eq(importLayouts.layoutKey, layoutKey)));
  return layout?.mapping ?? null;
}

async function rememberLayout(
  executor: Executor,
  kind: ImportKind,
  layoutKey: string,
  mapping: ColumnMapping,
  userId: string,
) {
  await executor
    .insert(importLayouts)
    .values({ kind, layoutKey, mapping, updatedBy: userId })
    .onConflictDoUpdate({
      target: [importLayouts.kind, importLayouts.layoutKey],
      set: { mapping, updatedBy: userId, updatedAt: new Date() },
      where: sql`${importLayouts.mapping} IS DISTINCT FROM excluded.mapping`,
    });
}

/**
 * Keeps an uploaded file as an import job, with the mapping remembered for its layout (or guessed
 * from its headers) and a first check of every row. Nothing is imported yet.
 */
export async function uploadImportFile({
  viewer,
  kind,
  file,
}: {
  viewer: StaffUser;
  kind: ImportKind;
  file: File | TabularFileInput;
}): Promise<{ jobId: string }> {
  const bytes = file instanceof Blob ? new Uint8Array(await file.arrayBuffer()) : file.bytes;
  if (bytes.byteLength > maxImportBytes) {
    throw new ImportFileError('too-large', { limit: maxImportBytes / 1024 / 1024 });
  }
  let table: TabularData;
  try {
    table = await readTabularFile({ name: file.name, bytes });
  } catch (error) {
    if (error instanceof TabularFileError) {
      throw new ImportFileError(error.code, { line: error.line ?? '', limit: error.limit ?? '' });
    }
    throw error;
  }
  const layoutKey = layoutKeyOf(table.headers);
  const remembered = await rememberedMapping(kind, layoutKey);
  const mapping = cleanMapping(kind, remembered ?? guessMapping(kind, table.headers), table.headers.length);
  const checked = await check(getDb(), kind, table, mapping);
  const [job] = await getDb()
    .insert(importJobs)
    .values({
      kind,
      fileName: file.name.slice(0, 255) || `upload.${table.format}`,
      format: table.format,
      file: bytes,
      layoutKey,
      headers: table.headers,
      preview: table.rows.slice(0, previewRows),
      mapping,
      totalRows: table.rows.length,
      rejectedRows: checked.rejectedLines.length,
      errors: checked.errors,
      createdBy: viewer.id,
    })
    .returning({ id: importJobs.id });
  keepParsedTable(job.id, table);
  await getDb()
    .delete(importJobs)
    .where(
      and(
        sql`${importJobs.createdAt} < now() - make_interval(days => ${keptDays})`,
        sql`${importJobs.status} <> 'importing'`,
      ),
    );
  return { jobId: job.id };
}

/** Checks every row again with a changed mapping, and remembers the mapping for this layout. */
export async function remapImportJob({
  viewer,
  jobId,
  mapping: requested,
}: {
  viewer: StaffUser;
  jobId: string;
  mapping: ColumnMapping;
}): Promise<void> {
  const job = await loadJob(jobId);
  if (job.status === 'importing' || job.status === 'done') return;
  const table = await readJobFile(job);
  keepParsedTable(job.id, table);
  const mapping = cleanMapping(job.kind, requested, table.headers.length);
  const checked = await check(getDb(), job.kind, table, mapping);
  await getDb().transaction(async (tx) => {
    await tx
      .update(importJobs)
      .set({
        mapping,
        status: 'uploaded',
        errors: checked.errors,
        rejectedRows: checked.rejectedLines.length,
        failure: null,
      })
      .where(eq(importJobs.id, jobId));
    if (missingRequiredFields(job.kind, mapping).length === 0) {
      await rememberLayout(tx, job.kind, job.layoutKey, mapping, viewer.id);
    }
  });
}

async function loadJob(jobId: string) {
  if (!/^[0-9a-f-]{36}$/i.test(jobId)) throw notFound();
  // Without the stored file and the error list, which only some callers need.
  const [job] = await getDb()
    .select({
      id: importJobs.id,
      kind: importJobs.kind,
      fileName: importJobs.fileName,
      format: importJobs.format,
      layoutKey: importJobs.layoutKey,
      mapping: importJobs.mapping,
      status: importJobs.status,
      mode: importJobs.mode,
    })
    .from(importJobs)
    .where(eq(importJobs.id, jobId));
  if (!job) throw notFound();
  return job;
}

// ---------------------------------------------------------------------------------------------
// Reading a job for its page

/** Rows written so far by imports running in this process (the page polls it). */
const running = new Map<string, { processed: number; done: Promise<void> }>();

export interface ImportJobView {
  id: string;
  kind: ImportKind;
  fileName: string;
  format: 'csv' | 'xlsx';
  status: (typeof importJobs.$inferSelect)['status'];
  mode: ImportMode | null;
  headers: string[];
  preview: { line: number; cells: string[] }[];
  mapping: ColumnMapping;
  missingRequired: string[];
  totalRows: number;
  processedRows: number;
  insertedRows: number;
  updatedRows: number;
  unchangedRows: number;
  rejectedRows: number;
  errorCount: number;
  errors: (RowError & { header: string; columnLetter: string })[];
  failure: string | null;
  createdAt: string;
  finishedAt: string | null;
}

export async function getImportJob({ jobId }: { viewer: StaffUser; jobId: string }): Promise<ImportJobView> {
  if (!/^[0-9a-f-]{36}$/i.test(jobId)) throw notFound();
  // The stored file and the full error list stay in the database; the page gets the first errors.
  const [job] = await selectRows<{
    id: string;
    kind: ImportKind;
    file_name: string;
    format: 'csv' | 'xlsx';
    status: ImportJobView['status'];
    mode: ImportMode | null;
    headers: string[];
    preview: { line: number; cells: string[] }[];
    mapping: ColumnMapping;
    total_rows: number;
    processed_rows: number;
    inserted_rows: number;
    updated_rows: number;
    unchanged_rows: number;
    rejected_rows: number;
    error_count: number;
    errors: RowError[];
    failure: string | null;
    created_at: string | Date;
    finished_at: string | Date | null;
  }>(
    getDb(),
    sql`SELECT id, kind, file_name, format, status, mode, headers, preview, mapping, total_rows,
               processed_rows, inserted_rows, updated_rows, unchanged_rows, rejected_rows,
               jsonb_array_length(errors) AS error_count,
               jsonb_path_query_array(errors, ${`$[0 to ${listedErrors - 1}]`}::jsonpath) AS errors,
               failure, created_at, finished_at
        FROM import_jobs WHERE id = ${jobId}`,
  );
  if (!job) throw notFound();
  const processed = running.get(job.id)?.processed ?? 0;
  const iso = (value: string | Date | null) => (value === null ? null : new Date(value).toISOString());
  return {
    id: job.id,
    kind: job.kind,
    fileName: job.file_name,
    format: job.format,
    status: job.status,
    mode: job.mode,
    headers: job.headers,
    preview: job.preview,
    mapping: job.mapping,
    missingRequired: missingRequiredFields(job.kind, job.mapping),
    totalRows: job.total_rows,
    processedRows: Math.max(job.processed_rows, processed),
    insertedRows: job.inserted_rows,
    updatedRows: job.updated_rows,
    unchangedRows: job.unchanged_rows,
    rejectedRows: job.rejected_rows,
    errorCount: Number(job.error_count),
    errors: job.errors.map((error) => ({
      ...error,
      header: job.headers[error.column] ?? '',
      columnLetter: error.column >= 0 ? columnLetter(error.column) : '',
    })),
    failure: job.failure,
    createdAt: iso(job.created_at)!,
    finishedAt: iso(job.finished_at),
  };
}

export async function listImportJobs(_: { viewer: StaffUser }) {
  return getDb()
    .select({
      id: importJobs.id,
      kind: importJobs.kind,
      fileName: importJobs.fileName,
      status: importJobs.status,
      totalRows: importJobs.totalRows,
      rejectedRows: importJobs.rejectedRows,
      createdAt: importJobs.createdAt,
    })
    .from(importJobs)
    .orderBy(desc(importJobs.createdAt))
    .limit(10);
}

// ---------------------------------------------------------------------------------------------
// Running an import

export class ImportNotReadyError extends Error {}

/**
 * Starts the import of a checked job in the background and returns at once; the job row (and, in
 * this process, an in-memory counter) carries the progress. A job that is importing or done cannot
 * start again; a refused or failed one can, e.g. in the other mode.
 */
export async function startImport({
  viewer,
  jobId,
  mode,
  ipAddress,
}: {
  viewer: StaffUser;
  jobId: string;
  mode: ImportMode;
  ipAddress: string;
}): Promise<{ done: Promise<void> }> {
  const job = await loadJob(jobId);
  if (missingRequiredFields(job.kind, job.mapping).length > 0) throw new ImportNotReadyError('mapping');
  const [claimed] = await getDb()
    .update(importJobs)
    .set({
      status: 'importing',
      mode,
      processedRows: 0,
      startedAt: new Date(),
      finishedAt: null,
      failure: null,
    })
    .where(and(eq(importJobs.id, jobId), inArray(importJobs.status, ['uploaded', 'refused', 'failed'])))
    .returning({ id: importJobs.id });
  if (!claimed) throw new ImportNotReadyError('status');
  await rememberLayout(getDb(), job.kind, job.layoutKey, job.mapping, viewer.id);
  const entry = { processed: 0, done: Promise.resolve() };
  entry.done = runImport({
    jobId,
    viewer,
    ipAddress,
    onProgress: (processed) => (entry.processed = processed),
  })
    .catch(async (error: unknown) => {
      await getDb()
        .update(importJobs)
        .set({
          status: 'failed',
          failure: error instanceof Error ? error.message : String(error),
          finishedAt: new Date(),
        })
        .where(eq(importJobs.id, jobId));
      // The page shows the failure; the server log keeps the details for whoever investigates.
      console.warn(`import ${jobId} failed`, error);
    })
    .finally(() => {
      running.delete(jobId);
      parsedTables.delete(jobId);
    });
  running.set(jobId, entry);
  return { done: entry.done };
}

/** Resolves when an import started in this process has finished (tests and the action's short wait). */
export async function waitForImport(jobId: string): Promise<void> {
  await running.get(jobId)?.done;
}

type Writers = {
  [Kind in ImportKind]: (
    tx: Executor,
    records: RecordsByKind[Kind][],
    options: { mapping: ColumnMapping; actorUserId: string | null; today: string },
  ) => Promise<WriteCounts & { reassigned?: number }>;
};

const writers: Writers = {
  clients: writeClients,
  contacts: writeContacts,
  groups: writeGroups,
  products: writeProductUsage,
};

// One import at a time writes the client base: the contact upsert matches then inserts, and two
// imports of the same people at once would both insert.
const importLockKey = 0x62617269; // "bari"

/**
 * The import itself, in one transaction: lock, check every row against the reference data as it
 * is now, and either refuse (all or nothing with errors: nothing written) or write the valid rows
 * set-based and record one audit event when anything changed.
 */
export async function runImport({
  jobId,
  viewer,
  ipAddress,
  onProgress,
}: {
  jobId: string;
  viewer: StaffUser;
  ipAddress: string;
  onProgress?: (processed: number) => void;
}): Promise<void> {
  const job = await loadJob(jobId);
  const table = await readJobFile(job);
  const mode = job.mode ?? 'all_or_nothing';
  // On the PostgreSQL server the progress also goes to the job row through another connection, so
  // any app server can show it; PGlite has one connection, busy with the transaction.
  const shareProgress = getConnection().driver === 'postgres';
  let lastShared = 0;
  const progress = async (processed: number) => {
    onProgress?.(processed);
    if (shareProgress && processed - lastShared >= 5000) {
      lastShared = processed;
      await getDb().update(importJobs).set({ processedRows: processed }).where(eq(importJobs.id, jobId));
    }
  };

  await getDb().transaction(async (tx) => {
    await tx.execute(sql`SELECT pg_advisory_xact_lock(${importLockKey})`);
    const checked = await check(tx, job.kind, table, job.mapping);
    const finish = {
      errors: checked.errors,
      rejectedRows: checked.rejectedLines.length,
      finishedAt: new Date(),
    };
    if (mode === 'all_or_nothing' && checked.errors.length > 0) {
      await tx
        .update(importJobs)
        .set({
          ...finish,
          status: 'refused',
          processedRows: 0,
          insertedRows: 0,
          updatedRows: 0,
          unchangedRows: 0,
        })
        .where(eq(importJobs.id, jobId));
      return;
    }
    const today = new Date().toISOString().slice(0, 10);
    const write = writers[job.kind] as Writers[ImportKind];
    // Written in slices so the progress moves; each slice is itself batched set-based SQL.
    const slice = 20_000;
    const totals = { inserted: 0, updated: 0, unchanged: 0, reassigned: 0 };
    for (let start = 0; start < checked.records.length; start += slice) {
      const counts = await write(tx, checked.records.slice(start, start + slice) as never[], {
        mapping: job.mapping,
        actorUserId: viewer.id,
        today,
      });
      totals.inserted += counts.inserted;
      totals.updated += counts.updated;
      totals.unchanged += counts.unchanged;
      totals.reassigned += counts.reassigned ?? 0;
      await progress(Math.min(start + slice, checked.records.length));
    }
    await tx
      .update(importJobs)
      .set({
        ...finish,
        status: 'done',
        processedRows: checked.records.length + checked.rejectedLines.length,
        insertedRows: totals.inserted,
        updatedRows: totals.updated,
        unchangedRows: totals.unchanged,
      })
      .where(eq(importJobs.id, jobId));
    // A re-import that changes nothing leaves the audit log alone; the job row records the attempt.
    if (totals.inserted + totals.updated > 0) {
      await recordAudit(tx, {
        actorUserId: viewer.id,
        action: 'client_base_imported',
        entityType: 'import_job',
        entityId: jobId,
        detail: {
          kind: job.kind,
          fileName: job.fileName,
          mode,
          inserted: totals.inserted,
          updated: totals.updated,
          unchanged: totals.unchanged,
          rejected: checked.rejectedLines.length,
          reassigned: totals.reassigned,
        },
        ipAddress,
      });
    }
  });
}

// ---------------------------------------------------------------------------------------------
// Rejected rows

/**
 * The rows that were rejected, in the uploaded file's format with its own columns and values, plus
 * an errors column in the viewer's language: fix them and import this file again.
 */
export async function rejectedRowsFile({
  jobId,
  locale,
}: {
  viewer: StaffUser;
  jobId: string;
  locale: Locale;
}): Promise<Response> {
  const job = await loadJob(jobId);
  const [{ errors }] = await getDb()
    .select({ errors: sql<RowError[]>`${importJobs.errors}` })
    .from(importJobs)
    .where(eq(importJobs.id, jobId));
  if (errors.length === 0) throw notFound();
  const table = await readJobFile(job);
  const t = getI18n(locale).getFixedT(locale, 'imports');
  const byLine = new Map<number, RowError[]>();
  for (const error of errors) byLine.set(error.line, [...(byLine.get(error.line) ?? []), error]);
  const describe = (error: RowError) =>
    t('cellError', {
      column: table.headers[error.column] || columnLetter(error.column),
      value: error.value,
      message: t(`validation.${error.code}`, { firstLine: error.firstLine }),
    });
  const rows = table.rows
    .filter((row) => byLine.has(row.line))
    .map((row) => [...row.cells, byLine.get(row.line)!.map(describe).join('; ')]);
  const body = await sheetFileBody(
    { sheetName: t('errorsColumn'), headers: [...table.headers, t('errorsColumn')], rows },
    job.format,
  );
  const base = job.fileName.replace(/\.(csv|xlsx)$/i, '');
  return new Response(body, {
    headers: {
      'Content-Type': contentTypes[job.format],
      'Content-Disposition': attachment(`${base}-rejected.${job.format}`),
      'Cache-Control': 'private, no-store',
    },
  });
}
