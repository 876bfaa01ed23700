import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { surveys, surveyVersions } from '#db/schema/index.ts';
import { openTestDatabase } from '#tests/setup/test-database.ts';

describe('survey versions', () => {
  it('cannot be edited or deleted once frozen, but can while still a draft', async () => {
    const { db } = await openTestDatabase();
    const [survey] = await db
      .insert(surveys)
      .values({ key: 'frozen-test', titleEn: 'T', titleRu: 'Т' })
      .returning();
    const [draft] = await db
      .insert(surveyVersions)
      .values({ surveyId: survey.id, version: 1, definition: { pages: [] } })
      .returning();
    await db
      .update(surveyVersions)
      .set({ definition: { pages: [{ name: 'p1' }] } })
      .where(eq(surveyVersions.id, draft.id));
    await db.update(surveyVersions).set({ frozenAt: new Date() }).where(eq(surveyVersions.id, draft.id));

    await expect(
      db
        .update(surveyVersions)
        .set({ definition: { pages: [] } })
        .where(eq(surveyVersions.id, draft.id)),
    ).rejects.toThrow();
    await expect(db.delete(surveyVersions).where(eq(surveyVersions.id, draft.id))).rejects.toThrow();
    const [stored] = await db.select().from(surveyVersions).where(eq(surveyVersions.id, draft.id));
    expect(stored.definition).toEqual({ pages: [{ name: 'p1' }] });
  });
});
