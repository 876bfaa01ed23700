import { randomUUID } from 'node:crypto';
import type { Database } from '#db/client.ts';
import { invitations, surveys, surveyVersions, waves } from '#db/schema/index.ts';
import type { SurveyDefinition } from '#surveys/definition.ts';

const rating = (name: string, annotations: Record<string, unknown>, min = 1, max = 5) => ({
  type: 'rating',
  name,
  title: { default: name, ru: name },
  rateMin: min,
  rateMax: max,
  ...annotations,
});

/** A small bilingual survey with four scored questions and a comment. */
export function testDefinition(overrides: Partial<SurveyDefinition> = {}): SurveyDefinition {
  return {
    title: { default: 'Test survey', ru: 'Тестовая анкета' },
    pages: [
      {
        name: 'scores',
        elements: [
          rating('ltr', { scoreMetric: 'nps' }, 0, 10),
          rating('overall', { scoreMetric: 'overall' }),
          rating('sat_price', { scoreMetric: 'attribute', scoreAttribute: 'price' }),
          rating('imp_price', { scoreMetric: 'importance', scoreAttribute: 'price' }),
        ],
      },
      {
        name: 'words',
        elements: [{ type: 'comment', name: 'comments', title: { default: 'Comments', ru: 'Комментарии' } }],
      },
    ],
    ...overrides,
  };
}

export async function createSurvey(db: Database, overrides: Partial<typeof surveys.$inferInsert> = {}) {
  const [survey] = await db
    .insert(surveys)
    .values({
      key: `test-${randomUUID().slice(0, 8)}`,
      titleEn: 'Test survey',
      titleRu: 'Тестовая анкета',
      ...overrides,
    })
    .returning();
  return survey;
}

export async function createSurveyVersion(
  db: Database,
  options: { surveyId?: string; version?: number; definition?: SurveyDefinition; frozen?: boolean } = {},
) {
  const surveyId = options.surveyId ?? (await createSurvey(db)).id;
  const [version] = await db
    .insert(surveyVersions)
    .values({
      surveyId,
      version: options.version ?? 1,
      definition: options.definition ?? testDefinition(),
      frozenAt: options.frozen ? new Date() : null,
    })
    .returning();
  return version;
}

const DAY_MS = 24 * 60 * 60 * 1000;

export async function createWave(
  db: Database,
  options: Partial<typeof waves.$inferInsert> & { surveyVersionId: string },
) {
  const now = Date.now();
  const [wave] = await db
    .insert(waves)
    .values({
      name: `Wave ${randomUUID().slice(0, 6)}`,
      audience: {},
      sendFrom: new Date(now + DAY_MS),
      sendUntil: new Date(now + 15 * DAY_MS),
      expiresAt: new Date(now + 22 * DAY_MS),
      reminderAfterDays: 5,
      reminderMax: 2,
      ...options,
    })
    .returning();
  return wave;
}

/** An invitation of an earlier wave, e.g. to put a contact inside the frequency cap. */
export async function createInvitation(
  db: Database,
  options: Partial<typeof invitations.$inferInsert> & { waveId: string; contactId: string; clientId: string },
) {
  const [invitation] = await db
    .insert(invitations)
    .values({ tokenHash: randomUUID().replaceAll('-', '').padEnd(64, '0'), language: 'ru', ...options })
    .returning();
  return invitation;
}

export function daysAgo(days: number): Date {
  return new Date(Date.now() - days * DAY_MS);
}
