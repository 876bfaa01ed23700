import { sql } from 'drizzle-orm';
import { boolean, check, index, jsonb, pgTable, text, unique, uuid } from 'drizzle-orm/pg-core';
import { users } from './auth.ts';
import { id, timestamps } from './columns.ts';

/**
 * Custom segments: saved client filters (analytics/segments/definition.ts holds the shape of
 * `definition`). A segment belongs to its owner; a shared one is offered to every staff user.
 */
export const customSegments = pgTable(
  'custom_segments',
  {
    id: id(),
    name: text('name').notNull(),
    description: text('description'),
    ownerUserId: uuid('owner_user_id')
      .notNull()
      .references(() => users.id),
    shared: boolean('shared').notNull().default(false),
    definition: jsonb('definition').notNull(),
    ...timestamps(),
  },
  (t) => [
    check('custom_segments_name_present', sql`length(trim(${t.name})) > 0`),
    unique('custom_segments_owner_name_unique').on(t.ownerUserId, t.name),
    index('custom_segments_shared_idx').on(t.shared),
  ],
);
