import { and, count, eq, gt } from 'drizzle-orm';
import { getDb } from '#db/client.ts';
import { verifyPassword } from '#db/passwords.ts';
import { loginAttempts, users } from '#db/schema/index.ts';
import { recordAudit } from './audit.server.ts';

const throttleWindowMs = 15 * 60 * 1000;
export const maxFailuresPerEmail = 5;
const maxFailuresPerAddress = 30;

export type SignInResult = { ok: true; userId: string } | { ok: false; reason: 'invalid' | 'throttled' };

async function recentFailures(column: 'email' | 'ipAddress', value: string): Promise<number> {
  const since = new Date(Date.now() - throttleWindowMs);
  const [row] = await getDb()
    .select({ failures: count() })
    .from(loginAttempts)
    .where(
      and(
        eq(column === 'email' ? loginAttempts.email : loginAttempts.ipAddress, value),
        eq(loginAttempts.succeeded, false),
        gt(loginAttempts.attemptedAt, since),
      ),
    );
  return row?.failures ?? 0;
}

/**
 * Checks a staff member's credentials. After repeated failures for one e-mail (or from one address)
 * sign-in is refused for a while, even with the right password, so guessing cannot outpace it.
 */
export async function signIn(input: {
  email: string;
  password: string;
  ipAddress: string;
}): Promise<SignInResult> {
  const email = input.email.trim().toLowerCase();
  const throttled =
    (await recentFailures('email', email)) >= maxFailuresPerEmail ||
    (await recentFailures('ipAddress', input.ipAddress)) >= maxFailuresPerAddress;
  if (throttled) return { ok: false, reason: 'throttled' };

  const [user] = await getDb()
    .select({ id: users.id, passwordHash: users.passwordHash, active: users.active })
    .from(users)
    .where(eq(users.email, email))
    .limit(1);
  const succeeded = Boolean(user?.active) && (await verifyPassword(user?.passwordHash ?? '', input.password));

  await getDb().transaction(async (tx) => {
    await tx.insert(loginAttempts).values({ email, ipAddress: input.ipAddress, succeeded });
    await recordAudit(tx, {
      actorUserId: succeeded ? user!.id : null,
      action: succeeded ? 'sign_in' : 'sign_in_failed',
      detail: { email },
      ipAddress: input.ipAddress,
    });
  });
  return succeeded ? { ok: true, userId: user!.id } : { ok: false, reason: 'invalid' };
}
