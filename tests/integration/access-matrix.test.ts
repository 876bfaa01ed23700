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
import * as followUpList from '#app/routes/_staff.follow-ups.tsx';
import * as outbox from '#app/routes/_staff.outbox.tsx';
import * as overview from '#app/routes/_staff.overview.tsx';
import * as users from '#app/routes/_staff.settings.users.tsx';
import * as surveyDefinition from '#app/routes/_staff.surveys.$surveyId.definition.tsx';
import * as surveyPage from '#app/routes/_staff.surveys.$surveyId.tsx';
import * as surveyList from '#app/routes/_staff.surveys._index.tsx';
import * as wavePage from '#app/routes/_staff.waves.$waveId.tsx';
import * as waveList from '#app/routes/_staff.waves._index.tsx';
import * as newWave from '#app/routes/_staff.waves.new.tsx';
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
}

const everyone = ['admin', 'marketing', 'management', 'manager'] as const;
const campaignReaders = ['admin', 'marketing', 'management'] as const;
const campaignWriters = ['admin', 'marketing'] as const;

// Actions are probed with an empty form: allowed roles get a validation answer, nothing is written.
const probes: Probe[] = [
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
  {
    route: '_staff.outbox',
    kind: 'loader',
    handler: outbox.loader as Handler,
    path: () => '/outbox',
    allowed: ['admin', 'marketing'],
  },
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
    fixture = { ownClientId: own.id, otherClientId: other.id, surveyId: version.surveyId, waveId: wave.id };
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
      it(`${probe.route} ${probe.kind} (${probe.path({ ownClientId: 'own', otherClientId: 'other', surveyId: 'survey', waveId: 'wave' })}) is ${expected} for ${viewer}`, async () => {
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
