import { csvParseRows } from 'd3-dsv';
import { and, eq, inArray } from 'drizzle-orm';
import readXlsxFile from 'read-excel-file/node';
import { beforeAll, describe, expect, it } from 'vitest';
import { rebuildRollups } from '#analytics/aggregations/index.ts';
import type { Database } from '#db/client.ts';
import { auditEvents, clients } from '#db/schema/index.ts';
import type { Role } from '#db/schema/domain.ts';
import { localeCookie } from '#app/i18n/locale.server.ts';
import { completeResponse } from '#app/models/responses.server.ts';
import * as overviewRoute from '#app/routes/_staff.analytics._index.tsx';
import * as accountsRoute from '#app/routes/_staff.analytics.accounts.tsx';
import * as driversRoute from '#app/routes/_staff.analytics.drivers.tsx';
import * as csvRoute from '#app/routes/_staff.analytics.export[.]csv.ts';
import * as xlsxRoute from '#app/routes/_staff.analytics.export[.]xlsx.ts';
import * as heatmapRoute from '#app/routes/_staff.analytics.heatmap.tsx';
import * as verbatimsRoute from '#app/routes/_staff.analytics.verbatims.tsx';
import type { DataTable } from '#app/utils/data-table.ts';
import { createManager, createRegion, createUnit } from '#tests/factories/reference.ts';
import {
  createRespondentFixture,
  createSurveyVersion,
  createWave,
  industrialAnswers,
} from '#tests/factories/responses.ts';
import { createStaffUser, signedInCookie } from '#tests/factories/users.ts';
import { openTestDatabase } from '#tests/setup/test-database.ts';

type Loader = (args: {
  request: Request;
  params: Record<string, string>;
  context: object;
}) => Promise<unknown>;

let db: Database;
const cookies = new Map<Role, string>();
let ownManagerId: string;
let otherManagerId: string;
let quotedClientName: string;
let englishCookie: string;

const hostileComment = '=SUM(A1:A2), "quoted"\nand a second line';

/** Completes one response of the industrial survey for a new client of the given manager. */
async function answer(options: {
  wave: { id: string; surveyVersionId: string };
  managerId: string;
  unitId: string;
  regionCode: string;
  ltr: number;
  vip?: boolean;
  comments?: string;
}) {
  const fixture = await createRespondentFixture(db, {
    wave: options.wave,
    managerId: options.managerId,
    unitId: options.unitId,
    regionCode: options.regionCode,
    vip: options.vip,
    language: 'en',
  });
  const satisfaction = options.ltr >= 9 ? 5 : options.ltr >= 7 ? 4 : 2;
  await completeResponse({
    token: fixture.token,
    answers: industrialAnswers({
      ltr: options.ltr,
      overall: satisfaction,
      sat_quality: satisfaction,
      sat_delivery: Math.max(1, satisfaction - 1),
      sat_price: 3,
      comments: options.comments ?? `Comment with score ${options.ltr}.`,
    }),
  });
  return fixture;
}

async function call(loader: Loader, role: Role, path: string) {
  const request = new Request(`http://localhost${path}`, {
    headers: { Cookie: `${cookies.get(role)}; ${englishCookie}` },
  });
  return loader({ request, params: {}, context: {} });
}

async function status(loader: Loader, role: Role, path: string): Promise<number> {
  try {
    const result = await call(loader, role, path);
    return result instanceof Response ? result.status : 200;
  } catch (thrown) {
    if (thrown instanceof Response) return thrown.status;
    throw thrown;
  }
}

async function csvRows(role: Role, query: string) {
  const response = (await call(
    csvRoute.loader as Loader,
    role,
    `/analytics/export.csv?${query}`,
  )) as Response;
  expect(response.headers.get('Content-Type')).toBe('text/csv; charset=utf-8');
  const bytes = new Uint8Array(await response.arrayBuffer());
  expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
  // TextDecoder drops the byte-order mark, as Excel and other readers do.
  return csvParseRows(new TextDecoder().decode(bytes).replace(/\r\n$/, ''));
}

/** A loader table as the CSV should read it: text as is, numbers with their digits, suppressed as the label. */
function expectedRows(table: DataTable): string[][] {
  return [
    table.columns.map((column) => column.label),
    ...table.rows.map((row) =>
      row.cells.map((cell) => {
        if (cell.kind === 'suppressed') return table.suppressedLabel;
        if (cell.kind === 'number') return cell.value === null ? '' : cell.value.toFixed(cell.digits);
        return /^[=+\-@\t\r]/.test(cell.text) ? `'${cell.text}` : cell.text;
      }),
    ),
  ];
}

beforeAll(async () => {
  ({ db } = await openTestDatabase());
  englishCookie = (await localeCookie.serialize('en')).split(';')[0];
  const region = await createRegion(db);
  const unit = await createUnit(db);
  ownManagerId = (await createManager(db, { unitId: unit.id })).id;
  otherManagerId = (await createManager(db, { unitId: unit.id })).id;
  const surveyVersion = await createSurveyVersion(db);
  const previous = await createWave(db, {
    surveyVersionId: surveyVersion.id,
    name: 'Spring',
    launchedAt: new Date('2025-04-01T07:00:00Z'),
  });
  const current = await createWave(db, {
    surveyVersionId: surveyVersion.id,
    name: 'Autumn',
    launchedAt: new Date('2025-10-01T07:00:00Z'),
  });
  const place = { unitId: unit.id, regionCode: region.code };

  // The own manager: eight ordinary clients and two VIPs (too few to show) in the current wave.
  const ownScores = [10, 10, 9, 9, 9, 8, 7, 6];
  for (const [index, ltr] of ownScores.entries()) {
    const fixture = await answer({
      ...place,
      wave: current,
      managerId: ownManagerId,
      ltr,
      comments: index === 0 ? hostileComment : undefined,
    });
    if (index === 1) {
      quotedClientName = 'ООО "Ромашка, и партнёры"';
      await db.update(clients).set({ name: quotedClientName }).where(eq(clients.id, fixture.client.id));
    }
  }
  for (const ltr of [3, 10])
    await answer({ ...place, wave: current, managerId: ownManagerId, ltr, vip: true });
  for (const ltr of [6, 7, 8, 9, 5, 6])
    await answer({ ...place, wave: previous, managerId: ownManagerId, ltr });
  // Another manager's portfolio, much less happy.
  for (const ltr of [2, 3, 4, 5, 6, 9, 1, 0])
    await answer({ ...place, wave: current, managerId: otherManagerId, ltr });

  // The rollups the dashboards read are rebuilt from the facts, as the demo seed does.
  await rebuildRollups(db);

  for (const role of ['admin', 'marketing', 'management', 'manager'] as const) {
    const user = await createStaffUser(db, role, role === 'manager' ? { managerId: ownManagerId } : {});
    cookies.set(role, await signedInCookie(user.id));
  }
});

type Overview = Awaited<ReturnType<typeof overviewRoute.loader>>;

describe('analytics for a manager', () => {
  it("shows a manager their own portfolio's figures, the same as management filtered to that manager", async () => {
    const own = (await call(overviewRoute.loader as Loader, 'manager', '/analytics')) as Overview;
    const filtered = (await call(
      overviewRoute.loader as Loader,
      'management',
      `/analytics?manager=${ownManagerId}`,
    )) as Overview;
    const everyone = (await call(overviewRoute.loader as Loader, 'management', '/analytics')) as Overview;

    const nps = (overview: Overview) => overview.tiles.find((tile) => tile.metric === 'nps')!.cell;
    expect(nps(own).n).toBe(10);
    expect(nps(own)).toEqual(nps(filtered));
    expect(own.tables).toEqual(filtered.tables);
    expect(nps(everyone).n).toBe(18);
    expect(nps(everyone).value).not.toBe(nps(own).value);
  });

  it("ignores a manager's attempt to ask for another manager's portfolio in the URL", async () => {
    const asked = (await call(
      overviewRoute.loader as Loader,
      'manager',
      `/analytics?manager=${otherManagerId}`,
    )) as Overview;
    const own = (await call(overviewRoute.loader as Loader, 'manager', '/analytics')) as Overview;
    expect(asked.tiles).toEqual(own.tiles);
    expect(asked.filterBar.managers.map((manager) => manager.id)).toEqual([ownManagerId]);
  });

  it('answers 404 to a manager on the company-wide driver analysis, page and export alike', async () => {
    expect(await status(driversRoute.loader as Loader, 'manager', '/analytics/drivers')).toBe(404);
    expect(await status(csvRoute.loader as Loader, 'manager', '/analytics/export.csv?view=drivers')).toBe(
      404,
    );
    expect(await status(driversRoute.loader as Loader, 'management', '/analytics/drivers')).toBe(200);
    expect(await status(csvRoute.loader as Loader, 'marketing', '/analytics/export.csv?view=drivers')).toBe(
      200,
    );
  });

  it('lists only their own clients among the accounts', async () => {
    const accounts = (await call(
      accountsRoute.loader as Loader,
      'manager',
      '/analytics/accounts',
    )) as Awaited<ReturnType<typeof accountsRoute.loader>>;
    const listed = accounts.tables.accounts.rows.map((row) => row.key);
    const owners = await db
      .select({ managerId: clients.managerId })
      .from(clients)
      .where(inArray(clients.id, listed));
    expect(listed).toHaveLength(10);
    expect(owners.every((owner) => owner.managerId === ownManagerId)).toBe(true);
  });
});

describe('analytics exports', () => {
  it('exports a segment below the suppression threshold as "n < 5" with no value', async () => {
    const query = 'view=segments&metric=nps&by=vip';
    const page = (await call(overviewRoute.loader as Loader, 'manager', `/analytics?${query}`)) as Overview;
    const vipRow = page.tables.segments.rows.find((row) => row.key === 'true')!;
    expect(vipRow.cells.slice(1, 5)).toEqual(Array(4).fill({ kind: 'suppressed' }));

    const rows = await csvRows('manager', query);
    const vip = rows.find((row) => row[0] === 'VIP clients')!;
    expect(vip.slice(1, 5)).toEqual(['n < 5', 'n < 5', 'n < 5', 'n < 5']);
    expect(vip.slice(1).some((field) => /^-?\d/.test(field))).toBe(false);
    const others = rows.find((row) => row[0] === 'Other clients')!;
    expect(Number(others[1])).toBe(8);
  });

  it('applies suppression to the Excel file too', async () => {
    const response = (await call(
      xlsxRoute.loader as Loader,
      'manager',
      '/analytics/export.xlsx?view=heatmap&metric=nps&by=vip',
    )) as Response;
    expect(response.headers.get('Content-Disposition')).toMatch(
      /attachment; filename="barometer-heatmap-.*\.xlsx"/,
    );
    const [sheet] = await readXlsxFile(Buffer.from(await response.arrayBuffer()));
    const vipRows = sheet.data.filter((row) => row[0] === 'VIP clients');
    expect(vipRows.length).toBeGreaterThan(0);
    for (const row of vipRows) {
      expect(row.slice(2, 6)).toEqual(['n < 5', 'n < 5', 'n < 5', 'n < 5']);
    }
  });

  it('writes CSV that parses back to the figures the page shows', async () => {
    const query = 'metric=nps&by=size';
    const page = (await call(
      heatmapRoute.loader as Loader,
      'management',
      `/analytics/heatmap?${query}`,
    )) as Awaited<ReturnType<typeof heatmapRoute.loader>>;
    expect(await csvRows('management', `view=heatmap&${query}`)).toEqual(expectedRows(page.tables.heatmap));
  });

  it('quotes client names and comments with commas, quotes, line breaks and formula signs', async () => {
    const accounts = (await call(
      accountsRoute.loader as Loader,
      'management',
      '/analytics/accounts',
    )) as Awaited<ReturnType<typeof accountsRoute.loader>>;
    const accountRows = await csvRows('management', 'view=accounts');
    expect(accountRows).toEqual(expectedRows(accounts.tables.accounts));
    expect(accountRows.some((row) => row[0] === quotedClientName)).toBe(true);

    const verbatims = (await call(
      verbatimsRoute.loader as Loader,
      'management',
      '/analytics/verbatims?q=second%20line',
    )) as Awaited<ReturnType<typeof verbatimsRoute.loader>>;
    expect(verbatims.rows.map((row) => row.text)).toEqual([hostileComment]);
    const commentRows = await csvRows('management', 'view=verbatims&q=second%20line');
    expect(commentRows[1][4]).toBe(`'${hostileComment}`);
  });

  it('records every export in the audit log', async () => {
    await csvRows('marketing', 'view=trend&metric=csat');
    const events = await db
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.action, 'export'), eq(auditEvents.entityId, 'trend')));
    expect(events).toHaveLength(1);
    expect(events[0].detail).toMatchObject({ format: 'csv', query: '?view=trend&metric=csat' });
  });

  it('answers 404 for an unknown table', async () => {
    expect(await status(csvRoute.loader as Loader, 'marketing', '/analytics/export.csv?view=secrets')).toBe(
      404,
    );
  });
});
