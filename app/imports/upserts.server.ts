import { type SQL, sql } from 'drizzle-orm';
import type { Executor } from '#db/client.ts';
import { selectRows } from '#db/raw-query.ts';
import type { ColumnMapping } from './fields.ts';
import type { ClientRecord, ContactRecord, GroupRecord, ProductUsageRecord } from './row-checks.server.ts';

/**
 * Set-based writes of checked rows: one statement per batch of rows, the batch passed as one JSON
 * parameter and unpacked with jsonb_to_recordset, which reads the same on PostgreSQL and PGlite.
 * A record that equals what is stored is not written at all (the DO UPDATE … WHERE … IS DISTINCT
 * FROM guard), so re-importing a file moves no updated_at. Optional columns that the file does not
 * have are left out of the statement: they keep their stored value, and new rows get the default.
 */
export interface WriteCounts {
  inserted: number;
  updated: number;
  unchanged: number;
}

const json = (rows: unknown[]) => sql`${JSON.stringify(rows)}::jsonb`;
const list = (parts: (SQL | SQL.Aliased | ReturnType<typeof sql.identifier>)[]) => sql.join(parts, sql`, `);
const ident = (name: string) => sql.identifier(name);

interface Column {
  /** Column of the target table. */
  name: string;
  /** Its SQL type in the recordset. */
  type: string;
}

const recordset = (columns: Column[]) => sql.raw(columns.map((c) => `"${c.name}" ${c.type}`).join(', '));

/** "(t.a, t.b) IS DISTINCT FROM (s.a, s.b)" over the written columns. */
function differs(target: string, source: string, columns: Column[]): SQL {
  const side = (alias: string) => list(columns.map((c) => sql`${ident(alias)}.${ident(c.name)}`));
  return sql`(${side(target)}) IS DISTINCT FROM (${side(source)})`;
}

function setFrom(source: string, columns: Column[]): SQL {
  return list(columns.map((c) => sql`${ident(c.name)} = ${ident(source)}.${ident(c.name)}`));
}

export const importBatchSize = 5000;

// ---------------------------------------------------------------------------------------------
// Client groups

/** Adds the groups that do not exist yet; returns how many were new. */
export async function upsertGroups(tx: Executor, names: string[]): Promise<number> {
  if (names.length === 0) return 0;
  const rows = await selectRows<{ id: string }>(
    tx,
    sql`INSERT INTO client_groups (name)
        SELECT DISTINCT name FROM jsonb_array_elements_text(${json(names)}) AS input(name)
        ON CONFLICT (name) DO NOTHING
        RETURNING id`,
  );
  return rows.length;
}

export async function writeGroups(tx: Executor, records: GroupRecord[]): Promise<WriteCounts> {
  const inserted = await upsertGroups(
    tx,
    records.map((record) => record.name),
  );
  return { inserted, updated: 0, unchanged: records.length - inserted };
}

// ---------------------------------------------------------------------------------------------
// Clients

const clientRequired: Column[] = [
  { name: 'name', type: 'text' },
  { name: 'okved2', type: 'text' },
  { name: 'industry_section', type: 'char(1)' },
  { name: 'region_code', type: 'text' },
  { name: 'unit_id', type: 'uuid' },
  { name: 'registered_on', type: 'date' },
  { name: 'revenue_rub', type: 'numeric(18,2)' },
  { name: 'headcount', type: 'integer' },
  { name: 'size_segment', type: 'text' },
];

export interface ClientWriteResult extends WriteCounts {
  /** Clients whose manager or unit changed (a new assignment was opened). */
  reassigned: number;
}

/**
 * Upserts clients by INN and keeps the manager-assignment history: a new client gets its first
 * assignment, a client whose manager or unit changed has its open assignment closed today and a
 * new one opened, as the client form and the CRM API do.
 */
export async function writeClients(
  tx: Executor,
  records: ClientRecord[],
  { mapping, actorUserId, today }: { mapping: ColumnMapping; actorUserId: string | null; today: string },
): Promise<ClientWriteResult> {
  const optional: Column[] = [];
  if (mapping.manager !== undefined) optional.push({ name: 'manager_id', type: 'uuid' });
  if (mapping.group !== undefined) optional.push({ name: 'group_id', type: 'uuid' });
  if (mapping.vip_criteria !== undefined) optional.push({ name: 'vip_criteria', type: 'text[]' });
  const written = [...clientRequired, ...optional];

  if (mapping.group !== undefined) {
    const names = [...new Set(records.map((r) => r.groupName).filter((name): name is string => !!name))];
    await upsertGroups(tx, names);
  }

  const totals: ClientWriteResult = { inserted: 0, updated: 0, unchanged: 0, reassigned: 0 };
  for (let start = 0; start < records.length; start += importBatchSize) {
    const batch = records.slice(start, start + importBatchSize).map((r) => ({
      inn: r.inn,
      name: r.name,
      okved2: r.okved2,
      industry_section: r.industrySection,
      region_code: r.regionCode,
      unit_id: r.unitId,
      registered_on: r.registeredOn,
      revenue_rub: r.revenueRub,
      headcount: r.headcount,
      size_segment: r.sizeSegment,
      manager_id: r.managerId ?? null,
      group_name: r.groupName ?? null,
      vip_criteria: r.vipCriteria ?? [],
    }));
    const inputColumns: Column[] = [
      { name: 'inn', type: 'text' },
      ...clientRequired,
      { name: 'manager_id', type: 'uuid' },
      { name: 'group_name', type: 'text' },
      { name: 'vip_criteria', type: 'text[]' },
    ];
    const selected = written.map((c) => (c.name === 'group_id' ? sql`g.id` : sql`i.${ident(c.name)}`));
    // One statement per batch: the upsert, then the assignment history from the rows it touched —
    // a new client's first assignment, or, where the manager or unit changed, the open assignment
    // closed today and a new one opened. `before` is materialised once: inlined, the planner
    // re-scans the input for every returned row.
    const rows = await selectRows<{ inserted: boolean; reassigned: boolean }>(
      tx,
      sql`WITH input AS (
            SELECT * FROM jsonb_to_recordset(${json(batch)}) AS x(${recordset(inputColumns)})
          ),
          before AS MATERIALIZED (
            SELECT c.inn, c.manager_id, c.unit_id FROM clients c JOIN input i ON i.inn = c.inn
          ),
          upserted AS (
            INSERT INTO clients AS c (inn, ${list(written.map((col) => ident(col.name)))})
            SELECT i.inn, ${list(selected)}
            FROM input i LEFT JOIN client_groups g ON g.name = i.group_name
            ON CONFLICT (inn) DO UPDATE SET ${setFrom('excluded', written)}, updated_at = now()
            WHERE ${differs('c', 'excluded', written)}
            RETURNING c.id, c.inn, c.manager_id, c.unit_id, (c.xmax = 0) AS inserted
          ),
          touched AS MATERIALIZED (
            SELECT u.id, u.manager_id, u.unit_id, u.inserted,
                   (NOT u.inserted AND (u.manager_id IS DISTINCT FROM b.manager_id
                                        OR u.unit_id IS DISTINCT FROM b.unit_id)) AS reassigned
            FROM upserted u LEFT JOIN before b ON b.inn = u.inn
          ),
          closed AS (
            UPDATE manager_assignments a SET valid_to = GREATEST(a.valid_from, ${today}::date)
            FROM touched t
            WHERE t.reassigned AND a.client_id = t.id AND a.valid_to IS NULL
          ),
          opened AS (
            INSERT INTO manager_assignments (client_id, manager_id, unit_id, valid_from, reason, assigned_by)
            SELECT t.id, t.manager_id, t.unit_id, ${today}::date, 'import', ${actorUserId}::uuid
            FROM touched t WHERE t.inserted OR t.reassigned
          )
          SELECT inserted, reassigned FROM touched`,
    );
    const inserted = rows.filter((row) => row.inserted).length;
    totals.inserted += inserted;
    totals.updated += rows.length - inserted;
    totals.unchanged += batch.length - rows.length;
    totals.reassigned += rows.filter((row) => row.reassigned).length;
  }
  return totals;
}

// ---------------------------------------------------------------------------------------------
// Contacts

/**
 * Contacts have no unique key in the table (a person may lack an e-mail), so the upsert is an
 * UPDATE of the matched rows and an INSERT of the rest; the import holds an advisory lock, so no
 * second import can insert the same person between the two statements.
 */
export async function writeContacts(
  tx: Executor,
  records: ContactRecord[],
  { mapping }: { mapping: ColumnMapping },
): Promise<WriteCounts> {
  const written: Column[] = [
    { name: 'full_name', type: 'text' },
    { name: 'email', type: 'text' },
    { name: 'role', type: 'text' },
  ];
  const optional: [string, Column][] = [
    ['position', { name: 'position', type: 'text' }],
    ['phone', { name: 'phone', type: 'text' }],
    ['language', { name: 'language', type: 'text' }],
    ['consent_given', { name: 'consent_given', type: 'boolean' }],
    ['left_company', { name: 'left_company', type: 'boolean' }],
    ['survey_cap_days', { name: 'survey_cap_days', type: 'integer' }],
  ];
  for (const [field, column] of optional) if (mapping[field] !== undefined) written.push(column);
  const inputColumns: Column[] = [
    { name: 'line', type: 'integer' },
    { name: 'client_id', type: 'uuid' },
    ...written,
  ];
  // The identity: the e-mail within the client, or the name for a contact without one.
  const matches = (
    stored: string,
    incoming: string,
  ) => sql`${ident(stored)}.client_id = ${ident(incoming)}.client_id
    AND (CASE WHEN ${ident(incoming)}.email IS NOT NULL
              THEN lower(${ident(stored)}.email) = lower(${ident(incoming)}.email)
              ELSE ${ident(stored)}.email IS NULL AND lower(${ident(stored)}.full_name) = lower(${ident(incoming)}.full_name)
         END)`;

  const totals: WriteCounts = { inserted: 0, updated: 0, unchanged: 0 };
  for (let start = 0; start < records.length; start += importBatchSize) {
    const batch = records.slice(start, start + importBatchSize).map((r) => ({
      line: r.line,
      client_id: r.clientId,
      full_name: r.fullName,
      email: r.email,
      role: r.role,
      position: r.position ?? null,
      phone: r.phone ?? null,
      language: r.language ?? 'ru',
      consent_given: r.consentGiven ?? true,
      left_company: r.leftCompany ?? false,
      survey_cap_days: r.surveyCapDays ?? null,
    }));
    const input = sql`jsonb_to_recordset(${json(batch)}) AS i(${recordset(inputColumns)})`;
    const updated = await selectRows<{ id: string }>(
      tx,
      sql`WITH matched AS (
            SELECT DISTINCT ON (i.line) i.*, c.id AS contact_id
            FROM ${input} JOIN contacts c ON ${matches('c', 'i')}
            ORDER BY i.line, c.created_at, c.id
          )
          UPDATE contacts AS c SET ${setFrom('m', written)}, updated_at = now()
          FROM matched m
          WHERE c.id = m.contact_id AND ${differs('c', 'm', written)}
          RETURNING c.id`,
    );
    const inserted = await selectRows<{ id: string }>(
      tx,
      sql`INSERT INTO contacts (client_id, ${list(written.map((c) => ident(c.name)))})
          SELECT i.client_id, ${list(written.map((c) => sql`i.${ident(c.name)}`))}
          FROM ${input}
          WHERE NOT EXISTS (SELECT 1 FROM contacts c WHERE ${matches('c', 'i')})
          RETURNING id`,
    );
    totals.inserted += inserted.length;
    totals.updated += updated.length;
    totals.unchanged += batch.length - inserted.length - updated.length;
  }
  return totals;
}

// ---------------------------------------------------------------------------------------------
// Product usage

export async function writeProductUsage(
  tx: Executor,
  records: ProductUsageRecord[],
  { mapping }: { mapping: ColumnMapping },
): Promise<WriteCounts> {
  const written: Column[] = [];
  const optional: [string, Column][] = [
    ['since', { name: 'since', type: 'date' }],
    ['income_rub', { name: 'income_rub', type: 'numeric(18,2)' }],
    ['volume_rub', { name: 'volume_rub', type: 'numeric(18,2)' }],
    ['total_volume_rub', { name: 'total_volume_rub', type: 'numeric(18,2)' }],
  ];
  for (const [field, column] of optional) if (mapping[field] !== undefined) written.push(column);
  const inputColumns: Column[] = [
    { name: 'client_id', type: 'uuid' },
    { name: 'product_id', type: 'uuid' },
    ...written,
  ];
  const onConflict =
    written.length === 0
      ? sql`DO NOTHING`
      : sql`DO UPDATE SET ${setFrom('excluded', written)}, updated_at = now()
            WHERE ${differs('cp', 'excluded', written)}`;
  const totals: WriteCounts = { inserted: 0, updated: 0, unchanged: 0 };
  for (let start = 0; start < records.length; start += importBatchSize) {
    const batch = records.slice(start, start + importBatchSize).map((r) => ({
      client_id: r.clientId,
      product_id: r.productId,
      since: r.since ?? null,
      income_rub: r.incomeRub ?? '0',
      volume_rub: r.volumeRub ?? null,
      total_volume_rub: r.totalVolumeRub ?? null,
    }));
    const columns = [sql`client_id`, sql`product_id`, ...written.map((c) => ident(c.name))];
    const rows = await selectRows<{ inserted: boolean }>(
      tx,
      sql`INSERT INTO client_products AS cp (${list(columns)})
          SELECT ${list(columns.map((c) => sql`i.${c}`))}
          FROM jsonb_to_recordset(${json(batch)}) AS i(${recordset(inputColumns)})
          ON CONFLICT (client_id, product_id) ${onConflict}
          RETURNING (cp.xmax = 0) AS inserted`,
    );
    const inserted = rows.filter((row) => row.inserted).length;
    totals.inserted += inserted;
    totals.updated += rows.length - inserted;
    totals.unchanged += batch.length - rows.length;
  }
  return totals;
}
