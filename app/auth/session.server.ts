import { createHash, randomBytes } from 'node:crypto';
import { createCookie, redirect } from '@remix-run/node';
import { and, eq, gt } from 'drizzle-orm';
import { getDb } from '#db/client.ts';
import { managers, sessions, users } from '#db/schema/index.ts';
import type { Role } from '#db/schema/domain.ts';
import { secureCookies } from '#app/env.server.ts';
import { requireSameOrigin } from '#app/security/same-origin.server.ts';
import { type Capability, can } from './policy.ts';

const sessionLifetimeMs = 1000 * 60 * 60 * 12;

export interface StaffUser {
  id: string;
  email: string;
  fullName: string;
  role: Role;
  locale: 'en' | 'ru';
  /** The manager record a manager signs in as; null for other roles. */
  managerId: string | null;
}

function sessionCookie() {
  return createCookie('barometer_session', {
    path: '/',
    httpOnly: true,
    sameSite: 'lax',
    secure: secureCookies(),
    maxAge: sessionLifetimeMs / 1000,
  });
}

const hashToken = (token: string) => createHash('sha256').update(token).digest('hex');

/** Starts a new session (a fresh id at every sign-in, so a planted cookie is worthless). */
export async function createUserSession(userId: string): Promise<string> {
  const token = randomBytes(32).toString('base64url');
  await getDb()
    .insert(sessions)
    .values({ tokenHash: hashToken(token), userId, expiresAt: new Date(Date.now() + sessionLifetimeMs) });
  return sessionCookie().serialize(token);
}

async function readToken(request: Request): Promise<string | null> {
  const token = await sessionCookie().parse(request.headers.get('Cookie'));
  return typeof token === 'string' && token.length > 0 ? token : null;
}

export async function getStaffUser(request: Request): Promise<StaffUser | null> {
  const token = await readToken(request);
  if (!token) return null;
  const [row] = await getDb()
    .select({
      id: users.id,
      email: users.email,
      fullName: users.fullName,
      role: users.role,
      locale: users.locale,
      managerId: managers.id,
    })
    .from(sessions)
    .innerJoin(users, eq(users.id, sessions.userId))
    .leftJoin(managers, eq(managers.userId, users.id))
    .where(
      and(
        eq(sessions.tokenHash, hashToken(token)),
        gt(sessions.expiresAt, new Date()),
        eq(users.active, true),
      ),
    )
    .limit(1);
  if (!row) return null;
  return { ...row, managerId: row.role === 'manager' ? row.managerId : null };
}

function signInRedirect(request: Request): never {
  const url = new URL(request.url);
  const redirectTo = `${url.pathname}${url.search}`;
  throw redirect(`/login?${new URLSearchParams({ redirectTo })}`);
}

/**
 * The signed-in staff user, or a redirect to sign-in; with a capability, a 404 for roles without it.
 * Every staff loader and action starts here, so this is also where a form posted from another site
 * is refused (403) before the action changes anything.
 */
export async function requireUser(request: Request, capability?: Capability): Promise<StaffUser> {
  requireSameOrigin(request);
  const user = await getStaffUser(request);
  if (!user) signInRedirect(request);
  if (capability && !can(user.role, capability)) throw notFound();
  return user;
}

export function notFound(): Response {
  return new Response('Not Found', { status: 404, statusText: 'Not Found' });
}

export async function destroyUserSession(request: Request): Promise<string> {
  const token = await readToken(request);
  if (token)
    await getDb()
      .delete(sessions)
      .where(eq(sessions.tokenHash, hashToken(token)));
  return sessionCookie().serialize('', { maxAge: 0 });
}
