import { sql } from 'drizzle-orm';
import type { Executor } from '#db/client.ts';
import { selectRows } from '#db/raw-query.ts';
import type { Locale } from '#db/schema/domain.ts';
import { normaliseFilter, responseConditions, responseProductCondition, whereAll } from './filters.ts';
import type { AnalyticsFilter } from './types.ts';

export interface VerbatimsQuery {
  filter?: AnalyticsFilter;
  /** Case-insensitive substring of the comment. */
  search?: string;
  limit: number;
  offset: number;
}

export interface Verbatim {
  responseId: string;
  clientId: string;
  clientName: string;
  waveId: string;
  completedAt: Date;
  /** The respondent's likelihood to recommend, 0–10. */
  ltr: number | null;
  /** "What to improve first" and the general comment, in that order, separated by a blank line. */
  text: string;
  language: Locale;
}

// The free-text questions of the templates. Comments are text, not scores, so they are read from
// the answers JSON rather than from score facts.
const commentText = sql`concat_ws(E'\n\n',
  NULLIF(btrim(r.answers->>'improve_first'), ''),
  NULLIF(btrim(r.answers->>'comments'), ''))`;

/** Open comments of completed responses in the filter, newest first, one row per response. */
export async function verbatims(
  db: Executor,
  query: VerbatimsQuery,
): Promise<{ rows: Verbatim[]; total: number }> {
  const filter = normaliseFilter(query.filter);
  const conditions = [
    ...responseConditions(filter),
    ...responseProductCondition(filter),
    sql`${commentText} <> ''`,
  ];
  const search = query.search?.trim();
  if (search) {
    // LIKE's own wildcards in the search are literal characters.
    const pattern = `%${search.replace(/[\\%_]/g, (character) => `\\${character}`)}%`;
    conditions.push(sql`${commentText} ILIKE ${pattern}`);
  }
  const where = whereAll(conditions);
  const [rows, [count]] = await Promise.all([
    selectRows<{
      response_id: string;
      client_id: string;
      client_name: string;
      wave_id: string;
      completed_at: Date | string;
      ltr: number | null;
      text: string;
      language: Locale;
    }>(
      db,
      sql`SELECT r.id::text AS response_id, r.client_id::text AS client_id, c.name AS client_name,
            r.wave_id::text AS wave_id, r.completed_at, r.language, ${commentText} AS text,
            (SELECT avg(f.value) FROM score_facts f
              WHERE f.response_id = r.id AND f.metric = 'nps' AND f.product_id IS NULL) AS ltr
          FROM responses r JOIN clients c ON c.id = r.client_id
          WHERE ${where}
          ORDER BY r.completed_at DESC, r.id
          LIMIT ${Math.max(0, Math.floor(query.limit))} OFFSET ${Math.max(0, Math.floor(query.offset))}`,
    ),
    selectRows<{ total: number }>(db, sql`SELECT count(*)::float8 AS total FROM responses r WHERE ${where}`),
  ]);
  return {
    rows: rows.map((row) => ({
      responseId: row.response_id,
      clientId: row.client_id,
      clientName: row.client_name,
      waveId: row.wave_id,
      completedAt: new Date(row.completed_at),
      ltr: row.ltr === null ? null : Number(row.ltr),
      text: row.text,
      language: row.language,
    })),
    total: Number(count.total),
  };
}
