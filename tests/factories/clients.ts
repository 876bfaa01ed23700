import { industrySection } from '#analytics/metrics/okved2.ts';
import { sizeSegment } from '#analytics/metrics/size-segment.ts';
import type { Database } from '#db/client.ts';
import { withInnCheckDigits } from '#db/inn.ts';
import { clients, contacts } from '#db/schema/index.ts';
import type { SizeSegment } from '#db/schema/domain.ts';

let innSequence = 100_000_000;

export const nextInn = () => withInnCheckDigits(String(++innSequence));

const sizeExamples: Record<SizeSegment, { revenueRub: number; headcount: number }> = {
  micro: { revenueRub: 50_000_000, headcount: 10 },
  small: { revenueRub: 500_000_000, headcount: 60 },
  medium: { revenueRub: 1_500_000_000, headcount: 200 },
  large: { revenueRub: 9_000_000_000, headcount: 1200 },
};

export async function createClient(
  db: Database,
  options: {
    regionCode: string;
    unitId: string;
    size?: SizeSegment;
    okved2?: string;
  } & Partial<typeof clients.$inferInsert>,
) {
  const { size = 'medium', okved2 = '46.90', ...overrides } = options;
  const { revenueRub, headcount } = sizeExamples[size];
  const [client] = await db
    .insert(clients)
    .values({
      name: `ООО Тест ${innSequence}`,
      inn: nextInn(),
      okved2,
      industrySection: industrySection(okved2)!,
      registeredOn: '2015-03-01',
      revenueRub: revenueRub.toFixed(2),
      headcount,
      sizeSegment: sizeSegment({ revenueRub, headcount })!,
      ...overrides,
    })
    .returning();
  return client;
}

export async function createContact(
  db: Database,
  overrides: Partial<typeof contacts.$inferInsert> & { clientId: string },
) {
  const [contact] = await db
    .insert(contacts)
    .values({
      fullName: 'Иванов Иван Иванович',
      role: 'decision_maker',
      email: `c${innSequence}@client.test`,
      ...overrides,
    })
    .returning();
  return contact;
}
