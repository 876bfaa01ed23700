import type { Locale, Role } from '../schema/domain.ts';
import type { users } from '../schema/index.ts';
import { type ManagerPart, type ManagerPlan, managerWithPart } from './managers.ts';
import type { Random } from './random.ts';

export const DEMO_PASSWORD = 'barometer-demo';

export interface DemoAccount {
  email: string;
  role: Role;
}

interface AccountSeed extends DemoAccount {
  locale: Locale;
  /** Staff without a manager record have a fixed name; manager logins take their manager's. */
  fullName?: string;
  manager?: ManagerPart;
}

// One login per role; the two manager logins belong to real managers of the demo (a normal one
// with a full portfolio, and one in another branch), so row-level access can be tried out.
const accountSeeds: readonly AccountSeed[] = [
  { email: 'admin@barometer.local', role: 'admin', locale: 'en', fullName: 'Воронцов Алексей Игоревич' },
  {
    email: 'marketing@barometer.local',
    role: 'marketing',
    locale: 'ru',
    fullName: 'Соколова Ирина Викторовна',
  },
  {
    email: 'management@barometer.local',
    role: 'management',
    locale: 'ru',
    fullName: 'Орлов Дмитрий Сергеевич',
  },
  { email: 'manager@barometer.local', role: 'manager', locale: 'ru', manager: 'demo' },
  { email: 'manager2@barometer.local', role: 'manager', locale: 'ru', manager: 'demo2' },
];

export const demoAccounts: readonly DemoAccount[] = accountSeeds.map(({ email, role }) => ({ email, role }));

type UserRow = typeof users.$inferInsert & { id: string };

/** The demo logins; links the manager logins to their manager records. */
export function planUsers(random: Random, managers: readonly ManagerPlan[], passwordHash: string) {
  const rows: UserRow[] = accountSeeds.map((seed) => {
    const manager = seed.manager ? managerWithPart(managers, seed.manager) : undefined;
    const row: UserRow = {
      id: random.uuid(),
      email: seed.email,
      role: seed.role,
      fullName: manager?.row.fullName ?? seed.fullName!,
      locale: seed.locale,
      passwordHash,
    };
    if (manager) manager.row.userId = row.id;
    return row;
  });
  return { rows, byRole: (role: Role) => rows.find((row) => row.role === role)! };
}
