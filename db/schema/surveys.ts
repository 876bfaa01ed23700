import { sql } from 'drizzle-orm';
import { check, integer, jsonb, pgTable, text, timestamp, unique, uuid } from 'drizzle-orm/pg-core';
import { users } from './auth.ts';
import { id, timestamps } from './columns.ts';

export const surveys = pgTable('surveys', {
  id: id(),
  key: text('key').notNull().unique(),
  titleEn: text('title_en').notNull(),
  titleRu: text('title_ru').notNull(),
  ...timestamps(),
});

/** A questionnaire as answered: frozen once a wave uses it, so every response points to exact wording. */
export const surveyVersions = pgTable(
  'survey_versions',
  {
    id: id(),
    surveyId: uuid('survey_id')
      .notNull()
      .references(() => surveys.id, { onDelete: 'cascade' }),
    version: integer('version').notNull(),
    definition: jsonb('definition').notNull(),
    frozenAt: timestamp('frozen_at', { withTimezone: true }),
    createdBy: uuid('created_by').references(() => users.id, { onDelete: 'set null' }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    unique('survey_versions_survey_version_unique').on(t.surveyId, t.version),
    check('survey_versions_version_positive', sql`${t.version} > 0`),
  ],
);
