import { eq, inArray, sql } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import type { StaffUser } from '#app/auth/session.server.ts';
import { readTabularFile } from '#app/imports/tabular.server.ts';
import { exportClientBase } from '#app/models/client-export.server.ts';
import {
  getImportJob,
  rejectedRowsFile,
  remapImportJob,
  startImport,
  uploadImportFile,
  waitForImport,
} from '#app/models/client-import.server.ts';
import * as jobRoute from '#app/routes/_staff.clients.import.$jobId.tsx';
import * as uploadRoute from '#app/routes/_staff.clients.import._index.tsx';
import type { Database } from '#db/client.ts';
import { withInnCheckDigits } from '#db/inn.ts';
import {
  auditEvents,
  clientGroups,
  clientProducts,
  clients,
  contacts,
  type ImportKind,
  managerAssignments,
  products,
  units,
} from '#db/schema/index.ts';
import {
  type ClientImportColumn,
  clientImportHeader,
  clientImportRow,
  csvFile,
  xlsxFile,
} from '#tests/factories/imports.ts';
import { createManager, createRegion, createUnit } from '#tests/factories/reference.ts';
import { createStaffViewer, signedInCookie } from '#tests/factories/users.ts';
import { openTestDatabase } from '#tests/setup/test-database.ts';

let db: Database;
let viewer: StaffUser;
let managerViewer: StaffUser;
let regionCode: string;
let unitCode: string;
let managerEmail: string;
let productCode: string;

// INN prefixes unique to this file, so the rows never collide with another test's clients.
let innSequence = 730_000_000;
const inn = () => withInnCheckDigits(String(++innSequence));

const clientRow = (cells: Partial<Record<ClientImportColumn, string>> = {}) =>
  clientImportRow({ regionCode, unitCode, managerEmail }, { inn: inn(), ...cells });

async function importFile(
  kind: ImportKind,
  file: { name: string; bytes: Uint8Array },
  mode: 'all_or_nothing' | 'valid_rows' = 'all_or_nothing',
) {
  const { jobId } = await uploadImportFile({ viewer, kind, file });
  const { done } = await startImport({ viewer, jobId, mode, ipAddress: 'test' });
  await done;
  return getImportJob({ viewer, jobId });
}

async function clientsByInn(inns: string[]) {
  return db.select().from(clients).where(inArray(clients.inn, inns)).orderBy(clients.inn);
}

beforeAll(async () => {
  ({ db } = await openTestDatabase());
  const region = await createRegion(db);
  regionCode = region.code;
  const unit = await createUnit(db, { regionCode });
  unitCode = unit.code;
  const manager = await createManager(db, { unitId: unit.id });
  managerEmail = manager.email;
  productCode = `lending_${innSequence}`;
  await db.insert(products).values({ code: productCode, nameEn: 'Lending', nameRu: 'Кредитование' });
  viewer = await createStaffViewer(db, 'marketing');
  managerViewer = await createStaffViewer(db, 'manager', { managerId: manager.id });
});

describe('client import', () => {
  it('refuses a file with one bad INN whole in all-or-nothing mode, reporting the row', async () => {
    const good = [clientRow(), clientRow()];
    const bad = clientRow({ inn: '7707083894' });
    const file = csvFile([clientImportHeader, good[0], bad, good[1]]);
    const job = await importFile('clients', file);
    expect(job.status).toBe('refused');
    expect(job.rejectedRows).toBe(1);
    expect(job.errors).toEqual([
      expect.objectContaining({
        line: 3,
        field: 'inn',
        header: 'INN',
        columnLetter: 'A',
        value: '7707083894',
        code: 'inn',
      }),
    ]);
    expect(await clientsByInn([good[0][0], good[1][0]])).toEqual([]);
  });

  it('imports the valid rows in the other mode and hands back the rejected row to fix', async () => {
    const good = [clientRow(), clientRow()];
    const bad = clientRow({ inn: '7707083894' });
    const job = await importFile(
      'clients',
      csvFile([clientImportHeader, good[0], bad, good[1]]),
      'valid_rows',
    );
    expect(job).toMatchObject({ status: 'done', insertedRows: 2, updatedRows: 0, rejectedRows: 1 });
    const stored = await clientsByInn([good[0][0], good[1][0]]);
    expect(stored).toHaveLength(2);
    // Derived on the way in: section from OKVED2, size from the thresholds (1.5 bn RUB, 120 people).
    expect(stored[0]).toMatchObject({
      industrySection: 'G',
      sizeSegment: 'medium',
      revenueRub: '1500000000.00',
    });
    const assignments = await db
      .select()
      .from(managerAssignments)
      .where(eq(managerAssignments.clientId, stored[0].id));
    expect(assignments).toEqual([expect.objectContaining({ reason: 'import', validTo: null })]);

    const response = await rejectedRowsFile({ viewer, jobId: job.id, locale: 'en' });
    const rejected = await readTabularFile({
      name: 'rejected.csv',
      bytes: new Uint8Array(await response.arrayBuffer()),
    });
    expect(rejected.headers).toEqual([...clientImportHeader, 'Errors']);
    expect(rejected.rows).toHaveLength(1);
    expect(rejected.rows[0].cells.slice(0, 11)).toEqual(bad);
    expect(rejected.rows[0].cells[11]).toContain('INN “7707083894”: Not a valid INN');

    const audit = await db.select().from(auditEvents).where(eq(auditEvents.entityId, job.id));
    expect(audit).toEqual([
      expect.objectContaining({
        action: 'client_base_imported',
        detail: expect.objectContaining({ inserted: 2, rejected: 1 }),
      }),
    ]);
  });

  it('reports unknown region, manager and product with row and column', async () => {
    const file = csvFile([
      clientImportHeader,
      clientRow(),
      clientRow({ region: 'RU-XXX' }),
      clientRow({ manager: 'nobody@bank.test' }),
      clientRow({ okved2: '00.11', registered: '31.02.2020', revenue: '12,345', headcount: '-3' }),
    ]);
    const { jobId } = await uploadImportFile({ viewer, kind: 'clients', file });
    const job = await getImportJob({ viewer, jobId });
    expect(job.errors.map(({ line, header, code }) => ({ line, header, code }))).toEqual([
      { line: 3, header: 'Region', code: 'unknownRegion' },
      { line: 4, header: 'Manager e-mail', code: 'unknownManager' },
      { line: 5, header: 'OKVED2', code: 'okved2' },
      { line: 5, header: 'Registered on', code: 'date' },
      // A single comma is a decimal comma, and money has at most two decimals.
      { line: 5, header: 'Revenue, RUB', code: 'number' },
      { line: 5, header: 'Headcount', code: 'negative' },
    ]);

    const usage = await importFile(
      'products',
      csvFile([
        ['Client INN', 'Product code', 'Income (12 months), RUB'],
        [inn(), productCode, '100'],
        ['7707083893', 'no_such_product', '100'],
      ]),
    );
    expect(usage.errors.map(({ line, header, code }) => ({ line, header, code }))).toEqual([
      { line: 2, header: 'Client INN', code: 'unknownClient' },
      { line: 3, header: 'Client INN', code: 'unknownClient' },
      { line: 3, header: 'Product code', code: 'unknownProduct' },
    ]);
  });

  it('gives the same database from an XLSX and a CSV of the same data, and a re-import changes nothing', async () => {
    const rows = [
      clientRow({ group: 'Холдинг Север', vip: 'growth_industry; own_group' }),
      clientRow({ manager: '' }),
    ];
    const csvJob = await importFile('clients', csvFile([clientImportHeader, ...rows]));
    expect(csvJob).toMatchObject({ status: 'done', insertedRows: 2 });
    const afterCsv = await clientsByInn(rows.map((row) => row[0]));
    const auditCount = async () =>
      (await db.select({ n: sql<number>`count(*)::int` }).from(auditEvents))[0].n;
    const auditBefore = await auditCount();

    const xlsxJob = await importFile('clients', await xlsxFile([clientImportHeader, ...rows]));
    expect(xlsxJob).toMatchObject({ status: 'done', insertedRows: 0, updatedRows: 0, unchangedRows: 2 });
    const csvAgain = await importFile('clients', csvFile([clientImportHeader, ...rows]));
    expect(csvAgain).toMatchObject({ status: 'done', insertedRows: 0, updatedRows: 0, unchangedRows: 2 });
    expect(await clientsByInn(rows.map((row) => row[0]))).toEqual(afterCsv);
    expect(await auditCount()).toBe(auditBefore);
    expect(afterCsv[0].vipCriteria).toEqual(['own_group', 'growth_industry']);
    const [group] = await db.select().from(clientGroups).where(eq(clientGroups.id, afterCsv[0].groupId!));
    expect(group.name).toBe('Холдинг Север');
  });

  it('upserts contacts by client INN and e-mail and product usage by client INN and product code', async () => {
    const row = clientRow();
    await importFile('clients', csvFile([clientImportHeader, row]));
    const header = ['Client INN', 'Full name', 'E-mail', 'Role', 'Language', 'Consent'];
    const first = await importFile(
      'contacts',
      csvFile([
        header,
        [row[0], 'Иванов Иван', 'ivanov@romashka.test', 'Decision maker', 'ru', 'yes'],
        [row[0], 'Петров Пётр', '', 'ЛПР', 'en', 'нет'],
      ]),
      'valid_rows',
    );
    expect(first.errors.map((error) => error.code)).toEqual(['choice']);
    const second = await importFile(
      'contacts',
      csvFile([
        header,
        [row[0], 'Иванов Иван Иванович', 'IVANOV@romashka.test', 'influencer', 'ru', 'yes'],
        [row[0], 'Петров Пётр', '', 'user', 'en', 'нет'],
      ]),
    );
    expect(second).toMatchObject({ status: 'done', insertedRows: 1, updatedRows: 1 });
    const [client] = await clientsByInn([row[0]]);
    const stored = await db
      .select()
      .from(contacts)
      .where(eq(contacts.clientId, client.id))
      .orderBy(contacts.fullName);
    expect(stored.map((c) => [c.fullName, c.email, c.role, c.consentGiven])).toEqual([
      ['Иванов Иван Иванович', 'IVANOV@romashka.test', 'influencer', true],
      ['Петров Пётр', null, 'user', false],
    ]);

    const usageHeader = ['Client INN', 'Product code', 'Since', 'Income (12 months), RUB'];
    const usage = await importFile(
      'products',
      csvFile([usageHeader, [row[0], productCode, '01.02.2020', '1 234 567,50']]),
    );
    expect(usage).toMatchObject({ status: 'done', insertedRows: 1 });
    const [stake] = await db.select().from(clientProducts).where(eq(clientProducts.clientId, client.id));
    expect(stake).toMatchObject({ since: '2020-02-01', incomeRub: '1234567.50' });
  });

  it('round-trips: export then import of every part of the client base changes nothing', async () => {
    for (const kind of ['clients', 'contacts', 'groups', 'products'] as const) {
      for (const format of ['csv', 'xlsx'] as const) {
        const response = await exportClientBase({
          viewer,
          kind,
          format,
          locale: format === 'csv' ? 'ru' : 'en',
          ipAddress: 'test',
        });
        const bytes = new Uint8Array(await response.arrayBuffer());
        const job = await importFile(kind, { name: `export.${format}`, bytes });
        expect({ kind, format, status: job.status, errors: job.errors.slice(0, 3) }).toEqual({
          kind,
          format,
          status: 'done',
          errors: [],
        });
        expect({ kind, format, inserted: job.insertedRows, updated: job.updatedRows }).toEqual({
          kind,
          format,
          inserted: 0,
          updated: 0,
        });
        expect({ kind, format, unchanged: job.unchangedRows > 0 }).toEqual({ kind, format, unchanged: true });
      }
    }
  });

  it("exports only a manager's own clients", async () => {
    const response = await exportClientBase({
      viewer: managerViewer,
      kind: 'clients',
      format: 'csv',
      locale: 'en',
      ipAddress: 'test',
    });
    const table = await readTabularFile({
      name: 'x.csv',
      bytes: new Uint8Array(await response.arrayBuffer()),
    });
    const own = await db
      .select({ inn: clients.inn })
      .from(clients)
      .where(eq(clients.managerId, managerViewer.managerId!));
    expect(table.rows.map((row) => row.cells[0]).sort()).toEqual(own.map((c) => c.inn).sort());
    expect(table.rows.length).toBeGreaterThan(0);
  });

  it('moves a client to another manager with the assignment history kept', async () => {
    const row = clientRow();
    await importFile('clients', csvFile([clientImportHeader, row]));
    const [unit] = await db.select().from(units).where(eq(units.code, unitCode));
    const newManager = await createManager(db, { unitId: unit.id });
    const moved = await importFile(
      'clients',
      csvFile([clientImportHeader, [...row.slice(0, 8), newManager.email, '', '']]),
    );
    expect(moved).toMatchObject({ status: 'done', updatedRows: 1 });
    const [client] = await clientsByInn([row[0]]);
    expect(client.managerId).toBe(newManager.id);
    const history = await db
      .select()
      .from(managerAssignments)
      .where(eq(managerAssignments.clientId, client.id))
      .orderBy(managerAssignments.createdAt);
    expect(history.map((a) => [a.managerId, a.validTo === null])).toEqual([
      [history[0].managerId, false],
      [newManager.id, true],
    ]);
  });

  it('runs through the pages: upload, check, import, result', async () => {
    const cookie = await signedInCookie(viewer.id);
    const form = new FormData();
    form.set('kind', 'groups');
    form.set('file', new File(['Group name\r\nГК «Страница»\r\n'], 'groups.csv', { type: 'text/csv' }));
    const uploaded = await uploadRoute
      .action({
        request: new Request('http://localhost/clients/import', {
          method: 'POST',
          headers: { Cookie: cookie },
          body: form,
        }),
        params: {},
        context: {},
      })
      .catch((thrown: unknown) => thrown);
    expect(uploaded).toBeInstanceOf(Response);
    const location = (uploaded as Response).headers.get('Location')!;
    const jobId = location.split('/').pop()!;
    const started = await jobRoute
      .action({
        request: new Request(`http://localhost${location}`, {
          method: 'POST',
          headers: { Cookie: cookie },
          body: new URLSearchParams({ intent: 'start', mode: 'all_or_nothing' }),
        }),
        params: { jobId },
        context: {},
      })
      .catch((thrown: unknown) => thrown);
    expect((started as Response).headers.get('Location')).toBe(location);
    await waitForImport(jobId);
    const page = await jobRoute.loader({
      request: new Request(`http://localhost${location}`, { headers: { Cookie: cookie } }),
      params: { jobId },
      context: {},
    });
    expect(page.job).toMatchObject({ status: 'done', insertedRows: 1 });

    const bad = new FormData();
    bad.set('kind', 'clients');
    bad.set('file', new File([new Uint8Array([0xd0, 0xcf, 0x11, 0xe0, 1, 2])], 'old.xls'));
    const refused = (await uploadRoute.action({
      request: new Request('http://localhost/clients/import', {
        method: 'POST',
        headers: { Cookie: cookie },
        body: bad,
      }),
      params: {},
      context: {},
    })) as unknown as { data: { fileError: { code: string } }; init: { status: number } };
    expect(refused.init.status).toBe(400);
    expect(refused.data.fileError.code).toBe('legacy-xls');
  });

  it('remembers a changed mapping for files with the same columns', async () => {
    const header = ['Tax number', 'Company', 'Code', 'Where', 'Branch', 'Since', 'Money', 'People'];
    const row = clientRow().slice(0, 8);
    const { jobId } = await uploadImportFile({ viewer, kind: 'clients', file: csvFile([header, row]) });
    const guessed = await getImportJob({ viewer, jobId });
    expect(guessed.missingRequired).toContain('inn');
    const mapping = {
      inn: 0,
      name: 1,
      okved2: 2,
      region: 3,
      unit: 4,
      registered_on: 5,
      revenue_rub: 6,
      headcount: 7,
    };
    await remapImportJob({ viewer, jobId, mapping });
    expect(await getImportJob({ viewer, jobId })).toMatchObject({ missingRequired: [], errorCount: 0 });
    const next = await uploadImportFile({
      viewer,
      kind: 'clients',
      file: csvFile([header, clientRow().slice(0, 8)]),
    });
    expect((await getImportJob({ viewer, jobId: next.jobId })).mapping).toEqual(mapping);
  });
});
