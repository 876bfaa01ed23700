import { and, asc, count, eq, or, type SQL, sql } from 'drizzle-orm';
import { z } from 'zod';
import type { StaffUser } from '#app/auth/session.server.ts';
import { notFound } from '#app/auth/session.server.ts';
import { getDb } from '#db/client.ts';
import { followUpReasons, followUpStatuses } from '#db/schema/domain.ts';
import { clients, followUps, managers, responses } from '#db/schema/index.ts';
import { recordAudit } from './audit.server.ts';
import { clientScope } from './clients.server.ts';

export const followUpPageSize = 25;

/** 'unresolved' (open or in progress) is what a manager works from, so it is the default. */
export const followUpStatusFilters = ['unresolved', ...followUpStatuses, 'all'] as const;

export const followUpFilterSchema = z.object({
  status: z.enum(followUpStatusFilters).catch('unresolved').default('unresolved'),
  reason: z.enum(followUpReasons).optional().catch(undefined),
  manager: z.string().uuid().optional().catch(undefined),
  page: z.coerce.number().int().min(1).max(100_000).catch(1).default(1),
});

export type FollowUpFilter = z.infer<typeof followUpFilterSchema>;

/**
 * Row-level access: a manager sees the follow-ups assigned to them, those of the clients they now
 * serve (a task stays with whoever holds the relationship) and, as a unit head, the overdue ones
 * escalated to them (app/follow-ups/escalation.server.ts); other roles see all.
 */
function followUpScope(viewer: StaffUser): SQL | undefined {
  if (viewer.role !== 'manager') return undefined;
  if (!viewer.managerId) return sql`false`;
  return or(
    eq(followUps.managerId, viewer.managerId),
    clientScope(viewer),
    eq(followUps.escalatedTo, viewer.managerId),
  );
}

function filterConditions(filter: FollowUpFilter, viewer: StaffUser): SQL[] {
  const conditions: SQL[] = [];
  if (filter.status === 'unresolved') conditions.push(sql`${followUps.status} <> 'resolved'`);
  else if (filter.status !== 'all') conditions.push(eq(followUps.status, filter.status));
  if (filter.reason) conditions.push(eq(followUps.reason, filter.reason));
  if (filter.manager && viewer.role !== 'manager') conditions.push(eq(followUps.managerId, filter.manager));
  return conditions;
}

const EXCERPT_LENGTH = 160;

/**
 * The follow-ups the viewer may see, most urgent first, each with what the manager needs before
 * calling: the client's likelihood to recommend and the start of their comment.
 */
export async function listFollowUps({ viewer, filter }: { viewer: StaffUser; filter: FollowUpFilter }) {
  const where = and(followUpScope(viewer), ...filterConditions(filter, viewer));
  const db = getDb();
  const [{ total }] = await db
    .select({ total: count() })
    .from(followUps)
    .innerJoin(clients, eq(clients.id, followUps.clientId))
    .where(where);
  // The templates' free-text questions: the general comment, else "what should we improve first".
  const comment = sql<string | null>`left(coalesce(nullif(${responses.answers}->>'comments', ''),
    nullif(${responses.answers}->>'improve_first', '')), ${EXCERPT_LENGTH + 1})`;
  const rows = await db
    .select({
      id: followUps.id,
      clientId: clients.id,
      clientName: clients.name,
      managerName: managers.fullName,
      reason: followUps.reason,
      status: followUps.status,
      dueOn: followUps.dueOn,
      overdue: sql<boolean>`${followUps.status} <> 'resolved' AND ${followUps.dueOn} < current_date`,
      outcome: followUps.outcome,
      resolvedAt: followUps.resolvedAt,
      completedAt: responses.completedAt,
      ltr: sql<number | null>`(SELECT sf.value FROM score_facts sf
        WHERE sf.response_id = ${followUps.responseId} AND sf.metric = 'nps' LIMIT 1)`,
      comment,
    })
    .from(followUps)
    .innerJoin(clients, eq(clients.id, followUps.clientId))
    .innerJoin(responses, eq(responses.id, followUps.responseId))
    .leftJoin(managers, eq(managers.id, followUps.managerId))
    .where(where)
    .orderBy(sql`${followUps.status} = 'resolved'`, asc(followUps.dueOn), asc(followUps.createdAt))
    .limit(followUpPageSize)
    .offset((filter.page - 1) * followUpPageSize);
  return {
    rows: rows.map(({ comment: text, ltr, overdue, ...row }) => ({
      ...row,
      ltr: ltr === null ? null : Number(ltr),
      overdue: Boolean(overdue),
      comment: text && text.length > EXCERPT_LENGTH ? `${text.slice(0, EXCERPT_LENGTH)}…` : text,
    })),
    total,
    page: filter.page,
    pageCount: Math.max(1, Math.ceil(total / followUpPageSize)),
  };
}

/** Managers to filter by; a manager only ever sees their own, so they get no choice. */
export async function followUpManagerOptions(viewer: StaffUser) {
  if (viewer.role === 'manager') return [];
  return getDb()
    .select({ id: managers.id, fullName: managers.fullName })
    .from(managers)
    .orderBy(asc(managers.fullName));
}

export const followUpActionSchema = z.discriminatedUnion('intent', [
  z.object({ intent: z.literal('start'), followUpId: z.string().uuid() }),
  z.object({
    intent: z.literal('resolve'),
    followUpId: z.string().uuid(),
    outcome: z.string().trim().min(1, 'errors.required').max(4000, 'followUps:outcomeTooLong'),
  }),
]);

export type FollowUpAction = z.infer<typeof followUpActionSchema>;

/**
 * Moves a follow-up on: 'start' marks it in progress, 'resolve' closes it with the outcome the
 * manager writes. A follow-up the viewer may not see is a 404; each change is audited.
 */
export async function updateFollowUp({
  action,
  viewer,
  ipAddress,
}: {
  action: FollowUpAction;
  viewer: StaffUser;
  ipAddress: string;
}): Promise<void> {
  await getDb().transaction(async (tx) => {
    const [followUp] = await tx
      .select({ id: followUps.id, status: followUps.status, clientId: followUps.clientId })
      .from(followUps)
      .innerJoin(clients, eq(clients.id, followUps.clientId))
      .where(and(eq(followUps.id, action.followUpId), followUpScope(viewer)))
      .for('update', { of: followUps });
    if (!followUp) throw notFound();
    // A resolved follow-up stays as it was resolved; submitting again (a second tab) changes nothing.
    if (followUp.status === 'resolved') return;

    if (action.intent === 'start') {
      if (followUp.status === 'in_progress') return;
      await tx.update(followUps).set({ status: 'in_progress' }).where(eq(followUps.id, followUp.id));
    } else {
      await tx
        .update(followUps)
        .set({ status: 'resolved', outcome: action.outcome, resolvedAt: new Date(), resolvedBy: viewer.id })
        .where(eq(followUps.id, followUp.id));
    }
    await recordAudit(tx, {
      actorUserId: viewer.id,
      action: action.intent === 'start' ? 'follow_up_started' : 'follow_up_resolved',
      entityType: 'follow_up',
      entityId: followUp.id,
      detail: { clientId: followUp.clientId, from: followUp.status },
      ipAddress,
    });
  });
}
