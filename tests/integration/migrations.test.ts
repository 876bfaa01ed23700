import { sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { selectRows } from '#db/raw-query.ts';
import { openTestDatabase } from '#tests/setup/test-database.ts';

describe('migrations', () => {
  it('create every table of the domain on an empty database', async () => {
    const { db } = await openTestDatabase();
    const rows = await selectRows<{ table_name: string }>(
      db,
      sql`SELECT table_name FROM information_schema.tables WHERE table_schema = 'public'`,
    );
    expect(rows.map((row) => row.table_name)).toEqual(
      expect.arrayContaining(['clients', 'contacts', 'responses', 'score_facts', 'sessions', 'audit_events']),
    );
  });
});
