import { randomUUID } from 'node:crypto';
import type { Database } from '#db/client.ts';
import { managers, regions, units } from '#db/schema/index.ts';

let sequence = 0;
const next = () => ++sequence;

export async function createRegion(db: Database, overrides: Partial<typeof regions.$inferInsert> = {}) {
  const n = next();
  const [region] = await db
    .insert(regions)
    .values({ code: `RU-T${n}`, nameEn: `Test region ${n}`, nameRu: `Тестовый регион ${n}`, ...overrides })
    .returning();
  return region;
}

export async function createUnit(db: Database, overrides: Partial<typeof units.$inferInsert> = {}) {
  const n = next();
  const [unit] = await db
    .insert(units)
    .values({
      code: `unit-${n}-${randomUUID().slice(0, 6)}`,
      nameEn: `Branch ${n}`,
      nameRu: `Филиал ${n}`,
      ...overrides,
    })
    .returning();
  return unit;
}

export async function createManager(
  db: Database,
  overrides: Partial<typeof managers.$inferInsert> & { unitId: string },
) {
  const n = next();
  const [manager] = await db
    .insert(managers)
    .values({
      fullName: `Менеджер ${n}`,
      email: `manager-${n}-${randomUUID().slice(0, 6)}@bank.test`,
      ...overrides,
    })
    .returning();
  return manager;
}
