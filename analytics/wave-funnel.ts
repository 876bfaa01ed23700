import { eq, type SQL, sql } from 'drizzle-orm';
import type { Executor } from '#db/client.ts';
import { selectRows } from '#db/raw-query.ts';
import { surveyVersions, waves } from '#db/schema/index.ts';
import type { SurveyDefinition } from '#surveys/definition.ts';
import { type ScoredItem, scoringMap } from '#surveys/scoring.ts';
import {
  type AaporDisposition,
  type AaporDispositions,
  aaporDisposition,
  aaporRates,
  type InvitationOutcome,
} from './metrics/aapor.ts';
import type { FunnelSegment } from './funnel-segments.ts';
import { INDUSTRY_SECTIONS } from './metrics/okved2.ts';

// The wave monitor's read model: how far each invitation got (the funnel), its AAPOR disposition
// (METHODOLOGY §4), and the account response rate — overall and per segment, from one pass over the
// wave's invitations in SQL. Segments are the clients' current size, industry section, unit and
// manager: non-respondents have no answer-time snapshot to take them from.

export { type FunnelSegment, funnelSegments } from './funnel-segments.ts';

export interface FunnelCounts {
  invited: number;
  sent: number;
  bounced: number;
  opened: number;
  started: number;
  completed: number;
  optedOut: number;
  expired: number;
}

export interface FunnelRow extends FunnelCounts {
  /** Segment value (size code, section letter, unit or manager id); '' for the whole wave or no manager. */
  key: string;
  labelEn: string;
  labelRu: string;
  dispositions: Required<AaporDispositions>;
  rates: { RR1: number | null; RR2: number | null; COOP1: number | null };
  clientsInvited: number;
  clientsCompleted: number;
  /** Share of invited clients with at least one completed response (0–1), null with no clients. */
  accountResponseRate: number | null;
}

export interface WaveFunnel {
  overall: FunnelRow;
  segment: FunnelSegment | null;
  segments: FunnelRow[];
  /** How many scored questions decide whether a started survey is a partial (P) or a break-off (R). */
  scoredQuestions: number;
}

/** What an invitation came to; 'not-sent' (still queued) is a case never attempted. */
type Outcome = InvitationOutcome | 'not-sent';

const sizeOrder = ['micro', 'small', 'medium', 'large'];

function segmentColumns(segment: FunnelSegment | null): { key: SQL; labelEn: SQL; labelRu: SQL } {
  switch (segment) {
    case 'size':
      return { key: sql`cl.size_segment`, labelEn: sql`cl.size_segment`, labelRu: sql`cl.size_segment` };
    case 'section':
      return {
        key: sql`cl.industry_section`,
        labelEn: sql`cl.industry_section`,
        labelRu: sql`cl.industry_section`,
      };
    case 'unit':
      return { key: sql`cl.unit_id::text`, labelEn: sql`u.name_en`, labelRu: sql`u.name_ru` };
    case 'manager':
      return {
        key: sql`coalesce(cl.manager_id::text, '')`,
        labelEn: sql`coalesce(m.full_name, '')`,
        labelRu: sql`coalesce(m.full_name, '')`,
      };
    default:
      return { key: sql`''`, labelEn: sql`''`, labelRu: sql`''` };
  }
}

/** How many scored questions a saved partial answers: a number for a rating, a rated cell for a product grid. */
function answeredScoredQuestions(items: ScoredItem[]): SQL {
  if (items.length === 0) return sql`0`;
  const terms = items.map((item) =>
    item.rowsAreProducts
      ? sql`(CASE WHEN jsonb_path_exists(r.answers -> ${item.question}, '$.*.* ? (@.type() == "number")') THEN 1 ELSE 0 END)`
      : sql`(CASE WHEN jsonb_typeof(r.answers -> ${item.question}) = 'number' THEN 1 ELSE 0 END)`,
  );
  return sql.join(terms, sql` + `);
}

interface GroupRow {
  overall: boolean;
  key: string | null;
  label_en: string | null;
  label_ru: string | null;
  outcome: Outcome;
  answered: number | string;
  invited: number | string;
  sent: number | string;
  bounced: number | string;
  opened: number | string;
  started: number | string;
  completed: number | string;
  opted_out: number | string;
  expired: number | string;
}

interface ClientRow {
  overall: boolean;
  key: string | null;
  clients_invited: number | string;
  clients_completed: number | string;
}

function emptyRow(key: string, labelEn: string, labelRu: string): FunnelRow {
  return {
    key,
    labelEn,
    labelRu,
    invited: 0,
    sent: 0,
    bounced: 0,
    opened: 0,
    started: 0,
    completed: 0,
    optedOut: 0,
    expired: 0,
    dispositions: { I: 0, P: 0, R: 0, NC: 0, O: 0, UH: 0, UO: 0, NE: 0 },
    rates: { RR1: null, RR2: null, COOP1: null },
    clientsInvited: 0,
    clientsCompleted: 0,
    accountResponseRate: null,
  };
}

function dispositionOf(outcome: Outcome, answered: number, scored: number): AaporDisposition {
  // An invitation never sent has unknown eligibility and was not attempted (AAPOR 3.11).
  if (outcome === 'not-sent') return 'UH';
  return aaporDisposition(outcome, scored > 0 ? answered / scored : 0);
}

/** The funnel, AAPOR rates and account response rate of a wave, overall and by one segment. */
export async function waveFunnel(
  executor: Executor,
  { waveId, segment }: { waveId: string; segment: FunnelSegment | null },
): Promise<WaveFunnel> {
  const [version] = await executor
    .select({ definition: surveyVersions.definition })
    .from(waves)
    .innerJoin(surveyVersions, eq(surveyVersions.id, waves.surveyVersionId))
    .where(eq(waves.id, waveId));
  let items: ScoredItem[] = [];
  try {
    if (version) items = scoringMap(version.definition as SurveyDefinition);
  } catch {
    // A definition the scoring map cannot read scores nothing; started surveys then count as break-offs.
  }
  const columns = segmentColumns(segment);
  const grouping = segment ? sql`GROUPING SETS ((key, label_en, label_ru), ())` : sql`key`;
  const answeredGroup = sql`CASE WHEN outcome = 'started' THEN answered ELSE 0 END`;
  // GROUPING() may only name a grouping column, and without a segment there is none.
  const overallFlag = segment ? sql`GROUPING(key) = 1` : sql`true`;

  const base = sql`
    WITH invited AS (
      SELECT
        i.client_id, i.status, i.sent_at, i.opened_at, i.started_at,
        ${columns.key} AS key, ${columns.labelEn} AS label_en, ${columns.labelRu} AS label_ru,
        CASE
          WHEN i.completed_at IS NOT NULL OR i.status = 'completed' THEN 'completed'
          WHEN i.status = 'opted_out' THEN 'opted-out'
          WHEN i.started_at IS NOT NULL OR i.status = 'started' THEN 'started'
          WHEN ct.left_company THEN 'wrong-contact'
          WHEN i.status IN ('bounced', 'failed') THEN 'bounced'
          WHEN i.opened_at IS NOT NULL OR i.status = 'opened' THEN 'opened'
          WHEN i.sent_at IS NOT NULL OR i.status = 'sent' THEN 'delivered'
          ELSE 'not-sent'
        END AS outcome,
        CASE WHEN r.status = 'partial' THEN ${answeredScoredQuestions(items)} ELSE 0 END AS answered
      FROM invitations i
      JOIN contacts ct ON ct.id = i.contact_id
      JOIN clients cl ON cl.id = i.client_id
      LEFT JOIN units u ON u.id = cl.unit_id
      LEFT JOIN managers m ON m.id = cl.manager_id
      LEFT JOIN responses r ON r.invitation_id = i.id
      WHERE i.wave_id = ${waveId}
    )`;

  const groups = await selectRows<GroupRow>(
    executor,
    sql`${base}
    SELECT
      ${overallFlag} AS overall, key, label_en, label_ru, outcome,
      ${answeredGroup} AS answered,
      count(*) AS invited,
      count(sent_at) AS sent,
      count(*) FILTER (WHERE status IN ('bounced', 'failed')) AS bounced,
      count(opened_at) AS opened,
      count(*) FILTER (WHERE started_at IS NOT NULL OR outcome IN ('started', 'completed')) AS started,
      count(*) FILTER (WHERE outcome = 'completed') AS completed,
      count(*) FILTER (WHERE status = 'opted_out') AS opted_out,
      count(*) FILTER (WHERE status = 'expired') AS expired
    FROM invited
    GROUP BY ${
      segment
        ? sql`GROUPING SETS ((key, label_en, label_ru, outcome, ${answeredGroup}), (outcome, ${answeredGroup}))`
        : sql`key, label_en, label_ru, outcome, ${answeredGroup}`
    }`,
  );
  const clients = await selectRows<ClientRow>(
    executor,
    sql`${base}
    SELECT
      ${overallFlag} AS overall, key,
      count(DISTINCT client_id) AS clients_invited,
      count(DISTINCT client_id) FILTER (WHERE outcome = 'completed') AS clients_completed
    FROM invited
    GROUP BY ${grouping}`,
  );

  const scored = items.length;
  const overall = emptyRow('', '', '');
  const bySegment = new Map<string, FunnelRow>();
  for (const group of groups) {
    const isOverall = segment === null || group.overall === true || String(group.overall) === 'true';
    const key = group.key ?? '';
    let row = overall;
    if (!isOverall) {
      row = bySegment.get(key) ?? emptyRow(key, group.label_en ?? '', group.label_ru ?? '');
      bySegment.set(key, row);
    }
    const count = Number(group.invited);
    row.invited += count;
    row.sent += Number(group.sent);
    row.bounced += Number(group.bounced);
    row.opened += Number(group.opened);
    row.started += Number(group.started);
    row.completed += Number(group.completed);
    row.optedOut += Number(group.opted_out);
    row.expired += Number(group.expired);
    row.dispositions[dispositionOf(group.outcome, Number(group.answered), scored)] += count;
  }
  for (const client of clients) {
    const isOverall = segment === null || client.overall === true || String(client.overall) === 'true';
    const row = isOverall ? overall : bySegment.get(client.key ?? '');
    if (!row) continue;
    row.clientsInvited = Number(client.clients_invited);
    row.clientsCompleted = Number(client.clients_completed);
  }
  const segments = [...bySegment.values()];
  for (const row of [overall, ...segments]) finish(row, segment);
  return { overall, segment, segments: sortSegments(segments, segment), scoredQuestions: scored };
}

function finish(row: FunnelRow, segment: FunnelSegment | null): void {
  const rates = aaporRates(row.dispositions);
  row.rates = { RR1: rates?.RR1 ?? null, RR2: rates?.RR2 ?? null, COOP1: rates?.COOP1 ?? null };
  row.accountResponseRate = row.clientsInvited > 0 ? row.clientsCompleted / row.clientsInvited : null;
  if (segment === 'section' && row.key) {
    const info = INDUSTRY_SECTIONS.find((section) => section.section === row.key);
    if (info) {
      row.labelEn = `${row.key} · ${info.nameEn}`;
      row.labelRu = `${row.key} · ${info.nameRu}`;
    }
  }
}

function sortSegments(rows: FunnelRow[], segment: FunnelSegment | null): FunnelRow[] {
  if (segment === 'size') return rows.sort((a, b) => sizeOrder.indexOf(a.key) - sizeOrder.indexOf(b.key));
  if (segment === 'section') return rows.sort((a, b) => a.key.localeCompare(b.key));
  return rows.sort((a, b) => b.invited - a.invited || a.labelEn.localeCompare(b.labelEn));
}
