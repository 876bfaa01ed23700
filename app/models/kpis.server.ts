import { asc, desc, eq, lte } from 'drizzle-orm';
import { z } from 'zod';
import { notFound, type StaffUser } from '#app/auth/session.server.ts';
import { getDb } from '#db/client.ts';
import { kpiDirections } from '#db/schema/domain.ts';
import { kpiAggregations, kpis, kpiWeights, reviewPeriods } from '#db/schema/index.ts';
import { recordAudit } from './audit.server.ts';

/** KPIs Barometer measures itself from responses and follow-ups; they cannot be imported. */
export const measuredKpiCodes = ['satisfaction', 'follow_up_sla', 'response_coverage'] as const;
export type MeasuredKpiCode = (typeof measuredKpiCodes)[number];

export function isMeasuredKpi(code: string): code is MeasuredKpiCode {
  return (measuredKpiCodes as readonly string[]).includes(code);
}

/** A form value the database refused (a taken code or name); the route shows it beside the field. */
export class PerformanceFieldError extends Error {
  constructor(
    readonly field: string,
    readonly messageKey: string,
  ) {
    super(`${field}: ${messageKey}`);
  }
}

export type Kpi = typeof kpis.$inferSelect;

export async function listKpis(): Promise<Kpi[]> {
  return getDb().select().from(kpis).orderBy(asc(kpis.createdAt), asc(kpis.code));
}

export const newKpiSchema = z.object({
  code: z
    .string()
    .trim()
    .toLowerCase()
    .regex(/^[a-z][a-z0-9_]{1,39}$/, 'performance:errors.kpiCode'),
  nameEn: z.string().trim().min(1, 'errors.required').max(200),
  nameRu: z.string().trim().min(1, 'errors.required').max(200),
  unit: z.string().trim().min(1, 'errors.required').max(20),
  direction: z.enum(kpiDirections, 'errors.required'),
  aggregation: z.enum(kpiAggregations, 'errors.required'),
});

/** Management extends the catalogue; the code is the key imports and exports use. */
export async function createKpi({
  input,
  viewer,
  ipAddress,
}: {
  input: z.infer<typeof newKpiSchema>;
  viewer: StaffUser;
  ipAddress: string;
}) {
  return getDb().transaction(async (tx) => {
    const [taken] = await tx.select({ id: kpis.id }).from(kpis).where(eq(kpis.code, input.code));
    if (taken) throw new PerformanceFieldError('code', 'performance:errors.kpiCodeTaken');
    const [created] = await tx.insert(kpis).values(input).returning();
    await recordAudit(tx, {
      actorUserId: viewer.id,
      action: 'kpi_created',
      entityType: 'kpi',
      entityId: created.id,
      detail: { code: input.code, direction: input.direction, aggregation: input.aggregation },
      ipAddress,
    });
    return created;
  });
}

export type ReviewPeriod = typeof reviewPeriods.$inferSelect;

export async function listReviewPeriods(): Promise<ReviewPeriod[]> {
  return getDb()
    .select()
    .from(reviewPeriods)
    .orderBy(desc(reviewPeriods.startsOn), asc(reviewPeriods.endsOn));
}

export async function getReviewPeriod(id: string): Promise<ReviewPeriod> {
  const parsed = z.string().uuid().safeParse(id);
  if (!parsed.success) throw notFound();
  const [period] = await getDb().select().from(reviewPeriods).where(eq(reviewPeriods.id, parsed.data));
  if (!period) throw notFound();
  return period;
}

/**
 * The period a page opens on when none is chosen: the latest one that has started and has weights
 * (a card without weights has no score), else the latest that has started, else the first.
 */
export async function defaultReviewPeriod(today = new Date().toISOString().slice(0, 10)) {
  const db = getDb();
  const [weighted] = await db
    .selectDistinct({ period: reviewPeriods })
    .from(reviewPeriods)
    .innerJoin(kpiWeights, eq(kpiWeights.reviewPeriodId, reviewPeriods.id))
    .where(lte(reviewPeriods.startsOn, today))
    .orderBy(desc(reviewPeriods.startsOn))
    .limit(1);
  if (weighted) return weighted.period;
  const periods = await listReviewPeriods();
  return periods.find((period) => period.startsOn <= today) ?? periods.at(-1) ?? null;
}

/** The period from a query value, or the default one; an unknown id is a 404. */
export async function resolveReviewPeriod(periodId: string | null): Promise<ReviewPeriod | null> {
  if (periodId) return getReviewPeriod(periodId);
  return defaultReviewPeriod();
}

export const newPeriodSchema = z.object({
  year: z.coerce
    .number('errors.integer')
    .int('errors.integer')
    .min(2000, 'errors.unknown')
    .max(2100, 'errors.unknown'),
  span: z.enum(['Q1', 'Q2', 'Q3', 'Q4', 'year'], 'errors.required'),
});

const quarterEnds = { Q1: '03-31', Q2: '06-30', Q3: '09-30', Q4: '12-31' } as const;
const quarterStarts = { Q1: '01-01', Q2: '04-01', Q3: '07-01', Q4: '10-01' } as const;

/** A calendar quarter or year, named like the seed's periods (2026-Q3, 2026). */
export async function createReviewPeriod({
  input,
  viewer,
  ipAddress,
}: {
  input: z.infer<typeof newPeriodSchema>;
  viewer: StaffUser;
  ipAddress: string;
}) {
  const { year, span } = input;
  const values =
    span === 'year'
      ? { name: String(year), startsOn: `${year}-01-01`, endsOn: `${year}-12-31` }
      : {
          name: `${year}-${span}`,
          startsOn: `${year}-${quarterStarts[span]}`,
          endsOn: `${year}-${quarterEnds[span]}`,
        };
  return getDb().transaction(async (tx) => {
    const [taken] = await tx
      .select({ id: reviewPeriods.id })
      .from(reviewPeriods)
      .where(eq(reviewPeriods.name, values.name));
    if (taken) throw new PerformanceFieldError('span', 'performance:errors.periodExists');
    const [created] = await tx.insert(reviewPeriods).values(values).returning();
    await recordAudit(tx, {
      actorUserId: viewer.id,
      action: 'review_period_created',
      entityType: 'review_period',
      entityId: created.id,
      detail: values,
      ipAddress,
    });
    return created;
  });
}

export async function periodWeights(periodId: string): Promise<Map<string, number>> {
  const rows = await getDb()
    .select({ kpiId: kpiWeights.kpiId, weight: kpiWeights.weight })
    .from(kpiWeights)
    .where(eq(kpiWeights.reviewPeriodId, periodId));
  return new Map(rows.map((row) => [row.kpiId, row.weight]));
}

/**
 * Weights arrive as percent per KPI (`weight.<kpiId>`, blank = not on the card) and must add up to
 * 100, so a card's score stays on the attainment scale.
 */
export function parseWeights(
  fields: Record<string, string>,
  kpiIds: readonly string[],
): { ok: true; weights: Map<string, number> } | { ok: false; fieldErrors: Record<string, string> } {
  const fieldErrors: Record<string, string> = {};
  const weights = new Map<string, number>();
  for (const kpiId of kpiIds) {
    const raw = (fields[`weight.${kpiId}`] ?? '').trim().replace(',', '.');
    if (raw === '') continue;
    const percent = Number(raw);
    if (!Number.isFinite(percent)) fieldErrors[`weight.${kpiId}`] = 'errors.number';
    else if (percent < 0 || percent > 100) fieldErrors[`weight.${kpiId}`] = 'performance:errors.percent';
    else if (percent > 0) weights.set(kpiId, percent / 100);
  }
  if (Object.keys(fieldErrors).length > 0) return { ok: false, fieldErrors };
  const total = [...weights.values()].reduce((sum, weight) => sum + weight, 0);
  if (Math.abs(total - 1) > 1e-6)
    return { ok: false, fieldErrors: { weights: 'performance:errors.weightsTotal' } };
  return { ok: true, weights };
}

/** Replaces a period's weights in one transaction; signed reviews keep the weights they were signed with. */
export async function saveWeights({
  periodId,
  weights,
  viewer,
  ipAddress,
}: {
  periodId: string;
  weights: ReadonlyMap<string, number>;
  viewer: StaffUser;
  ipAddress: string;
}) {
  await getDb().transaction(async (tx) => {
    const [period] = await tx
      .select({ id: reviewPeriods.id })
      .from(reviewPeriods)
      .where(eq(reviewPeriods.id, periodId));
    if (!period) throw notFound();
    await tx.delete(kpiWeights).where(eq(kpiWeights.reviewPeriodId, periodId));
    if (weights.size > 0) {
      await tx
        .insert(kpiWeights)
        .values([...weights].map(([kpiId, weight]) => ({ reviewPeriodId: periodId, kpiId, weight })));
    }
    await recordAudit(tx, {
      actorUserId: viewer.id,
      action: 'kpi_weights_set',
      entityType: 'review_period',
      entityId: periodId,
      detail: { weights: Object.fromEntries(weights) },
      ipAddress,
    });
  });
}
