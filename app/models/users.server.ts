import { asc, eq } from 'drizzle-orm';
import { z } from 'zod';
import { getDb } from '#db/client.ts';
import { hashPassword } from '#db/passwords.ts';
import { managers, sessions, users } from '#db/schema/index.ts';
import { locales, roles } from '#db/schema/domain.ts';
import type { StaffUser } from '#app/auth/session.server.ts';
import { recordAudit } from './audit.server.ts';

export const minimumPasswordLength = 10;

export const newUserSchema = z
  .object({
    email: z.string().trim().toLowerCase().email('errors.email'),
    fullName: z.string().trim().min(1, 'errors.required').max(200),
    role: z.enum(roles, { message: 'errors.role' }),
    locale: z.enum(locales).default('ru'),
    password: z.string().min(minimumPasswordLength, 'errors.passwordTooShort').max(200),
    managerId: z
      .string()
      .uuid()
      .optional()
      .or(z.literal('').transform(() => undefined)),
  })
  .refine((user) => user.role !== 'manager' || user.managerId, {
    message: 'errors.managerRequired',
    path: ['managerId'],
  });

export const userChangeSchema = z.object({
  userId: z.string().uuid(),
  role: z.enum(roles, { message: 'errors.role' }),
  active: z.enum(['true', 'false']).transform((value) => value === 'true'),
});

export async function listUsers() {
  return getDb()
    .select({
      id: users.id,
      email: users.email,
      fullName: users.fullName,
      role: users.role,
      active: users.active,
      managerName: managers.fullName,
    })
    .from(users)
    .leftJoin(managers, eq(managers.userId, users.id))
    .orderBy(asc(users.fullName));
}

export async function listManagersWithoutLogin() {
  const rows = await getDb()
    .select({ id: managers.id, fullName: managers.fullName, userId: managers.userId })
    .from(managers)
    .where(eq(managers.active, true))
    .orderBy(asc(managers.fullName));
  return rows.filter((row) => row.userId === null).map(({ id, fullName }) => ({ id, fullName }));
}

export class DuplicateEmailError extends Error {}
/** An administrator may not demote or deactivate themselves: someone must always be able to manage users. */
export class SelfLockoutError extends Error {}

export async function createUser(input: z.infer<typeof newUserSchema>, actor: StaffUser, ipAddress: string) {
  const passwordHash = await hashPassword(input.password);
  return getDb().transaction(async (tx) => {
    const [existing] = await tx.select({ id: users.id }).from(users).where(eq(users.email, input.email));
    if (existing) throw new DuplicateEmailError(input.email);
    const [created] = await tx
      .insert(users)
      .values({
        email: input.email,
        fullName: input.fullName,
        role: input.role,
        locale: input.locale,
        passwordHash,
      })
      .returning({ id: users.id });
    if (input.role === 'manager' && input.managerId) {
      await tx.update(managers).set({ userId: created.id }).where(eq(managers.id, input.managerId));
    }
    await recordAudit(tx, {
      actorUserId: actor.id,
      action: 'user_created',
      entityType: 'user',
      entityId: created.id,
      detail: { email: input.email, role: input.role },
      ipAddress,
    });
    return created;
  });
}

/** Changes a user's role or deactivates them; deactivation also ends their open sessions. */
export async function changeUser(
  input: z.infer<typeof userChangeSchema>,
  actor: StaffUser,
  ipAddress: string,
) {
  if (input.userId === actor.id && (!input.active || input.role !== 'admin')) throw new SelfLockoutError();
  await getDb().transaction(async (tx) => {
    const [before] = await tx
      .select({ role: users.role, active: users.active })
      .from(users)
      .where(eq(users.id, input.userId));
    if (!before) return;
    await tx.update(users).set({ role: input.role, active: input.active }).where(eq(users.id, input.userId));
    if (!input.active) await tx.delete(sessions).where(eq(sessions.userId, input.userId));
    if (input.role !== 'manager') {
      await tx.update(managers).set({ userId: null }).where(eq(managers.userId, input.userId));
    }
    await recordAudit(tx, {
      actorUserId: actor.id,
      action: 'user_changed',
      entityType: 'user',
      entityId: input.userId,
      detail: { before, after: { role: input.role, active: input.active } },
      ipAddress,
    });
  });
}
