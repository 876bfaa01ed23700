import { type SQL, sql } from 'drizzle-orm';
import { z } from 'zod';
import { type Executor, getDb } from '#db/client.ts';
import { selectRows } from '#db/raw-query.ts';
import { contactRoles, locales, sizeSegments } from '#db/schema/domain.ts';
import { recordAudit } from '#app/models/audit.server.ts';
import type { ApiTokenContext } from '#app/models/api-tokens.server.ts';
import { endpoint } from './endpoint.server.ts';

// Completed responses, with their answers, the client's dimensions when it answered and the score
// facts, in pages that follow a cursor (completion time, then id): a page boundary never skips or
// repeats a response, however many arrive meanwhile. The export streams every page as NDJSON.

const scoreFactSchema = z.object({
  metric: z.string(),
  attribute: z.string().nullable(),
  productCode: z.string().nullable(),
  value: z.number(),
  question: z.string(),
});

export const responseSchema = z.object({
  id: z.uuid(),
  invitationId: z.uuid(),
  waveId: z.uuid(),
  clientId: z.uuid(),
  clientInn: z.string(),
  contactId: z.uuid(),
  completedAt: z.string(),
  language: z.enum(locales),
  answers: z.record(z.string(), z.unknown()),
  snapshot: z.object({
    sizeSegment: z.enum(sizeSegments),
    industrySection: z.string(),
    regionCode: z.string(),
    unitId: z.uuid().nullable(),
    managerId: z.uuid().nullable(),
    contactRole: z.enum(contactRoles),
    isVip: z.boolean(),
  }),
  scores: z.array(scoreFactSchema),
});

const cursorSchema = z
  .string()
  .max(200)
  .transform((value, context) => {
    try {
      const [at, id] = JSON.parse(Buffer.from(value, 'base64url').toString('utf8')) as [string, string];
      if (typeof at !== 'string' || !z.uuid().safeParse(id).success || Number.isNaN(Date.parse(at)))
        throw new Error();
      return { at, id };
    } catch {
      context.addIssue({ code: 'custom', message: 'integration:errors.cursor' });
      return z.NEVER;
    }
  });

export const responsesQuerySchema = z.object({
  waveId: z.uuid({ message: 'errors.unknown' }).optional(),
  completedSince: z.iso.datetime({ offset: true, message: 'integration:errors.dateTime' }).optional(),
  cursor: cursorSchema.optional().describe('nextCursor of the previous page'),
  limit: z.coerce.number({ message: 'errors.number' }).int('errors.integer').min(1).max(500).default(100),
});

type ResponsesQuery = z.output<typeof responsesQuerySchema>;

interface ResponseRow {
  id: string;
  invitation_id: string;
  wave_id: string;
  client_id: string;
  inn: string;
  contact_id: string;
  completed_at: Date | string;
  cursor_at: string;
  language: 'en' | 'ru';
  answers: Record<string, unknown>;
  size_segment: (typeof sizeSegments)[number];
  industry_section: string;
  region_code: string;
  unit_id: string | null;
  manager_id: string | null;
  contact_role: (typeof contactRoles)[number];
  is_vip: boolean;
  scores: z.infer<typeof scoreFactSchema>[] | string;
}

/** The token's row scope on `clients c` (the client's current unit or manager, as staff lists apply it). */
function scopeCondition(token: ApiTokenContext): SQL {
  if (token.unitId) return sql`c.unit_id = ${token.unitId}`;
  if (token.managerId) return sql`c.manager_id = ${token.managerId}`;
  return sql`TRUE`;
}

async function responsePage(executor: Executor, token: ApiTokenContext, query: ResponsesQuery) {
  const conditions = [sql`r.status = 'completed'`, scopeCondition(token)];
  if (query.waveId) conditions.push(sql`r.wave_id = ${query.waveId}`);
  if (query.completedSince) conditions.push(sql`r.completed_at >= ${query.completedSince}::timestamptz`);
  if (query.cursor)
    conditions.push(
      sql`(r.completed_at, r.id) > (${query.cursor.at}::timestamptz, ${query.cursor.id}::uuid)`,
    );
  const rows = await selectRows<ResponseRow>(
    executor,
    sql`SELECT r.id, r.invitation_id, r.wave_id, r.client_id, c.inn, r.contact_id, r.completed_at,
               r.completed_at::text AS cursor_at, r.language, r.answers, r.size_segment, r.industry_section,
               r.region_code, r.unit_id, r.manager_id, r.contact_role, r.is_vip,
               (SELECT coalesce(json_agg(json_build_object('metric', f.metric, 'attribute', f.attribute,
                         'productCode', p.code, 'value', f.value, 'question', f.question) ORDER BY f.id), '[]'::json)
                  FROM score_facts f LEFT JOIN products p ON p.id = f.product_id
                 WHERE f.response_id = r.id) AS scores
          FROM responses r
          JOIN clients c ON c.id = r.client_id
         WHERE ${sql.join(conditions, sql` AND `)}
         ORDER BY r.completed_at, r.id
         LIMIT ${query.limit + 1}`,
  );
  const page = rows.slice(0, query.limit);
  const last = page.at(-1);
  return {
    responses: page.map(responseOut),
    nextCursor:
      rows.length > query.limit && last
        ? Buffer.from(JSON.stringify([last.cursor_at, last.id])).toString('base64url')
        : null,
  };
}

function responseOut(row: ResponseRow): z.infer<typeof responseSchema> {
  return {
    id: row.id,
    invitationId: row.invitation_id,
    waveId: row.wave_id,
    clientId: row.client_id,
    clientInn: row.inn,
    contactId: row.contact_id,
    completedAt: new Date(row.completed_at).toISOString(),
    language: row.language,
    answers: row.answers,
    snapshot: {
      sizeSegment: row.size_segment,
      industrySection: row.industry_section,
      regionCode: row.region_code,
      unitId: row.unit_id,
      managerId: row.manager_id,
      contactRole: row.contact_role,
      isVip: row.is_vip,
    },
    scores: typeof row.scores === 'string' ? JSON.parse(row.scores) : row.scores,
  };
}

const listResponses = endpoint({
  method: 'GET',
  path: '/responses',
  operationId: 'listResponses',
  summary: 'Completed responses, oldest first, one page at a time',
  tag: 'Responses',
  permission: 'responses:read',
  query: responsesQuerySchema,
  response: z.object({ responses: z.array(responseSchema), nextCursor: z.string().nullable() }),
  async run({ token, query }) {
    return responsePage(getDb(), token, query);
  },
});

/**
 * Every matching response as NDJSON (one JSON object per line), streamed page by page so memory
 * stays flat; audited as an export like the dashboards' files.
 */
const exportResponses = endpoint({
  method: 'GET',
  path: '/responses/export',
  operationId: 'exportResponses',
  summary: 'Export every matching completed response as NDJSON',
  tag: 'Responses',
  permission: 'responses:read',
  query: responsesQuerySchema.omit({ cursor: true, limit: true }),
  response: responseSchema,
  mediaType: 'application/x-ndjson',
  async run({ token, query, ipAddress }) {
    const db = getDb();
    await recordAudit(db, {
      actorUserId: token.createdBy,
      action: 'export',
      entityType: 'api_responses',
      entityId: token.id,
      detail: {
        via: 'api',
        apiTokenId: token.id,
        waveId: query.waveId ?? null,
        completedSince: query.completedSince ?? null,
      },
      ipAddress,
    });
    const encoder = new TextEncoder();
    let cursor: ResponsesQuery['cursor'];
    let done = false;
    const stream = new ReadableStream<Uint8Array>({
      async pull(controller) {
        if (done) return controller.close();
        try {
          const page = await responsePage(db, token, { ...query, cursor, limit: 500 });
          const lines = page.responses.map((response) => `${JSON.stringify(response)}\n`).join('');
          if (lines) controller.enqueue(encoder.encode(lines));
          if (!page.nextCursor) done = true;
          else cursor = cursorSchema.parse(page.nextCursor);
          if (done) controller.close();
        } catch (error) {
          controller.error(error);
        }
      },
    });
    return new Response(stream, {
      headers: {
        'Content-Type': 'application/x-ndjson; charset=utf-8',
        'Cache-Control': 'no-store',
        'Content-Disposition': `attachment; filename="barometer-responses-${new Date().toISOString().slice(0, 10)}.ndjson"`,
      },
    });
  },
});

export const responseEndpoints = {
  responses: [listResponses],
  export: [exportResponses],
};
