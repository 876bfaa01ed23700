import { eq } from 'drizzle-orm';
import { createRequestHandler, type ServerBuild } from '@remix-run/node';
import { createServer, type ViteDevServer } from 'vite';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { foldAllPendingRollups } from '#analytics/aggregations/rollup-folder.ts';
import type { Database } from '#db/client.ts';
import { clients, sessions, surveys } from '#db/schema/index.ts';
import { maxFailuresPerEmail } from '#app/models/sign-in.server.ts';
import { completeResponse } from '#app/models/responses.server.ts';
import * as clientsNew from '#app/routes/_staff.clients.new.tsx';
import { crossSiteReason } from '#app/security/same-origin.server.ts';
import { maxUnknownTokensPerAddress } from '#app/security/token-guessing.server.ts';
import { getTemplate } from '#surveys/templates/index.ts';
import {
  createRespondentFixture,
  createSurveyVersion,
  createWave,
  industrialAnswers,
} from '#tests/factories/responses.ts';
import { testDefinition } from '#tests/factories/surveys.ts';
import { createStaffUser, signedInCookie, testPassword } from '#tests/factories/users.ts';
import { openTestDatabase } from '#tests/setup/test-database.ts';

// The attacks of issue #7 against the whole application as a browser meets it: the Remix server
// build compiled by Vite, entry.server's headers, the routes and the real database. Each request
// goes through Remix's request handler, so what is asserted is the HTML and headers a browser gets.

const hostileName = '<script>alert(1)</script><img src=x onerror=alert(2)>';
const hostileComment = '<img src=x onerror=alert(3)><script>alert(4)</script>';
const hostileTitle = '</script><script>alert(5)</script><b onmouseover=alert(6)>';
/** What must never reach a page as markup. */
const rawMarkup = ['<script>alert(', '<img src=x', '<b onmouseover'];

let vite: ViteDevServer;
let handle: (request: Request) => Promise<Response>;
let db: Database;
let admin: string;
let marketing: string;
let respondentToken: string;
let hostileSurveyToken: string;
let hostileClientId: string;
let reference: { regionCode: string; unitId: string };

interface Call {
  method?: string;
  cookie?: string;
  body?: BodyInit;
  headers?: Record<string, string>;
  address?: string;
}

/** A request as remix-serve hands it over: Host set, the address in X-Forwarded-For. */
function call(
  path: string,
  { method = 'GET', cookie, body, headers = {}, address = '192.0.2.1' }: Call = {},
) {
  const request = new Request(`http://localhost${path}`, {
    method,
    body,
    redirect: 'manual',
    headers: {
      Host: 'localhost',
      'X-Forwarded-For': address,
      ...(cookie ? { Cookie: cookie } : {}),
      ...headers,
    },
  });
  return handle(request);
}

/**
 * Runs requests that end in a refusal page: the error boundaries log every error but a 404 (a 403
 * or 429 is worth a line in the server log), so here the log is collected and returned instead of
 * failing the test.
 */
async function withRefusalLog<T>(run: () => Promise<T>): Promise<{ result: T; logged: number[] }> {
  const spy = vi.mocked(console.error);
  const previous = spy.getMockImplementation();
  const logged: number[] = [];
  spy.mockImplementation((error: unknown) => {
    logged.push((error as { status?: number })?.status ?? 500);
  });
  try {
    return { result: await run(), logged };
  } finally {
    if (previous) spy.mockImplementation(previous);
  }
}

function expectNoMarkup(html: string, where: string) {
  for (const fragment of rawMarkup) expect(html, `${where} contains ${fragment}`).not.toContain(fragment);
}

beforeAll(async () => {
  ({ db } = await openTestDatabase());
  vite = await createServer({
    configFile: 'vite.config.ts',
    server: { middlewareMode: true, hmr: false },
    appType: 'custom',
    logLevel: 'silent',
  });
  const build = (await vite.ssrLoadModule('virtual:remix/server-build')) as ServerBuild;
  handle = createRequestHandler(build, 'production');

  // A client with a hostile name, a detractor's hostile comment (a follow-up and a verbatim), and an
  // open invitation for the same client.
  const answered = await createRespondentFixture(db, { language: 'en' });
  hostileClientId = answered.client.id;
  reference = { regionCode: answered.regionCode, unitId: answered.unitId };
  await db.update(clients).set({ name: hostileName }).where(eq(clients.id, hostileClientId));
  await completeResponse({
    token: answered.token,
    answers: industrialAnswers({ ltr: 2, comments: hostileComment }),
  });
  for (let index = 0; index < 4; index++) {
    const other = await createRespondentFixture(db, { wave: answered.wave, language: 'en' });
    await completeResponse({
      token: other.token,
      answers: industrialAnswers({ ltr: 3, comments: hostileComment }),
    });
  }
  await foldAllPendingRollups(db);
  const open = await createRespondentFixture(db, { wave: answered.wave, language: 'en' });
  await db.update(clients).set({ name: hostileName }).where(eq(clients.id, open.client.id));
  respondentToken = open.token;

  // A survey whose plain texts (title, a question's title) carry markup.
  const definition = structuredClone(getTemplate('industrial-relationship')!.definition);
  definition.title = { default: hostileTitle, ru: hostileTitle };
  const firstQuestion = definition.pages[0].elements![0] as { title?: unknown };
  firstQuestion.title = { default: hostileTitle, ru: hostileTitle };
  const version = await createSurveyVersion(db, { definition });
  const hostileWave = await createWave(db, { surveyVersionId: version.id });
  hostileSurveyToken = (await createRespondentFixture(db, { wave: hostileWave, language: 'en' })).token;

  admin = await signedInCookie((await createStaffUser(db, 'admin')).id);
  marketing = await signedInCookie((await createStaffUser(db, 'marketing')).id);
}, 180_000);

afterAll(async () => {
  await vite?.close();
});

describe('stored XSS', () => {
  it('a hostile client name is text on the staff pages and the respondent page', async () => {
    for (const path of ['/clients', `/clients/${hostileClientId}`, '/follow-ups', `/s/${respondentToken}`]) {
      const response = await call(path, { cookie: admin });
      expect(response.status, path).toBe(200);
      const html = await response.text();
      expect(html, path).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
      expectNoMarkup(html, path);
    }
  });

  it('a hostile comment is text on the verbatims and follow-ups pages', async () => {
    for (const path of ['/analytics/verbatims?wave=all', '/follow-ups']) {
      const response = await call(path, { cookie: admin });
      expect(response.status, path).toBe(200);
      const html = await response.text();
      expect(html, path).toContain('&lt;img src=x onerror=alert(3)&gt;');
      expectNoMarkup(html, path);
    }
  });

  it("a survey's texts with markup cannot break out of the respondent page's data", async () => {
    const response = await call(`/s/${hostileSurveyToken}`);
    expect(response.status).toBe(200);
    expectNoMarkup(await response.text(), 'the respondent page');
  });

  it('an imported survey with an html question or a script is refused and nothing is stored', async () => {
    const definition = testDefinition({ title: { default: 'Hostile', ru: 'Hostile' } });
    definition.pages[1].elements!.push({
      type: 'html',
      name: 'banner',
      html: '<img src=x onerror=alert(1)>',
    });
    // The library adds its templates on the first visit; that is not the import.
    expect((await call('/surveys', { cookie: marketing })).status).toBe(200);
    const before = await db.$count(surveys);
    const response = await call('/surveys', {
      method: 'POST',
      cookie: marketing,
      headers: { Origin: 'http://localhost' },
      body: new URLSearchParams({ json: JSON.stringify(definition) }),
    });
    expect(response.status).toBe(400);
    expectNoMarkup(await response.text(), 'the refusal');
    expect(await db.$count(surveys)).toBe(before);
  });
});

describe('CSRF on staff forms', () => {
  const newClient = (name: string) =>
    new URLSearchParams({
      name,
      inn: '7707083893',
      okved2: '62.01',
      registeredOn: '2020-01-15',
      revenueRub: '90000000',
      headcount: '12',
      ...reference,
    });
  const clientsNamed = async (name: string) =>
    (await db.select().from(clients).where(eq(clients.name, name))).length;

  it('a form posted from another site (Origin) is refused and changes nothing', async () => {
    // Remix aborts an action whose Origin is not the Host before it runs, and logs why.
    const logged = vi.mocked(console.error).mockImplementationOnce(() => {});
    const response = await call('/clients/new', {
      method: 'POST',
      cookie: marketing,
      headers: { Origin: 'https://evil.example' },
      body: newClient('CSRF by origin'),
    });
    expect(response.status).toBeGreaterThanOrEqual(400);
    expect(String(logged.mock.calls.at(-1)?.[0])).toMatch(/does not match `origin`/);
    expect(await clientsNamed('CSRF by origin')).toBe(0);
  });

  it('a form posted from another site (Referer only) is refused with 403 and changes nothing', async () => {
    const { result: response, logged } = await withRefusalLog(() =>
      call('/clients/new', {
        method: 'POST',
        cookie: marketing,
        headers: { Referer: 'https://evil.example/page' },
        body: newClient('CSRF by referer'),
      }),
    );
    expect(response.status).toBe(403);
    expect(logged).toEqual([403]);
    expect(await clientsNamed('CSRF by referer')).toBe(0);
  });

  it('the action itself refuses a foreign origin, no origin at all, and Origin: null', async () => {
    const foreignHeaders: Array<Record<string, string>> = [
      { Origin: 'https://evil.example' },
      { Origin: 'http://localhost.evil.example' },
      { Origin: 'null' },
      { Referer: 'https://intranet.example/' },
    ];
    for (const headers of foreignHeaders) {
      const request = new Request('http://localhost/clients/new', {
        method: 'POST',
        headers: { Cookie: marketing, ...headers },
        body: newClient('CSRF direct'),
      });
      const thrown = await clientsNew.action({ request, params: {}, context: {} }).catch((error) => error);
      expect((thrown as Response).status, JSON.stringify(headers)).toBe(403);
    }
    const bare = new Request('http://localhost/clients/new', {
      method: 'POST',
      headers: { Cookie: marketing },
      body: newClient('CSRF direct'),
    });
    bare.headers.delete('Origin');
    expect(crossSiteReason(bare)).toMatch(/neither an Origin nor a Referer/);
    const thrown = await clientsNew
      .action({ request: bare, params: {}, context: {} })
      .catch((error) => error);
    expect((thrown as Response).status).toBe(403);
    expect(await clientsNamed('CSRF direct')).toBe(0);
  });

  it('the same form from the app itself works, by Origin or by Referer', async () => {
    const byOrigin = await call('/clients/new', {
      method: 'POST',
      cookie: marketing,
      headers: { Origin: 'http://localhost' },
      body: newClient('Same origin'),
    });
    expect(byOrigin.status).toBe(302);
    const byReferer = await call('/clients/new', {
      method: 'POST',
      cookie: marketing,
      headers: { Referer: 'http://localhost/clients/new' },
      body: new URLSearchParams({ ...Object.fromEntries(newClient('Same origin 2')), inn: '7736207543' }),
    });
    expect(byReferer.status).toBe(302);
    expect(await clientsNamed('Same origin')).toBe(1);
    expect(await clientsNamed('Same origin 2')).toBe(1);
  });

  it('sign-out, sign-in and the language switch refuse another site', async () => {
    const user = await createStaffUser(db, 'management');
    const cookie = await signedInCookie(user.id);
    const foreign = { Referer: 'https://evil.example/' };
    const { result, logged } = await withRefusalLog(async () => ({
      logout: await call('/logout', { method: 'POST', cookie, headers: foreign }),
      login: await call('/login', {
        method: 'POST',
        headers: foreign,
        body: new URLSearchParams({ email: user.email, password: testPassword }),
      }),
      language: await call('/language', {
        method: 'POST',
        headers: foreign,
        body: new URLSearchParams({ locale: 'en', returnTo: '/' }),
      }),
    }));
    expect(result.logout.status).toBe(403);
    expect((await call('/overview', { cookie })).status).toBe(200);
    expect(result.login.status).toBe(403);
    expect(result.login.headers.get('Set-Cookie')).toBeNull();
    expect(result.language.status).toBe(403);
    expect(result.language.headers.get('Set-Cookie')).toBeNull();
    expect(logged.every((status) => status === 403)).toBe(true);
  });
});

describe('guessing invitation tokens', () => {
  it(`answers 429 to an address after ${maxUnknownTokensPerAddress} unknown links, and only to it`, async () => {
    const guesser = '198.51.100.23';
    for (let index = 0; index < maxUnknownTokensPerAddress; index++) {
      const guess = `guess${String(index).padStart(3, '0')}AAAAAAAAAAAAAAAAAAAA`;
      expect((await call(`/s/${guess}`, { address: guesser })).status).toBe(404);
    }
    const { result, logged } = await withRefusalLog(async () => ({
      guess: await call('/s/anotherGuessAAAAAAAAAAAAAAAAAAAA', { address: guesser }),
      // The guesser is refused even for a real link and its opt-out page...
      real: await call(`/s/${respondentToken}`, { address: guesser }),
      optOut: await call(`/s/${respondentToken}/opt-out`, { address: guesser }),
    }));
    expect(result.guess.status).toBe(429);
    expect(result.real.status).toBe(429);
    expect(result.optOut.status).toBe(429);
    expect(logged.every((status) => status === 429)).toBe(true);
    const answers = await call(`/s/${respondentToken}/answers`, {
      method: 'POST',
      address: guesser,
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ answers: {}, currentPage: 0, complete: false }),
    });
    expect(answers.status).toBe(429);
    expect(Number(answers.headers.get('Retry-After'))).toBeGreaterThan(0);
    // ...while a respondent at another address is not.
    expect((await call(`/s/${respondentToken}`, { address: '198.51.100.24' })).status).toBe(200);
  });

  it('an address the client writes into X-Forwarded-For does not escape the limit', async () => {
    // Behind the proxy, the last entry is the one it appended: the guesser's real address.
    const real = '198.51.100.31';
    for (let index = 0; index < maxUnknownTokensPerAddress; index++) {
      const guess = `spoof${String(index).padStart(3, '0')}AAAAAAAAAAAAAAAAAAAA`;
      expect((await call(`/s/${guess}`, { address: `10.0.${index}.1, ${real}` })).status).toBe(404);
    }
    const { result } = await withRefusalLog(() =>
      call('/s/spoofLastAAAAAAAAAAAAAAAAAAAA', { address: `10.9.9.9, ${real}` }),
    );
    expect(result.status).toBe(429);
  });

  it('without a proxy to name addresses, one scanner cannot lock every respondent out', async () => {
    for (let index = 0; index <= maxUnknownTokensPerAddress; index++) {
      const guess = `noproxy${String(index).padStart(3, '0')}AAAAAAAAAAAAAAAAAAAA`;
      expect((await call(`/s/${guess}`, { address: '' })).status).toBe(404);
    }
    expect((await call(`/s/${respondentToken}`, { address: '' })).status).toBe(200);
  });

  it('a respondent paging through their own survey never gets near the limit', async () => {
    const address = '198.51.100.99';
    for (let index = 0; index < maxUnknownTokensPerAddress + 5; index++) {
      const response = await call(`/s/${respondentToken}/answers`, {
        method: 'POST',
        address,
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ answers: { ltr: 9 }, currentPage: 0, complete: false }),
      });
      expect(response.status).toBe(200);
    }
  });
});

describe('sign-in', () => {
  const signIn = (email: string, password: string, cookie?: string) =>
    call('/login', {
      method: 'POST',
      cookie,
      address: '203.0.113.50',
      headers: { Origin: 'http://localhost' },
      body: new URLSearchParams({ email, password, redirectTo: '/overview' }),
    });

  it('throttles guessing a password: after the failures even the right one is refused', async () => {
    const { email } = await createStaffUser(db, 'marketing');
    for (let index = 0; index < maxFailuresPerEmail; index++) {
      expect((await signIn(email, `wrong-${index}`)).status).toBe(400);
    }
    const response = await signIn(email, testPassword);
    expect(response.status).toBe(429);
    expect(response.headers.get('Set-Cookie')).toBeNull();
  });

  it('issues a new session id at sign-in: a planted session cookie is not the one afterwards', async () => {
    const { email, id } = await createStaffUser(db, 'management');
    // An attacker's session (their own account) planted in the victim's browser...
    const planted = await signedInCookie((await createStaffUser(db, 'manager')).id);
    const response = await signIn(email, testPassword, planted);
    expect(response.status).toBe(302);
    const issued = response.headers.get('Set-Cookie')!.split(';')[0];
    expect(issued.startsWith('barometer_session=')).toBe(true);
    expect(issued).not.toBe(planted);
    // ...stays the attacker's: the victim's session is a new row for the victim.
    const rows = await db.select().from(sessions).where(eq(sessions.userId, id));
    expect(rows).toHaveLength(1);
    // And a made-up cookie value never becomes a session.
    const madeUp = 'barometer_session=InBsYW50ZWQi';
    const again = await signIn(email, testPassword, madeUp);
    expect(again.headers.get('Set-Cookie')!.split(';')[0]).not.toBe(madeUp);
    expect((await call('/overview', { cookie: madeUp })).status).toBe(302);
  });
});

describe('security headers', () => {
  const pages = () =>
    [
      ['sign-in', '/login', undefined],
      ['a staff page', '/overview', admin],
      ['a staff data request', '/clients.data', admin],
      ['the respondent page', `/s/${respondentToken}`, undefined],
      ['the opt-out page', `/s/${respondentToken}/opt-out`, undefined],
      ['an unknown link', '/s/unknownTokenAAAAAAAAAAAAAAAAAAA', undefined],
    ] as const;

  it('every page forbids framing, sniffing and leaking its address', async () => {
    for (const [what, path, cookie] of pages()) {
      const response = await call(path, { cookie, address: '192.0.2.77' });
      expect(response.status, what).toBeLessThan(500);
      const csp = response.headers.get('Content-Security-Policy') ?? '';
      expect(csp, what).toContain("frame-ancestors 'none'");
      expect(csp, what).toContain("base-uri 'self'");
      expect(csp, what).toContain("form-action 'self'");
      expect(response.headers.get('X-Frame-Options'), what).toBe('DENY');
      expect(response.headers.get('X-Content-Type-Options'), what).toBe('nosniff');
      expect(response.headers.get('Referrer-Policy'), what).toBe('same-origin');
    }
  });
});
