import { randomUUID } from 'node:crypto';
import { eq } from 'drizzle-orm';
import type { Database } from '#db/client.ts';
import { hashPassword } from '#db/passwords.ts';
import { managers, users } from '#db/schema/index.ts';
import type { Role } from '#db/schema/domain.ts';
import { createUserSession, type StaffUser } from '#app/auth/session.server.ts';

export const testPassword = 'correct-horse-battery';
let passwordHash: Promise<string> | undefined;

export async function createStaffUser(db: Database, role: Role, options: { managerId?: string } = {}) {
  passwordHash ??= hashPassword(testPassword);
  const [user] = await db
    .insert(users)
    .values({
      email: `${role}-${randomUUID().slice(0, 8)}@barometer.test`,
      fullName: `Test ${role}`,
      role,
      passwordHash: await passwordHash,
    })
    .returning();
  if (options.managerId)
    await db.update(managers).set({ userId: user.id }).where(eq(managers.id, options.managerId));
  return user;
}

/** A new user as the models see a signed-in viewer (English interface); a manager links `managerId`. */
export async function createStaffViewer(
  db: Database,
  role: Role,
  options: { managerId?: string } = {},
): Promise<StaffUser> {
  const { id, email, fullName } = await createStaffUser(db, role, options);
  return { id, email, fullName, role, locale: 'en', managerId: options.managerId ?? null };
}

/** The Cookie header a browser would send after this user signed in. */
export async function signedInCookie(userId: string): Promise<string> {
  const setCookie = await createUserSession(userId);
  return setCookie.split(';')[0];
}
