import { beforeAll, describe, expect, it } from 'vitest';
import { foldAllPendingRollups } from '#analytics/aggregations/index.ts';
import type { Database } from '#db/client.ts';
import { completeResponse } from '#app/models/responses.server.ts';
import { getClientSatisfactionHistory } from '#app/models/satisfaction-feed.server.ts';
import * as clientPage from '#app/routes/_staff.clients.$clientId.tsx';
import * as matrixRoute from '#app/routes/_staff.loyalty._index.tsx';
import * as atRiskRoute from '#app/routes/_staff.loyalty.at-risk.tsx';
import * as csvRoute from '#app/routes/_staff.loyalty.export[.]csv.ts';
import * as feedJsonRoute from '#app/routes/_staff.loyalty.feed[.]json.ts';
import * as movementRoute from '#app/routes/_staff.loyalty.movement.tsx';
import { createManager, createRegion, createUnit } from '#tests/factories/reference.ts';
import {
  createRespondentFixture,
  createSurveyVersion,
  createWave,
  industrialAnswers,
} from '#tests/factories/responses.ts';
import { createStaffUser, signedInCookie } from '#tests/factories/users.ts';
import { openTestDatabase } from '#tests/setup/test-database.ts';

let db: Database;
const cookies = { manager: '', management: '' };
let managerUser: Awaited<ReturnType<typeof createStaffUser>>;
let ownManagerId: string;
const ownClients: string[] = [];
const otherClients: string[] = [];

type Loader = (args: {
  request: Request;
  params: Record<string, string>;
  context: object;
}) => Promise<unknown>;

async function load<T>(loader: Loader, viewer: keyof typeof cookies, path: string, params = {}): Promise<T> {
  const request = new Request(`http://localhost${path}`, { headers: { Cookie: cookies[viewer] } });
  return (await loader({ request, params, context: {} })) as T;
}

async function loadJson(path: string, viewer: keyof typeof cookies = 'management') {
  const response = await load<Response>(feedJsonRoute.loader as Loader, viewer, path);
  return {
    status: response.status,
    body: (await response.json()) as {
      items: Array<{ clientId: string }>;
      nextCursor: string | null;
      error?: string;
    },
  };
}

beforeAll(async () => {
  ({ db } = await openTestDatabase());
  const region = await createRegion(db);
  const unit = await createUnit(db);
  ownManagerId = (await createManager(db, { unitId: unit.id })).id;
  const otherManagerId = (await createManager(db, { unitId: unit.id })).id;
  const version = await createSurveyVersion(db);
  const wave = await createWave(db, { surveyVersionId: version.id });
  const scores = [10, 3, 8];
  for (const [index, managerId] of [
    ownManagerId,
    ownManagerId,
    otherManagerId,
    otherManagerId,
    ownManagerId,
  ].entries()) {
    const fixture = await createRespondentFixture(db, {
      wave,
      managerId,
      unitId: unit.id,
      regionCode: region.code,
    });
    await completeResponse({ token: fixture.token, answers: industrialAnswers({ ltr: scores[index % 3] }) });
    (managerId === ownManagerId ? ownClients : otherClients).push(fixture.client.id);
  }
  await foldAllPendingRollups(db);
  managerUser = await createStaffUser(db, 'manager', { managerId: ownManagerId });
  cookies.manager = await signedInCookie(managerUser.id);
  cookies.management = await signedInCookie((await createStaffUser(db, 'management')).id);
});

describe('loyalty screens', () => {
  it('shows a manager only their own clients in the matrix, with a dot per client', async () => {
    const own = await load<Awaited<ReturnType<typeof matrixRoute.loader>>>(
      matrixRoute.loader as Loader,
      'manager',
      '/loyalty',
    );
    expect(own.matrix.points.map((point) => point.clientId).sort()).toEqual([...ownClients].sort());
    const all = await load<Awaited<ReturnType<typeof matrixRoute.loader>>>(
      matrixRoute.loader as Loader,
      'management',
      '/loyalty?satisfaction=nps',
    );
    expect(all.matrix.points).toHaveLength(ownClients.length + otherClients.length);
    expect(all.matrix.crosshair.satisfaction).toBe(0);
  });

  it('lists only at-risk accounts in scope, with open follow-ups', async () => {
    const own = await load<Awaited<ReturnType<typeof atRiskRoute.loader>>>(
      atRiskRoute.loader as Loader,
      'manager',
      '/loyalty/at-risk',
    );
    // Clients 2 and 5 answered 3: detractors, each of whom also got a follow-up.
    expect(own.accounts.map((account) => account.clientId).sort()).toEqual(
      [ownClients[1], ownClients[2]].sort(),
    );
    for (const account of own.accounts) {
      expect(account).toMatchObject({ reasons: ['detractor'], openFollowUps: 1 });
    }
    const all = await load<Awaited<ReturnType<typeof atRiskRoute.loader>>>(
      atRiskRoute.loader as Loader,
      'management',
      '/loyalty/at-risk',
    );
    expect(all.accounts).toHaveLength(2);
    const filtered = await load<Awaited<ReturnType<typeof atRiskRoute.loader>>>(
      atRiskRoute.loader as Loader,
      'management',
      `/loyalty/at-risk?manager=${ownManagerId}`,
    );
    expect(filtered.accounts).toHaveLength(2);
  });

  it("answers 404 for another manager's client, and shows the own client's history on its page", async () => {
    const attempt = await getClientSatisfactionHistory({
      clientId: otherClients[0],
      viewer: { ...managerUser, locale: 'en', managerId: ownManagerId },
    }).catch((thrown) => thrown);
    expect((attempt as Response).status).toBe(404);
    const page = await load<Awaited<ReturnType<typeof clientPage.loader>>>(
      clientPage.loader as Loader,
      'manager',
      `/clients/${ownClients[0]}`,
      { clientId: ownClients[0] },
    );
    expect(page.satisfaction?.map((entry) => entry.loyaltyState)).toEqual(['champion']);
  });

  it('pages the JSON feed with a cursor, each client once, and refuses a forged cursor', async () => {
    const seen: string[] = [];
    let path = '/loyalty/feed.json?limit=2';
    for (let pages = 0; pages < 10; pages++) {
      const { status, body } = await loadJson(path);
      expect(status).toBe(200);
      expect(body.items.length).toBeLessThanOrEqual(2);
      seen.push(...body.items.map((item) => item.clientId));
      if (!body.nextCursor) break;
      path = `/loyalty/feed.json?limit=2&cursor=${body.nextCursor}`;
    }
    expect(seen).toHaveLength(5);
    expect(new Set(seen)).toEqual(new Set([...ownClients, ...otherClients]));
    const forged = await loadJson('/loyalty/feed.json?cursor=bm90LWEtdXVpZA');
    expect(forged.status).toBe(400);
    const managers = await loadJson('/loyalty/feed.json', 'manager');
    expect(managers.body.items.map((item) => item.clientId).sort()).toEqual([...ownClients].sort());
  });

  it('exports the at-risk list as CSV with the rows on screen', async () => {
    const response = await load<Response>(
      csvRoute.loader as Loader,
      'management',
      '/loyalty/export.csv?view=at-risk',
    );
    expect(response.headers.get('Content-Type')).toContain('text/csv');
    const lines = (await response.text()).trim().split('\r\n');
    expect(lines).toHaveLength(3);
  });

  it('needs two waves for the movement table', async () => {
    const result = await load<Awaited<ReturnType<typeof movementRoute.loader>>>(
      movementRoute.loader as Loader,
      'management',
      '/loyalty/movement',
    );
    expect(result.movement.from).toBeNull();
    expect(result.movement.waves).toHaveLength(1);
  });
});
