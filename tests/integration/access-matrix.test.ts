import { readdirSync } from 'node:fs';
import type { ActionFunctionArgs, LoaderFunctionArgs } from '@remix-run/node';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Role } from '#db/schema/domain.ts';
import * as staffLayout from '#app/routes/_staff.tsx';
import * as analyticsOverview from '#app/routes/_staff.analytics._index.tsx';
import * as analyticsAccounts from '#app/routes/_staff.analytics.accounts.tsx';
import * as analyticsDrivers from '#app/routes/_staff.analytics.drivers.tsx';
import * as analyticsCsv from '#app/routes/_staff.analytics.export[.]csv.ts';
import * as analyticsXlsx from '#app/routes/_staff.analytics.export[.]xlsx.ts';
import * as analyticsHeatmap from '#app/routes/_staff.analytics.heatmap.tsx';
import * as analyticsLayout from '#app/routes/_staff.analytics.tsx';
import * as analyticsTrends from '#app/routes/_staff.analytics.trends.tsx';
import * as analyticsVerbatims from '#app/routes/_staff.analytics.verbatims.tsx';
import * as clientPage from '#app/routes/_staff.clients.$clientId.tsx';
import * as clientList from '#app/routes/_staff.clients._index.tsx';
import * as newClient from '#app/routes/_staff.clients.new.tsx';
import * as clientExport from '#app/routes/_staff.clients.export.ts';
import * as importJobPage from '#app/routes/_staff.clients.import.$jobId.tsx';
import * as importRejected from '#app/routes/_staff.clients.import.$jobId_.rejected.ts';
import * as importUpload from '#app/routes/_staff.clients.import._index.tsx';
import { importJobs } from '#db/schema/imports.ts';
import * as followUpList from '#app/routes/_staff.follow-ups.tsx';
import * as managerCard from '#app/routes/_staff.managers.$managerId.tsx';
import * as managerList from '#app/routes/_staff.managers._index.tsx';
import * as outbox from '#app/routes/_staff.outbox.tsx';
import * as performanceOverview from '#app/routes/_staff.performance._index.tsx';
import * as performanceActuals from '#app/routes/_staff.performance.actuals.tsx';
import * as performanceCard from '#app/routes/_staff.performance.managers.$managerId.tsx';
import * as performanceExport from '#app/routes/_staff.performance.managers.$managerId_.export[.]xlsx.ts';
import * as performanceSetup from '#app/routes/_staff.performance.setup.tsx';
import * as performanceTargets from '#app/routes/_staff.performance.targets.tsx';
import { reviewPeriods } from '#db/schema/performance.ts';
import * as overview from '#app/routes/_staff.overview.tsx';
import * as users from '#app/routes/_staff.settings.users.tsx';
import * as apiTokensPage from '#app/routes/_staff.settings.api-tokens.tsx';
import * as auditCsv from '#app/routes/_staff.settings.audit[.]csv.ts';
import * as auditPage from '#app/routes/_staff.settings.audit.tsx';
import * as webhookLog from '#app/routes/_staff.settings.webhooks.$subscriptionId.tsx';
import * as webhookList from '#app/routes/_staff.settings.webhooks._index.tsx';
import { webhookSubscriptions } from '#db/schema/index.ts';
import * as surveyDefinition from '#app/routes/_staff.surveys.$surveyId.definition.tsx';
import * as surveyPage from '#app/routes/_staff.surveys.$surveyId.tsx';
import * as surveyList from '#app/routes/_staff.surveys._index.tsx';
import * as wavePage from '#app/routes/_staff.waves.$waveId.tsx';
import * as waveList from '#app/routes/_staff.waves._index.tsx';
import * as newWave from '#app/routes/_staff.waves.new.tsx';
import * as groupPage from '#app/routes/_staff.groups.$groupId.tsx';
import * as groupList from '#app/routes/_staff.groups._index.tsx';
import * as segmentCustom from '#app/routes/_staff.segments.custom.tsx';
import * as segmentExport from '#app/routes/_staff.segments.export.$format.ts';
import * as segmentExplorer from '#app/routes/_staff.segments._index.tsx';
import * as settingsPage from '#app/routes/_staff.settings._index.tsx';
import * as settingsLayout from '#app/routes/_staff.settings.tsx';
import { eq } from 'drizzle-orm';
import { clientGroups, clients } from '#db/schema/index.ts';
import * as loyaltyLayout from '#app/routes/_staff.loyalty.tsx';
import * as loyaltyMatrix from '#app/routes/_staff.loyalty._index.tsx';
import * as loyaltyAtRisk from '#app/routes/_staff.loyalty.at-risk.tsx';
import * as loyaltyMovement from '#app/routes/_staff.loyalty.movement.tsx';
import * as loyaltyFeed from '#app/routes/_staff.loyalty.feed.tsx';
import * as loyaltyFeedJson from '#app/routes/_staff.loyalty.feed[.]json.ts';
import * as loyaltyCsv from '#app/routes/_staff.loyalty.export[.]csv.ts';
import * as loyaltyXlsx from '#app/routes/_staff.loyalty.export[.]xlsx.ts';
import { createClient } from '#tests/factories/clients.ts';
import { createManager, createRegion, createUnit } from '#tests/factories/reference.ts';
import { createSurveyVersion, createWave } from '#tests/factories/surveys.ts';
import { createStaffUser, signedInCookie } from '#tests/factories/users.ts';
import { openTestDatabase } from '#tests/setup/test-database.ts';

type Viewer = 'anonymous' | Role;
type Outcome = 'allowed' | 'sign-in' | 'not-found';
type Handler = (args: LoaderFunctionArgs & ActionFunctionArgs) => Promise<unknown>;

interface Probe {
  route: string;
  kind: 'loader' | 'action';
  handler: Handler;
  path: (fixture: Fixture) => string;
  params?: (fixture: Fixture) => Record<string, string>;
  allowed: readonly Role[];
}

interface Fixture {
  ownClientId: string;
  otherClientId: string;
  surveyId: string;
  waveId: string;
  webhookId: string;
  /** A group with the manager's client, and one with only another manager's. */
  ownGroupId: string;
  otherGroupId: string;
  ownManagerId: string;
  otherManagerId: string;
}

const everyone = ['admin', 'marketing', 'management', 'manager'] as const;
// A client-base import job with one rejected row, inserted in beforeAll (issue 5).
const importJobId = '4f1b2c3d-0000-4000-8000-000000000005';
const campaignReaders = ['admin', 'marketing', 'management'] as const;
const campaignWriters = ['admin', 'marketing'] as const;

// Actions are probed with an empty form: allowed roles get a validation answer, nothing is written.
const probes: Probe[] = [
  // Client-base import (clients:write) and export (clients:read; a manager's file holds own clients).
  ...(
    [
      ['_staff.clients.import._index', importUpload, 'loader', '/clients/import', campaignWriters],
      ['_staff.clients.import._index', importUpload, 'action', '/clients/import', campaignWriters],
      [
        '_staff.clients.import.$jobId',
        importJobPage,
        'loader',
        `/clients/import/${importJobId}`,
        campaignWriters,
      ],
      [
        '_staff.clients.import.$jobId',
        importJobPage,
        'action',
        `/clients/import/${importJobId}`,
        campaignWriters,
      ],
      [
        '_staff.clients.import.$jobId_.rejected',
        importRejected,
        'loader',
        `/clients/import/${importJobId}/rejected`,
        campaignWriters,
      ],
      ['_staff.clients.export', clientExport, 'loader', '/clients/export?kind=clients&format=csv', everyone],
    ] as Array<[string, Record<string, unknown>, 'loader' | 'action', string, readonly Role[]]>
  ).map(
    ([route, module, kind, path, allowed]): Probe => ({
      route,
      kind,
      handler: module[kind] as Handler,
      path: () => path,
      params: () => ({ jobId: importJobId }),
      allowed,
    }),
  ),
  // Segments (company-wide, no managers), client groups (a manager only those with their clients)
  // and the settings area (management reads, admins change).
  ...(
    [
      ['_staff.segments._index', segmentExplorer, 'loader', () => '/segments?by=section', campaignReaders],
      ['_staff.segments.custom', segmentCustom, 'loader', () => '/segments/custom', campaignReaders],
      ['_staff.segments.custom', segmentCustom, 'action', () => '/segments/custom', campaignReaders],
      [
        '_staff.segments.export.$format',
        segmentExport,
        'loader',
        () => '/segments/export/csv?view=targets&by=size',
        campaignReaders,
      ],
      ['_staff.groups._index', groupList, 'loader', () => '/groups', everyone],
      ['_staff.groups.$groupId', groupPage, 'loader', (f) => `/groups/${f.ownGroupId}`, everyone],
      [
        '_staff.groups.$groupId',
        groupPage,
        'loader',
        (f) => `/groups/${f.otherGroupId}`,
        ['admin', 'marketing', 'management'],
      ],
      ['_staff.settings', settingsLayout, 'loader', () => '/settings', ['admin', 'management']],
      ['_staff.settings._index', settingsPage, 'loader', () => '/settings', ['admin', 'management']],
      ['_staff.settings._index', settingsPage, 'action', () => '/settings', ['admin']],
    ] as Array<
      [string, Record<string, unknown>, 'loader' | 'action', (f: Fixture) => string, readonly Role[]]
    >
  ).map(
    ([route, module, kind, path, allowed]): Probe => ({
      route,
      kind,
      handler: module[kind] as Handler,
      path,
      params: (f) => ({
        groupId: path(f).split('/')[2] ?? '',
        format: 'csv',
      }),
      allowed,
    }),
  ),
  // Loyalty (satisfaction feed): every analytics reader; a manager's rows are scoped in the model.
  ...(
    [
      ['_staff.loyalty', loyaltyLayout, '/loyalty'],
      ['_staff.loyalty._index', loyaltyMatrix, '/loyalty'],
      ['_staff.loyalty.at-risk', loyaltyAtRisk, '/loyalty/at-risk'],
      ['_staff.loyalty.movement', loyaltyMovement, '/loyalty/movement'],
      ['_staff.loyalty.feed', loyaltyFeed, '/loyalty/feed'],
      ['_staff.loyalty.feed[.]json', loyaltyFeedJson, '/loyalty/feed.json'],
      ['_staff.loyalty.export[.]csv', loyaltyCsv, '/loyalty/export.csv?view=at-risk'],
      ['_staff.loyalty.export[.]xlsx', loyaltyXlsx, '/loyalty/export.xlsx?view=feed'],
    ] as const
  ).map(
    ([route, module, path]): Probe => ({
      route,
      kind: 'loader',
      handler: module.loader as Handler,
      path: () => path,
      allowed: everyone,
    }),
  ),
  ...(
    [
      ['_staff.analytics', analyticsLayout, '/analytics', everyone],
      ['_staff.analytics._index', analyticsOverview, '/analytics', everyone],
      ['_staff.analytics.heatmap', analyticsHeatmap, '/analytics/heatmap', everyone],
      [
        '_staff.analytics.drivers',
        analyticsDrivers,
        '/analytics/drivers',
        ['admin', 'marketing', 'management'],
      ],
      ['_staff.analytics.trends', analyticsTrends, '/analytics/trends', everyone],
      ['_staff.analytics.accounts', analyticsAccounts, '/analytics/accounts', everyone],
      ['_staff.analytics.verbatims', analyticsVerbatims, '/analytics/verbatims', everyone],
      ['_staff.analytics.export[.]csv', analyticsCsv, '/analytics/export.csv?view=heatmap', everyone],
      [
        '_staff.analytics.export[.]csv',
        analyticsCsv,
        '/analytics/export.csv?view=drivers',
        ['admin', 'marketing', 'management'],
      ],
      ['_staff.analytics.export[.]xlsx', analyticsXlsx, '/analytics/export.xlsx?view=accounts', everyone],
    ] as const
  ).map(
    ([route, module, path, allowed]): Probe => ({
      route,
      kind: 'loader',
      handler: module.loader as Handler,
      path: () => path,
      allowed,
    }),
  ),
  {
    route: '_staff',
    kind: 'loader',
    handler: staffLayout.loader as Handler,
    path: () => '/overview',
    allowed: everyone,
  },
  {
    route: '_staff.overview',
    kind: 'loader',
    handler: overview.loader as Handler,
    path: () => '/overview',
    allowed: everyone,
  },
  {
    route: '_staff.clients._index',
    kind: 'loader',
    handler: clientList.loader as Handler,
    path: () => '/clients',
    allowed: everyone,
  },
  {
    route: '_staff.clients.$clientId',
    kind: 'loader',
    handler: clientPage.loader as Handler,
    path: (f) => `/clients/${f.ownClientId}`,
    params: (f) => ({ clientId: f.ownClientId }),
    allowed: everyone,
  },
  {
    route: '_staff.clients.$clientId',
    kind: 'loader',
    handler: clientPage.loader as Handler,
    path: (f) => `/clients/${f.otherClientId}`,
    params: (f) => ({ clientId: f.otherClientId }),
    allowed: ['admin', 'marketing', 'management'],
  },
  {
    route: '_staff.clients.new',
    kind: 'loader',
    handler: newClient.loader as Handler,
    path: () => '/clients/new',
    allowed: ['admin', 'marketing'],
  },
  {
    route: '_staff.clients.new',
    kind: 'action',
    handler: newClient.action as Handler,
    path: () => '/clients/new',
    allowed: ['admin', 'marketing'],
  },
  {
    route: '_staff.follow-ups',
    kind: 'loader',
    handler: followUpList.loader as Handler,
    path: () => '/follow-ups',
    allowed: everyone,
  },
  {
    route: '_staff.follow-ups',
    kind: 'action',
    handler: followUpList.action as Handler,
    path: () => '/follow-ups',
    allowed: ['admin', 'management', 'manager'],
  },
  // Manager cards: management all, a manager only their own (another's is a 404); reassigning is management's.
  {
    route: '_staff.managers._index',
    kind: 'loader',
    handler: managerList.loader as Handler,
    path: () => '/managers',
    allowed: ['admin', 'management', 'manager'],
  },
  {
    route: '_staff.managers.$managerId',
    kind: 'loader',
    handler: managerCard.loader as Handler,
    path: (f) => `/managers/${f.ownManagerId}`,
    params: (f) => ({ managerId: f.ownManagerId }),
    allowed: ['admin', 'management', 'manager'],
  },
  {
    route: '_staff.managers.$managerId',
    kind: 'loader',
    handler: managerCard.loader as Handler,
    path: (f) => `/managers/${f.otherManagerId}`,
    params: (f) => ({ managerId: f.otherManagerId }),
    allowed: ['admin', 'management'],
  },
  {
    route: '_staff.managers.$managerId',
    kind: 'action',
    handler: managerCard.action as Handler,
    path: (f) => `/managers/${f.ownManagerId}`,
    params: (f) => ({ managerId: f.ownManagerId }),
    allowed: ['admin', 'management'],
  },
  // Manager performance (issue 6): a manager reads only their own card; management runs reviews.
  // The card's action is probed on the manager's own card: an empty form is refused before scope.
  ...(
    [
      [
        '_staff.performance._index',
        performanceOverview,
        'loader',
        () => '/performance',
        ['admin', 'management', 'manager'],
      ],
      [
        '_staff.performance.managers.$managerId',
        performanceCard,
        'loader',
        (f) => `/performance/managers/${f.ownManagerId}`,
        ['admin', 'management', 'manager'],
      ],
      [
        '_staff.performance.managers.$managerId',
        performanceCard,
        'loader',
        (f) => `/performance/managers/${f.otherManagerId}`,
        ['admin', 'management'],
      ],
      [
        '_staff.performance.managers.$managerId',
        performanceCard,
        'action',
        (f) => `/performance/managers/${f.ownManagerId}`,
        ['admin', 'management', 'manager'],
      ],
      [
        '_staff.performance.managers.$managerId_.export[.]xlsx',
        performanceExport,
        'loader',
        (f) => `/performance/managers/${f.ownManagerId}/export.xlsx`,
        ['admin', 'management', 'manager'],
      ],
      [
        '_staff.performance.managers.$managerId_.export[.]xlsx',
        performanceExport,
        'loader',
        (f) => `/performance/managers/${f.otherManagerId}/export.xlsx`,
        ['admin', 'management'],
      ],
      [
        '_staff.performance.setup',
        performanceSetup,
        'loader',
        () => '/performance/setup',
        ['admin', 'management'],
      ],
      [
        '_staff.performance.setup',
        performanceSetup,
        'action',
        () => '/performance/setup',
        ['admin', 'management'],
      ],
      [
        '_staff.performance.targets',
        performanceTargets,
        'loader',
        () => '/performance/targets',
        ['admin', 'management'],
      ],
      [
        '_staff.performance.targets',
        performanceTargets,
        'action',
        () => '/performance/targets',
        ['admin', 'management'],
      ],
      [
        '_staff.performance.actuals',
        performanceActuals,
        'loader',
        () => '/performance/actuals',
        ['admin', 'management'],
      ],
      [
        '_staff.performance.actuals',
        performanceActuals,
        'action',
        () => '/performance/actuals',
        ['admin', 'management'],
      ],
    ] as Array<
      [string, Record<string, unknown>, 'loader' | 'action', (f: Fixture) => string, readonly Role[]]
    >
  ).map(
    ([route, module, kind, path, allowed]): Probe => ({
      route,
      kind,
      handler: module[kind] as Handler,
      path,
      params: (f) => ({ managerId: path(f).split('/')[3] ?? '' }),
      allowed,
    }),
  ),
  {
    route: '_staff.outbox',
    kind: 'loader',
    handler: outbox.loader as Handler,
    path: () => '/outbox',
    allowed: ['admin', 'marketing'],
  },
  // Integration settings and the audit log: administrators only.
  ...(
    [
      ['_staff.settings.api-tokens', apiTokensPage, 'loader', () => '/settings/api-tokens'],
      ['_staff.settings.api-tokens', apiTokensPage, 'action', () => '/settings/api-tokens'],
      ['_staff.settings.webhooks._index', webhookList, 'loader', () => '/settings/webhooks'],
      ['_staff.settings.webhooks._index', webhookList, 'action', () => '/settings/webhooks'],
      [
        '_staff.settings.webhooks.$subscriptionId',
        webhookLog,
        'loader',
        (f) => `/settings/webhooks/${f.webhookId}`,
      ],
      [
        '_staff.settings.webhooks.$subscriptionId',
        webhookLog,
        'action',
        (f) => `/settings/webhooks/${f.webhookId}`,
      ],
      ['_staff.settings.audit', auditPage, 'loader', () => '/settings/audit'],
      ['_staff.settings.audit[.]csv', auditCsv, 'loader', () => '/settings/audit.csv'],
    ] as Array<[string, Record<string, unknown>, 'loader' | 'action', (f: Fixture) => string]>
  ).map(
    ([route, module, kind, path]): Probe => ({
      route,
      kind,
      handler: module[kind] as Handler,
      path,
      params: (f) => ({ subscriptionId: f.webhookId }),
      allowed: ['admin'],
    }),
  ),
  {
    route: '_staff.settings.users',
    kind: 'loader',
    handler: users.loader as Handler,
    path: () => '/settings/users',
    allowed: ['admin'],
  },
  {
    route: '_staff.settings.users',
    kind: 'action',
    handler: users.action as Handler,
    path: () => '/settings/users',
    allowed: ['admin'],
  },
  // Survey library and waves: managers have no access at all. An empty import or wave form is
  // refused with a validation answer, so the allowed roles' probes write nothing.
  ...(
    [
      ['_staff.surveys._index', surveyList, 'loader', () => '/surveys', campaignReaders],
      ['_staff.surveys._index', surveyList, 'action', () => '/surveys', campaignWriters],
      ['_staff.surveys.$surveyId', surveyPage, 'loader', (f) => `/surveys/${f.surveyId}`, campaignReaders],
      ['_staff.surveys.$surveyId', surveyPage, 'action', (f) => `/surveys/${f.surveyId}`, campaignWriters],
      [
        '_staff.surveys.$surveyId.definition',
        surveyDefinition,
        'loader',
        (f) => `/surveys/${f.surveyId}/definition`,
        campaignReaders,
      ],
      ['_staff.waves._index', waveList, 'loader', () => '/waves', campaignReaders],
      ['_staff.waves.new', newWave, 'loader', () => '/waves/new', campaignWriters],
      ['_staff.waves.new', newWave, 'action', () => '/waves/new', campaignWriters],
      ['_staff.waves.$waveId', wavePage, 'loader', (f) => `/waves/${f.waveId}`, campaignReaders],
      ['_staff.waves.$waveId', wavePage, 'action', (f) => `/waves/${f.waveId}`, campaignWriters],
    ] as Array<
      [string, Record<string, unknown>, 'loader' | 'action', (f: Fixture) => string, readonly Role[]]
    >
  ).map(
    ([route, module, kind, path, allowed]): Probe => ({
      route,
      kind,
      handler: module[kind] as Handler,
      path,
      params: (f) => ({ surveyId: f.surveyId, waveId: f.waveId }),
      allowed,
    }),
  ),
];

async function outcomeOf(probe: Probe, fixture: Fixture, cookie: string | null): Promise<Outcome> {
  const headers = new Headers(cookie ? { Cookie: cookie } : {});
  const url = `http://localhost${probe.path(fixture)}`;
  const request =
    probe.kind === 'loader'
      ? new Request(url, { headers })
      : new Request(url, { method: 'POST', headers, body: new URLSearchParams() });
  try {
    await probe.handler({ request, params: probe.params?.(fixture) ?? {}, context: {} });
    return 'allowed';
  } catch (thrown) {
    if (!(thrown instanceof Response)) throw thrown;
    if (thrown.status === 404) return 'not-found';
    if (thrown.status === 302 && thrown.headers.get('Location')?.startsWith('/login?redirectTo='))
      return 'sign-in';
    throw new Error(`${probe.route} ${probe.kind} answered ${thrown.status}`);
  }
}

describe('access to staff routes', () => {
  const cookies = new Map<Viewer, string | null>();
  let fixture: Fixture;
  let managerId: string;

  beforeAll(async () => {
    const { db } = await openTestDatabase();
    const region = await createRegion(db);
    const unit = await createUnit(db);
    const manager = await createManager(db, { unitId: unit.id });
    const otherManager = await createManager(db, { unitId: unit.id });
    managerId = manager.id;
    const own = await createClient(db, { regionCode: region.code, unitId: unit.id, managerId: manager.id });
    const other = await createClient(db, {
      regionCode: region.code,
      unitId: unit.id,
      managerId: otherManager.id,
    });
    const version = await createSurveyVersion(db);
    const wave = await createWave(db, { surveyVersionId: version.id });
    const [webhook] = await db
      .insert(webhookSubscriptions)
      .values({ url: 'https://crm.example/hooks', events: ['wave.finished'], secret: 'whsec_matrix' })
      .returning();
    const [ownGroup, otherGroup] = await db
      .insert(clientGroups)
      .values([{ name: 'ГК «Матрица-1»' }, { name: 'ГК «Матрица-2»' }])
      .returning();
    await db.update(clients).set({ groupId: ownGroup.id }).where(eq(clients.id, own.id));
    await createClient(db, {
      regionCode: region.code,
      unitId: unit.id,
      managerId: otherManager.id,
      groupId: otherGroup.id,
    });
    await db.insert(importJobs).values({
      id: importJobId,
      kind: 'groups',
      fileName: 'groups.csv',
      format: 'csv',
      file: new TextEncoder().encode('Group name\n\u0020\n'),
      layoutKey: 'group name',
      headers: ['Group name'],
      preview: [],
      mapping: { name: 0 },
      totalRows: 1,
      rejectedRows: 1,
      errors: [{ line: 2, column: 0, field: 'name', value: '', code: 'required' }],
    });
    // A card needs a review period to open on.
    await db.insert(reviewPeriods).values({ name: '2026-Q3', startsOn: '2026-07-01', endsOn: '2026-09-30' });
    fixture = {
      ownGroupId: ownGroup.id,
      otherGroupId: otherGroup.id,
      ownClientId: own.id,
      otherClientId: other.id,
      surveyId: version.surveyId,
      waveId: wave.id,
      webhookId: webhook.id,
      ownManagerId: manager.id,
      otherManagerId: otherManager.id,
    };
    cookies.set('anonymous', null);
    for (const role of everyone) {
      const user = await createStaffUser(db, role, role === 'manager' ? { managerId: manager.id } : {});
      cookies.set(role, await signedInCookie(user.id));
    }
  });

  it('covers every staff route module', () => {
    const staffRoutes = readdirSync(new URL('../../app/routes/', import.meta.url))
      .filter((file) => file.startsWith('_staff'))
      .map((file) => file.replace(/\.tsx?$/, ''));
    expect(new Set(probes.map((probe) => probe.route))).toEqual(new Set(staffRoutes));
  });

  for (const probe of probes) {
    for (const viewer of ['anonymous', ...everyone] as Viewer[]) {
      const expected: Outcome =
        viewer === 'anonymous' ? 'sign-in' : probe.allowed.includes(viewer) ? 'allowed' : 'not-found';
      it(`${probe.route} ${probe.kind} (${probe.path({ ownClientId: 'own', otherClientId: 'other', surveyId: 'survey', waveId: 'wave', webhookId: 'webhook', ownGroupId: 'own-group', otherGroupId: 'other-group', ownManagerId: 'own-manager', otherManagerId: 'other-manager' })}) is ${expected} for ${viewer}`, async () => {
        expect(await outcomeOf(probe, fixture, cookies.get(viewer) ?? null)).toBe(expected);
      });
    }
  }

  it("lists only the manager's own clients to a manager", async () => {
    const request = new Request('http://localhost/clients', { headers: { Cookie: cookies.get('manager')! } });
    const result = (await clientList.loader({ request, params: {}, context: {} })) as Awaited<
      ReturnType<typeof clientList.loader>
    >;
    expect(result.rows.map((row) => row.id)).toEqual([fixture.ownClientId]);
    expect(result.options.managers.map((manager) => manager.id)).toEqual([managerId]);
  });
});
