import { beforeAll, describe, expect, it } from 'vitest';
import * as login from '#app/routes/login.tsx';
import * as logout from '#app/routes/logout.tsx';
import * as overview from '#app/routes/_staff.overview.tsx';
import { maxFailuresPerEmail } from '#app/models/sign-in.server.ts';
import { createStaffUser, testPassword } from '#tests/factories/users.ts';
import { openTestDatabase } from '#tests/setup/test-database.ts';

async function attempt(email: string, password: string, redirectTo = '/clients') {
  const request = new Request('http://localhost/login', {
    method: 'POST',
    body: new URLSearchParams({ email, password, redirectTo }),
    headers: { 'X-Forwarded-For': '10.1.2.3' },
  });
  try {
    const result = (await login.action({ request, params: {}, context: {} })) as {
      data: { error: string };
      init: { status: number };
    };
    return { status: result.init.status, error: result.data.error, cookie: null, location: null };
  } catch (thrown) {
    if (!(thrown instanceof Response)) throw thrown;
    return {
      status: thrown.status,
      error: null,
      cookie: thrown.headers.get('Set-Cookie')?.split(';')[0] ?? null,
      location: thrown.headers.get('Location'),
    };
  }
}

async function overviewStatus(cookie: string | null) {
  const request = new Request('http://localhost/overview', { headers: cookie ? { Cookie: cookie } : {} });
  try {
    await overview.loader({ request, params: {}, context: {} });
    return 200;
  } catch (thrown) {
    return (thrown as Response).status;
  }
}

describe('staff sign-in', () => {
  let email: string;

  beforeAll(async () => {
    const { db } = await openTestDatabase();
    email = (await createStaffUser(db, 'marketing')).email;
  });

  it('signs in with the right password and goes where the user was heading', async () => {
    const result = await attempt(email.toUpperCase(), testPassword);
    expect(result.status).toBe(302);
    expect(result.location).toBe('/clients');
    expect(await overviewStatus(result.cookie)).toBe(200);
  });

  it('refuses a wrong password with an error', async () => {
    const result = await attempt(email, 'wrong-password');
    expect(result).toMatchObject({ status: 400, error: 'errors:invalidCredentials' });
  });

  it('never redirects to another site after sign-in', async () => {
    const result = await attempt(email, testPassword, '//evil.example/phish');
    expect(result.location).toBe('/overview');
  });

  it('starts a new session at every sign-in and ends it at sign-out', async () => {
    const first = await attempt(email, testPassword);
    const second = await attempt(email, testPassword);
    expect(first.cookie).not.toEqual(second.cookie);
    const request = new Request('http://localhost/logout', {
      method: 'POST',
      headers: { Cookie: first.cookie! },
    });
    await expect(logout.action({ request, params: {}, context: {} })).rejects.toBeInstanceOf(Response);
    expect(await overviewStatus(first.cookie)).toBe(302);
    expect(await overviewStatus(second.cookie)).toBe(200);
  });

  it('throttles an account after repeated failures, even for the right password', async () => {
    const { db } = await openTestDatabase();
    const target = (await createStaffUser(db, 'management')).email;
    for (let i = 0; i < maxFailuresPerEmail; i++) await attempt(target, `guess-${i}`);
    const result = await attempt(target, testPassword);
    expect(result).toMatchObject({ status: 429, error: 'errors:throttled' });
  });
});
