import type { managers, units } from '../schema/index.ts';
import { russianPerson } from './names.ts';
import type { Random } from './random.ts';
import { type UnitSeed, unitSeeds } from './reference-data.ts';

export type UnitRow = typeof units.$inferInsert & { id: string; seed: UnitSeed };

/**
 * The parts some managers play in the demo story: `weak` is the manager whose clients are clearly
 * less satisfied, `newcomer` took over two clients in 2026, `former` left the bank in 2025 (so
 * history shows a rotation), `demo` and `demo2` have the two manager logins.
 */
export type ManagerPart = 'head' | 'regular' | 'weak' | 'newcomer' | 'former' | 'demo' | 'demo2';

export interface ManagerPlan {
  row: typeof managers.$inferInsert & { id: string };
  unitCode: string;
  part: ManagerPart;
  /** Relative share of the unit's managed clients. */
  capacity: number;
  /** Effect on their clients' satisfaction, in latent units (see satisfaction.ts). */
  quality: number;
}

// Which unit hosts each special part; everybody else is a regular manager.
const specialParts: readonly { unitCode: string; part: ManagerPart; capacity: number }[] = [
  { unitCode: 'MSK', part: 'demo', capacity: 2.3 },
  { unitCode: 'MSK', part: 'former', capacity: 0 },
  { unitCode: 'SPB', part: 'demo2', capacity: 1 },
  { unitCode: 'VOLGA', part: 'weak', capacity: 2.6 },
  { unitCode: 'URAL', part: 'newcomer', capacity: 0 },
];

export const FORMER_MANAGER_LEFT_ON = '2025-06-30';

export function planUnits(random: Random): UnitRow[] {
  return unitSeeds.map((seed) => ({
    id: random.uuid(),
    code: seed.code,
    nameEn: seed.nameEn,
    nameRu: seed.nameRu,
    regionCode: seed.regionCode,
    seed,
  }));
}

export function planManagers(random: Random, unitRows: readonly UnitRow[]): ManagerPlan[] {
  const usedNames = new Set<string>();
  const usedEmails = new Set<string>();
  const plans: ManagerPlan[] = [];
  for (const unit of unitRows) {
    const parts: { part: ManagerPart; capacity: number }[] = [{ part: 'head', capacity: 0.5 }];
    for (const special of specialParts.filter((candidate) => candidate.unitCode === unit.code)) {
      parts.push({ part: special.part, capacity: special.capacity });
    }
    const activeSpecials = parts.filter((entry) => entry.part !== 'former').length;
    for (let i = activeSpecials; i < unit.seed.managerCount; i++)
      parts.push({ part: 'regular', capacity: 1 });

    for (const { part, capacity } of parts) {
      let person = russianPerson(random);
      let email = managerEmail(person.latinGiven, person.latinSurname);
      while (usedNames.has(person.fullName) || usedEmails.has(email)) {
        person = russianPerson(random);
        email = managerEmail(person.latinGiven, person.latinSurname);
      }
      usedNames.add(person.fullName);
      usedEmails.add(email);
      plans.push({
        row: {
          id: random.uuid(),
          fullName: person.fullName,
          email,
          unitId: unit.id,
          isUnitHead: part === 'head',
          active: part !== 'former',
        },
        unitCode: unit.code,
        part,
        capacity: capacity * random.uniform(0.9, 1.1),
        quality: managerQuality(random, part),
      });
    }
  }
  return plans;
}

function managerEmail(given: string, surname: string): string {
  return `${given[0]}.${surname}@demobank.local`;
}

function managerQuality(random: Random, part: ManagerPart): number {
  if (part === 'weak') return -0.35;
  return random.normal(0, 0.12);
}

export function managerWithPart(plans: readonly ManagerPlan[], part: ManagerPart): ManagerPlan {
  const plan = plans.find((candidate) => candidate.part === part);
  if (!plan) throw new Error(`No manager plays ${part}`);
  return plan;
}
