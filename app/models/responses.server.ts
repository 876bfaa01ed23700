import { sql } from 'drizzle-orm';
import { type Executor, getDb } from '#db/client.ts';
import type { ContactRole, InvitationStatus, Locale, SizeSegment } from '#db/schema/domain.ts';
import { selectPreparedRows, selectRows } from '#db/raw-query.ts';
import type { SurveyDefinition } from '#surveys/definition.ts';
import { withProductRows } from '#surveys/product-rows.ts';
import { type AlertReason, alertReasons, extractScoreFacts } from '#surveys/scoring.ts';
import { type AnswerError, type AnswersValidator, compileValidator } from '#surveys/validation.ts';
import { hashInvitationToken } from './invitation-tokens.server.ts';
import { completedResponseWebhooks } from '#app/webhooks/events.server.ts';

// The respondent's side of a wave: opening a personal link, saving answers page by page, completing
// once (idempotently) and opting out. Completion is the hot path of a running wave, so it reads the
// invitation with everything it needs in one query and writes in one statement; survey-core is never
// instantiated here (surveys/validation.ts compiles a validator per definition instead).

export type RespondentErrorCode =
  | 'unknown_link'
  | 'invalid_answers'
  | 'already_completed'
  | 'opted_out'
  | 'closed';

const errorMessages: Record<RespondentErrorCode, string> = {
  unknown_link: 'This link is not valid.',
  invalid_answers: 'Some answers are not valid.',
  already_completed: 'This questionnaire has already been completed; answers can no longer be changed.',
  opted_out: 'This contact has opted out of our surveys.',
  closed: 'This survey has closed.',
};

const errorStatus: Record<RespondentErrorCode, number> = {
  unknown_link: 404,
  invalid_answers: 400,
  already_completed: 409,
  opted_out: 409,
  closed: 410,
};

/** An expected refusal of a respondent's request; the resource route turns it into JSON. */
export class RespondentError extends Error {
  readonly status: number;
  constructor(
    readonly code: RespondentErrorCode,
    readonly errors: AnswerError[] = [],
  ) {
    super(errorMessages[code]);
    this.status = errorStatus[code];
  }
}

/** Invitation tokens are 32 random bytes in base64url; anything else is not worth a query. */
const tokenShape = /^[A-Za-z0-9_-]{20,128}$/;

export function isTokenShaped(token: string | undefined): token is string {
  return typeof token === 'string' && tokenShape.test(token);
}

interface ClientProduct {
  id: string;
  code: string;
  nameEn: string;
  nameRu: string;
  active: boolean;
}

interface InvitationContext {
  invitationId: string;
  status: InvitationStatus;
  waveId: string;
  surveyVersionId: string;
  versionFrozen: boolean;
  waveClosed: boolean;
  clientId: string;
  clientName: string;
  contactId: string;
  contactLanguage: Locale;
  contactOptedOut: boolean;
  contactRole: ContactRole;
  sizeSegment: SizeSegment;
  industrySection: string;
  regionCode: string;
  unitId: string;
  managerId: string | null;
  groupId: string | null;
  isVip: boolean;
  products: ClientProduct[];
  responseId: string | null;
  responseStatus: 'partial' | 'completed' | null;
  responseLanguage: Locale | null;
  answers?: Record<string, unknown> | null;
  currentPage?: number | null;
  slaDays?: unknown;
}

/**
 * The invitation behind a token with its wave, client, contact, the client's products and any
 * response so far: one query. `lock` holds the invitation row for the rest of a transaction (opt-out).
 */
async function readInvitation(
  executor: Executor,
  tokenHash: string,
  options: { lock?: boolean; answers?: boolean; followUpSla?: boolean } = {},
): Promise<InvitationContext | undefined> {
  const [row] = await selectPreparedRows<InvitationContext>(
    executor,
    sql`SELECT i.id AS "invitationId", i.status, i.wave_id AS "waveId",
        w.survey_version_id AS "surveyVersionId", (sv.frozen_at IS NOT NULL) AS "versionFrozen",
        (w.status = 'closed' OR (w.expires_at IS NOT NULL AND w.expires_at <= now())) AS "waveClosed",
        i.client_id AS "clientId", c.name AS "clientName", i.contact_id AS "contactId",
        ct.language AS "contactLanguage", (ct.opted_out_at IS NOT NULL) AS "contactOptedOut",
        ct.role AS "contactRole", c.size_segment AS "sizeSegment", c.industry_section AS "industrySection",
        c.region_code AS "regionCode", c.unit_id AS "unitId", c.manager_id AS "managerId",
        c.group_id AS "groupId", cardinality(c.vip_criteria) > 0 AS "isVip",
        (SELECT coalesce(json_agg(json_build_object('id', p.id, 'code', p.code, 'nameEn', p.name_en,
                  'nameRu', p.name_ru, 'active', p.active) ORDER BY p.code), '[]'::json)
           FROM client_products cp JOIN products p ON p.id = cp.product_id
          WHERE cp.client_id = i.client_id) AS products,
        r.id AS "responseId", r.status AS "responseStatus", r.language AS "responseLanguage"
        ${options.answers ? sql`, r.answers, r.current_page AS "currentPage"` : sql``}
        ${
          options.followUpSla
            ? sql`, (SELECT s.value FROM settings s WHERE s.key = 'follow_up_sla_days'
                      ORDER BY s.version DESC LIMIT 1) AS "slaDays"`
            : sql``
        }
      FROM invitations i
      JOIN waves w ON w.id = i.wave_id
      JOIN survey_versions sv ON sv.id = w.survey_version_id
      JOIN clients c ON c.id = i.client_id
      JOIN contacts ct ON ct.id = i.contact_id
      LEFT JOIN responses r ON r.invitation_id = i.id
      WHERE i.token_hash = ${tokenHash}
      ${options.lock ? sql`FOR UPDATE OF i` : sql``}`,
  );
  return row;
}

// Survey versions never change once frozen (a database trigger refuses it), so their definitions
// are kept in memory; a draft version (possible only in tests and previews) is read every time.
const frozenDefinitions = new Map<string, SurveyDefinition>();

async function definitionOf(executor: Executor, invitation: InvitationContext): Promise<SurveyDefinition> {
  const cached = frozenDefinitions.get(invitation.surveyVersionId);
  if (cached) return cached;
  const [row] = await selectRows<{ definition: SurveyDefinition }>(
    executor,
    sql`SELECT definition FROM survey_versions WHERE id = ${invitation.surveyVersionId}`,
  );
  if (invitation.versionFrozen) frozenDefinitions.set(invitation.surveyVersionId, row.definition);
  return row.definition;
}

/** What a respondent answers and what their answers are checked against: one per version and product set. */
interface PreparedSurvey {
  definition: SurveyDefinition;
  validate: AnswersValidator;
  productIdByCode: ReadonlyMap<string, string>;
}

const preparedSurveys = new Map<string, PreparedSurvey>();
const PREPARED_SURVEY_LIMIT = 1000;

async function prepareSurvey(executor: Executor, invitation: InvitationContext): Promise<PreparedSurvey> {
  const rows = invitation.products.filter((product) => product.active);
  const key = `${invitation.surveyVersionId}|${rows.map((product) => product.code).join(',')}`;
  const cached = invitation.versionFrozen ? preparedSurveys.get(key) : undefined;
  if (cached) return cached;
  // The product matrix lists the client's own products, so answers are checked against the same rows.
  const definition = withProductRows(await definitionOf(executor, invitation), rows);
  const prepared: PreparedSurvey = {
    definition,
    validate: compileValidator(definition),
    productIdByCode: new Map(invitation.products.map((product) => [product.code, product.id])),
  };
  if (invitation.versionFrozen) {
    if (preparedSurveys.size >= PREPARED_SURVEY_LIMIT) preparedSurveys.clear();
    preparedSurveys.set(key, prepared);
  }
  return prepared;
}

function refuseUnlessOpen(invitation: InvitationContext): void {
  if (invitation.responseStatus === 'completed' || invitation.status === 'completed') {
    throw new RespondentError('already_completed');
  }
  if (invitation.contactOptedOut || invitation.status === 'opted_out') throw new RespondentError('opted_out');
  if (invitation.waveClosed || invitation.status === 'expired') throw new RespondentError('closed');
}

function languageOf(invitation: InvitationContext, chosen: Locale | undefined): Locale {
  return chosen ?? invitation.responseLanguage ?? invitation.contactLanguage;
}

/** The client's dimensions as they are now: stored with the response so later changes leave it alone. */
function snapshotOf(invitation: InvitationContext) {
  const productIds = invitation.products.map((product) => product.id);
  return sql`${invitation.sizeSegment}, ${invitation.industrySection}, ${invitation.regionCode},
    ${invitation.unitId}::uuid, ${invitation.managerId}::uuid, ${invitation.groupId}::uuid,
    ${invitation.contactRole}, ${invitation.isVip}, ${`{${productIds.join(',')}}`}::uuid[]`;
}

const snapshotColumns = sql.raw(
  'size_segment, industry_section, region_code, unit_id, manager_id, client_group_id, contact_role, is_vip, product_ids',
);
const snapshotUpdates = sql.raw(
  `size_segment = excluded.size_segment, industry_section = excluded.industry_section,
   region_code = excluded.region_code, unit_id = excluded.unit_id, manager_id = excluded.manager_id,
   client_group_id = excluded.client_group_id, contact_role = excluded.contact_role,
   is_vip = excluded.is_vip, product_ids = excluded.product_ids`,
);

// Invitation states from which opening the link or a first save moves it forward.
const notYetOpened = ['queued', 'sent', 'bounced', 'failed'] as const;
const notYetStarted = [...notYetOpened, 'opened'] as const;

const sqlValues = (values: readonly string[]) =>
  sql.join(
    values.map((value) => sql`${value}`),
    sql`, `,
  );

export type RespondentPage =
  | { state: 'invalid' }
  | { state: 'completed' | 'opted_out' | 'closed'; clientName: string; language: Locale }
  | {
      state: 'open';
      clientName: string;
      language: Locale;
      definition: SurveyDefinition;
      answers: Record<string, unknown>;
      currentPage: number;
    };

/**
 * What the personal link shows. Opening a link that was not opened before records it (the wave
 * monitor's "opened"); the questionnaire comes with the client's products as the product rows and
 * with the answers saved so far, so a respondent resumes where they left off, on any device.
 */
export async function getRespondentPage({ token }: { token: string | undefined }): Promise<RespondentPage> {
  if (!isTokenShaped(token)) return { state: 'invalid' };
  const db = getDb();
  const invitation = await readInvitation(db, hashInvitationToken(token), { answers: true });
  if (!invitation) return { state: 'invalid' };
  const common = { clientName: invitation.clientName, language: languageOf(invitation, undefined) };
  if (invitation.responseStatus === 'completed' || invitation.status === 'completed') {
    return { state: 'completed', ...common };
  }
  if (invitation.contactOptedOut || invitation.status === 'opted_out')
    return { state: 'opted_out', ...common };
  if (invitation.waveClosed || invitation.status === 'expired') return { state: 'closed', ...common };

  if ((notYetOpened as readonly string[]).includes(invitation.status)) {
    await db.execute(
      sql`WITH opened AS (
            UPDATE invitations SET status = 'opened', opened_at = coalesce(opened_at, now()), updated_at = now()
             WHERE id = ${invitation.invitationId} AND status IN (${sqlValues(notYetOpened)})
            RETURNING id)
          INSERT INTO invitation_events (invitation_id, status) SELECT id, 'opened' FROM opened`,
    );
  }
  const survey = await prepareSurvey(db, invitation);
  return {
    state: 'open',
    ...common,
    definition: survey.definition,
    answers: invitation.answers ?? {},
    currentPage: invitation.currentPage ?? 0,
  };
}

export interface SaveAnswersInput {
  token: string;
  answers: unknown;
  currentPage: number;
  language?: Locale;
}

// A save is one statement, so it is its own transaction with no BEGIN and COMMIT round trips; so is
// a completion. Each writes only while the invitation is still open and the response still partial
// (the unique invitation_id makes a concurrent second writer wait, then re-check), and says by
// returning no row that something else got there first.
const openInvitation = (invitationId: string) =>
  sql`SELECT id FROM invitations WHERE id = ${invitationId} AND status NOT IN ('completed', 'opted_out', 'expired')`;

/**
 * Keeps a partial response: the answers so far (replacing the previous save) and the page the
 * respondent is on. The first save marks the invitation started. Invalid answers change nothing.
 */
export async function saveAnswers({
  token,
  answers,
  currentPage,
  language,
}: SaveAnswersInput): Promise<void> {
  if (!isTokenShaped(token)) throw new RespondentError('unknown_link');
  const tokenHash = hashInvitationToken(token);
  const db = getDb();
  const invitation = await readInvitation(db, tokenHash);
  if (!invitation) throw new RespondentError('unknown_link');
  refuseUnlessOpen(invitation);
  const survey = await prepareSurvey(db, invitation);
  const result = survey.validate(answers, { complete: false });
  if (!result.ok) throw new RespondentError('invalid_answers', result.errors);

  const saved = await selectPreparedRows<{ id: string }>(
    db,
    sql`WITH target AS (${openInvitation(invitation.invitationId)}),
        saved AS (
          INSERT INTO responses (invitation_id, wave_id, survey_version_id, client_id, contact_id, status,
                                 answers, current_page, language, ${snapshotColumns})
          SELECT target.id, ${invitation.waveId}, ${invitation.surveyVersionId}, ${invitation.clientId},
                 ${invitation.contactId}, 'partial', ${JSON.stringify(result.answers)}::jsonb, ${currentPage},
                 ${languageOf(invitation, language)}, ${snapshotOf(invitation)}
            FROM target
          ON CONFLICT (invitation_id) DO UPDATE
             SET answers = excluded.answers, current_page = excluded.current_page,
                 language = excluded.language, ${snapshotUpdates}, updated_at = now()
           WHERE responses.status = 'partial'
          RETURNING id),
        started AS (
          UPDATE invitations
             SET status = 'started', opened_at = coalesce(opened_at, now()),
                 started_at = coalesce(started_at, now()), updated_at = now()
           WHERE id = ${invitation.invitationId} AND status IN (${sqlValues(notYetStarted)})
             AND EXISTS (SELECT 1 FROM saved)
          RETURNING id),
        event AS (INSERT INTO invitation_events (invitation_id, status) SELECT id, 'started' FROM started)
        SELECT id FROM saved`,
  );
  if (saved.length === 0) await refuseAsNow(db, tokenHash);
}

/** After a write that found the invitation no longer open: the refusal that now applies. */
async function refuseAsNow(executor: Executor, tokenHash: string): Promise<never> {
  const invitation = await readInvitation(executor, tokenHash);
  if (!invitation) throw new RespondentError('unknown_link');
  refuseUnlessOpen(invitation);
  throw new Error(`invitation ${invitation.invitationId} is open but its response could not be written`);
}

export interface CompleteResponseInput {
  token: string;
  answers: unknown;
  language?: Locale;
}

export interface CompletedResponse {
  responseId: string;
  /** True when this call found the response already completed and changed nothing. */
  alreadyCompleted: boolean;
}

// One follow-up per response: one call to the client settles all its alerts, so the task carries the
// most urgent reason.
const urgency: readonly AlertReason[] = ['contact_request', 'detractor', 'low_score'];

const DEFAULT_FOLLOW_UP_SLA_DAYS = 2;

/**
 * Completes the response once. One statement writes the response with its answers and the
 * client's dimensions at this moment, its score facts, the invitation marked completed, a follow-up
 * for the personal manager when an alert rule fires, and the response's place in the queue of the
 * dashboards' rollups (analytics/aggregations/rollup-folder.ts folds it in a second or two later):
 * all of it or nothing. Completing again (a double click, a retry after a lost reply, two at the
 * same instant) returns the first response and writes nothing.
 */
export async function completeResponse({
  token,
  answers,
  language,
}: CompleteResponseInput): Promise<CompletedResponse> {
  if (!isTokenShaped(token)) throw new RespondentError('unknown_link');
  const tokenHash = hashInvitationToken(token);
  const db = getDb();
  const invitation = await readInvitation(db, tokenHash, { followUpSla: true });
  if (!invitation) throw new RespondentError('unknown_link');
  if (invitation.responseStatus === 'completed') {
    return { responseId: invitation.responseId!, alreadyCompleted: true };
  }
  refuseUnlessOpen(invitation);
  const survey = await prepareSurvey(db, invitation);
  const result = survey.validate(answers, { complete: true });
  if (!result.ok) throw new RespondentError('invalid_answers', result.errors);

  const facts = await scoreFactRows(db, survey, result.answers);
  const reasons = alertReasons(survey.definition, result.answers);
  const reason = urgency.find((candidate) => reasons.includes(candidate)) ?? null;
  const completedAt = new Date().toISOString();
  const dueOn = addWorkingDays(completedAt.slice(0, 10), followUpSlaDays(invitation.slaDays));

  // One statement, so its own transaction. The response is queued for the rollups (and the other
  // fold steps) in the same statement as its facts: the background folder applies it shortly after.
  const [completed] = await selectPreparedRows<{ id: string }>(
    db,
    sql`WITH target AS (${openInvitation(invitation.invitationId)}),
        completed AS (
          INSERT INTO responses (invitation_id, wave_id, survey_version_id, client_id, contact_id, status,
                                 answers, current_page, language, completed_at, ${snapshotColumns})
          SELECT target.id, ${invitation.waveId}, ${invitation.surveyVersionId}, ${invitation.clientId},
                 ${invitation.contactId}, 'completed', ${JSON.stringify(result.answers)}::jsonb, 0,
                 ${languageOf(invitation, language)}, ${completedAt}::timestamptz, ${snapshotOf(invitation)}
            FROM target
          ON CONFLICT (invitation_id) DO UPDATE
             SET status = 'completed', answers = excluded.answers, language = excluded.language,
                 completed_at = excluded.completed_at, ${snapshotUpdates}, updated_at = now()
           WHERE responses.status = 'partial'
          RETURNING id),
        facts AS (
          INSERT INTO score_facts (response_id, wave_id, metric, attribute, product_id, value, question)
          SELECT completed.id, ${invitation.waveId}, f.metric, f.attribute, f.product_id, f.value, f.question
            FROM completed,
                 jsonb_to_recordset(${JSON.stringify(facts)}::jsonb)
                   AS f(metric text, attribute text, product_id uuid, value double precision, question text)),
        invitation AS (
          UPDATE invitations
             SET status = 'completed', completed_at = ${completedAt}::timestamptz,
                 opened_at = coalesce(opened_at, ${completedAt}::timestamptz),
                 started_at = coalesce(started_at, ${completedAt}::timestamptz), updated_at = now()
           WHERE id = ${invitation.invitationId} AND EXISTS (SELECT 1 FROM completed)),
        event AS (
          INSERT INTO invitation_events (invitation_id, status, at)
          SELECT ${invitation.invitationId}::uuid, 'completed', ${completedAt}::timestamptz FROM completed),
        follow_up AS (
          INSERT INTO follow_ups (response_id, client_id, manager_id, reason, due_on)
          SELECT completed.id, ${invitation.clientId}, ${invitation.managerId}::uuid, ${reason}, ${dueOn}::date
            FROM completed WHERE ${reason}::text IS NOT NULL),
        pending AS (INSERT INTO pending_rollups (response_id) SELECT id FROM completed),
        webhooks AS (${completedResponseWebhooks({ ...invitation, completedAt, language: languageOf(invitation, language), scores: facts.filter((fact) => ['nps', 'csat', 'ces', 'overall'].includes(fact.metric)), followUpReason: reason, followUpDueOn: dueOn })})
        SELECT id FROM completed`,
  );
  if (completed) return { responseId: completed.id, alreadyCompleted: false };

  // Someone else wrote first: the same respondent completing twice at once, or an opt-out.
  const [first] = await selectRows<{ id: string }>(
    db,
    sql`SELECT id FROM responses WHERE invitation_id = ${invitation.invitationId} AND status = 'completed'`,
  );
  if (first) return { responseId: first.id, alreadyCompleted: true };
  return refuseAsNow(db, tokenHash);
}

interface ScoreFactRow {
  metric: string;
  attribute: string | null;
  product_id: string | null;
  value: number;
  question: string;
}

async function scoreFactRows(
  executor: Executor,
  survey: PreparedSurvey,
  answers: Record<string, unknown>,
): Promise<ScoreFactRow[]> {
  const facts = extractScoreFacts(survey.definition, answers);
  // Product matrices use the client's products; a question annotated with some other product
  // (scoreProduct) is looked up by code.
  const missing = [
    ...new Set(
      facts.flatMap((fact) =>
        fact.productCode && !survey.productIdByCode.has(fact.productCode) ? [fact.productCode] : [],
      ),
    ),
  ];
  const others = new Map<string, string>();
  if (missing.length > 0) {
    const rows = await selectRows<{ id: string; code: string }>(
      executor,
      sql`SELECT id, code FROM products WHERE code IN (${sqlValues(missing)})`,
    );
    for (const row of rows) others.set(row.code, row.id);
  }
  return facts.map((fact) => ({
    metric: fact.metric,
    attribute: fact.attribute,
    product_id: fact.productCode
      ? (survey.productIdByCode.get(fact.productCode) ?? others.get(fact.productCode) ?? null)
      : null,
    value: fact.value,
    question: fact.question,
  }));
}

function followUpSlaDays(setting: unknown): number {
  return Number.isInteger(setting) && (setting as number) >= 0 && (setting as number) <= 60
    ? (setting as number)
    : DEFAULT_FOLLOW_UP_SLA_DAYS;
}

/** The date `days` working days (Monday to Friday) after `isoDay`; public holidays are not known here. */
export function addWorkingDays(isoDay: string, days: number): string {
  const date = new Date(`${isoDay}T00:00:00Z`);
  let left = days;
  while (left > 0) {
    date.setUTCDate(date.getUTCDate() + 1);
    const weekday = date.getUTCDay();
    if (weekday !== 0 && weekday !== 6) left--;
  }
  return date.toISOString().slice(0, 10);
}

export type OptOutPage =
  | { state: 'invalid' }
  | { state: 'ready' | 'opted_out'; clientName: string; language: Locale };

export async function getOptOutPage({ token }: { token: string | undefined }): Promise<OptOutPage> {
  if (!isTokenShaped(token)) return { state: 'invalid' };
  const invitation = await readInvitation(getDb(), hashInvitationToken(token));
  if (!invitation) return { state: 'invalid' };
  return {
    state: invitation.contactOptedOut ? 'opted_out' : 'ready',
    clientName: invitation.clientName,
    language: languageOf(invitation, undefined),
  };
}

/**
 * The contact asks for no more surveys: the contact is marked opted out, this invitation too (unless
 * it was already answered), and every message still queued for the contact is cancelled.
 */
export async function optOut({ token }: { token: string | undefined }): Promise<void> {
  if (!isTokenShaped(token)) throw new RespondentError('unknown_link');
  const tokenHash = hashInvitationToken(token);
  await getDb().transaction(async (tx) => {
    const invitation = await readInvitation(tx, tokenHash, { lock: true });
    if (!invitation) throw new RespondentError('unknown_link');
    await tx.execute(
      sql`UPDATE contacts SET opted_out_at = coalesce(opted_out_at, now()), updated_at = now()
           WHERE id = ${invitation.contactId}`,
    );
    if (invitation.status !== 'completed' && invitation.status !== 'opted_out') {
      await tx.execute(
        sql`WITH opted_out AS (
              UPDATE invitations SET status = 'opted_out', updated_at = now()
               WHERE id = ${invitation.invitationId} RETURNING id)
            INSERT INTO invitation_events (invitation_id, status) SELECT id, 'opted_out' FROM opted_out`,
      );
    }
    await tx.execute(
      sql`UPDATE mail_messages SET status = 'cancelled', updated_at = now()
           WHERE status = 'queued'
             AND invitation_id IN (SELECT id FROM invitations WHERE contact_id = ${invitation.contactId})`,
    );
  });
}
