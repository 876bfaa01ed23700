import { sql } from 'drizzle-orm';
import {
  check,
  customType,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uuid,
} from 'drizzle-orm/pg-core';
import { users } from './auth.ts';
import { id, sqlList, timestamps } from './columns.ts';

import { importFormats, importKinds, importModes, importStatuses } from './import-vocabulary.ts';

export * from './import-vocabulary.ts';

const bytea = customType<{ data: Uint8Array; driverData: Uint8Array }>({
  dataType: () => 'bytea',
});

/**
 * One uploaded file and what became of it. The file itself is kept so the mapping can be changed,
 * the import can run after the page is left, and the rejected rows can be downloaded later; the
 * row's progress columns are what the import page polls.
 */
export const importJobs = pgTable(
  'import_jobs',
  {
    id: id(),
    kind: text('kind', { enum: importKinds }).notNull(),
    fileName: text('file_name').notNull(),
    format: text('format', { enum: importFormats }).notNull(),
    file: bytea('file').notNull(),
    // The normalised header row: the key of the remembered column mapping.
    layoutKey: text('layout_key').notNull(),
    // The header row and the first rows, kept beside the file so the page shows them without
    // re-reading it; the checks always re-read the whole file.
    headers: jsonb('headers').$type<string[]>().notNull(),
    preview: jsonb('preview').$type<{ line: number; cells: string[] }[]>().notNull(),
    // Field → index of the file's column.
    mapping: jsonb('mapping').$type<Record<string, number>>().notNull(),
    status: text('status', { enum: importStatuses }).notNull().default('uploaded'),
    mode: text('mode', { enum: importModes }),
    totalRows: integer('total_rows').notNull(),
    processedRows: integer('processed_rows').notNull().default(0),
    // Rows written new, written changed, found identical, and rejected.
    insertedRows: integer('inserted_rows').notNull().default(0),
    updatedRows: integer('updated_rows').notNull().default(0),
    unchangedRows: integer('unchanged_rows').notNull().default(0),
    rejectedRows: integer('rejected_rows').notNull().default(0),
    // Every row error of the last check: { line, column, field, value, code, params? }.
    errors: jsonb('errors').$type<unknown[]>().notNull().default(sql`'[]'::jsonb`),
    failure: text('failure'),
    createdBy: uuid('created_by').references(() => users.id, { onDelete: 'set null' }),
    startedAt: timestamp('started_at', { withTimezone: true }),
    finishedAt: timestamp('finished_at', { withTimezone: true }),
    ...timestamps(),
  },
  (t) => [
    check('import_jobs_kind_known', sql`${t.kind} IN (${sqlList(importKinds)})`),
    check('import_jobs_format_known', sql`${t.format} IN (${sqlList(importFormats)})`),
    check('import_jobs_status_known', sql`${t.status} IN (${sqlList(importStatuses)})`),
    check('import_jobs_mode_known', sql`${t.mode} IS NULL OR ${t.mode} IN (${sqlList(importModes)})`),
    check(
      'import_jobs_progress_bounded',
      sql`${t.processedRows} >= 0 AND ${t.processedRows} <= ${t.totalRows}`,
    ),
    index('import_jobs_created_idx').on(t.createdAt),
  ],
);

/** The column mapping last used for a file layout (kind + header row), offered again next time. */
export const importLayouts = pgTable(
  'import_layouts',
  {
    kind: text('kind', { enum: importKinds }).notNull(),
    layoutKey: text('layout_key').notNull(),
    mapping: jsonb('mapping').$type<Record<string, number>>().notNull(),
    updatedBy: uuid('updated_by').references(() => users.id, { onDelete: 'set null' }),
    ...timestamps(),
  },
  (t) => [primaryKey({ columns: [t.kind, t.layoutKey] })],
);
