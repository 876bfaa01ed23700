import { and, asc, eq, inArray, sql } from 'drizzle-orm';
import { z } from 'zod';
import { notFound, type StaffUser } from '#app/auth/session.server.ts';
import { readTabularFile, TabularFileError } from '#app/imports/tabular.server.ts';
import { type Aggregation, periodMonths, periodTargetFor } from '#analytics/performance/index.ts';
import { FLAT_SEASONAL_PROFILE } from '#analytics/metrics/index.ts';
import { getDb } from '#db/client.ts';
import {
  kpiActuals,
  kpiAdjustments,
  kpis,
  kpiTargets,
  managerReviews,
  managers,
  reviewPeriods,
  units,
} from '#db/schema/index.ts';
import { recordAudit } from './audit.server.ts';
import { isMeasuredKpi, PerformanceFieldError } from './kpis.server.ts';
import { requireManagerInScope } from './scorecards.server.ts';

// ---------------------------------------------------------------------------------------------
// Annual targets with their seasonal profile

export interface TargetRow {
  managerId: string;
  fullName: string;
  unitNameEn: string;
  unitNameRu: string;
  annualTarget: number | null;
  seasonalProfile: number[];
}

/** One KPI's annual targets for a year, for every active manager (blank where none is set yet). */
export async function listTargets({ kpiId, year }: { kpiId: string; year: number }): Promise<TargetRow[]> {
  const db = getDb();
  const rows = await db
    .select({
      managerId: managers.id,
      fullName: managers.fullName,
      unitNameEn: units.nameEn,
      unitNameRu: units.nameRu,
      annualTarget: kpiTargets.annualTarget,
      seasonalProfile: kpiTargets.seasonalProfile,
    })
    .from(managers)
    .innerJoin(units, eq(units.id, managers.unitId))
    .leftJoin(
      kpiTargets,
      and(eq(kpiTargets.managerId, managers.id), eq(kpiTargets.kpiId, kpiId), eq(kpiTargets.year, year)),
    )
    .where(eq(managers.active, true))
    .orderBy(asc(units.nameEn), asc(managers.fullName));
  return rows.map((row) => ({
    ...row,
    annualTarget: row.annualTarget === null ? null : Number(row.annualTarget),
    seasonalProfile: row.seasonalProfile ?? [...FLAT_SEASONAL_PROFILE],
  }));
}

/** The twelve factors as typed: numbers separated by spaces or semicolons, decimal comma allowed. */
const seasonalProfileField = z
  .string()
  .trim()
  .transform((text) =>
    text === ''
      ? [...FLAT_SEASONAL_PROFILE]
      : text.split(/[\s;]+/).map((part) => Number(part.replace(',', '.'))),
  )
  .refine(
    (factors) => factors.length === 12 && factors.every((factor) => Number.isFinite(factor) && factor >= 0),
    'performance:errors.profile',
  )
  .refine((factors) => factors.some((factor) => factor > 0), 'performance:errors.profile');

const amountField = z
  .string()
  .trim()
  .transform((text) => Number(text.replace(/\s/g, '').replace(',', '.')))
  .refine(Number.isFinite, 'errors.number')
  .refine((value) => value >= 0, 'errors.negative');

export const targetSchema = z.object({
  managerId: z.string().uuid('errors.required'),
  kpiId: z.string().uuid('errors.required'),
  year: z.coerce
    .number('errors.integer')
    .int('errors.integer')
    .min(2000, 'errors.unknown')
    .max(2100, 'errors.unknown'),
  annualTarget: amountField,
  seasonalProfile: seasonalProfileField,
});

/** Sets (or replaces) one manager's annual target for a KPI; every change is audited with the old value. */
export async function saveTarget({
  input,
  viewer,
  ipAddress,
}: {
  input: z.infer<typeof targetSchema>;
  viewer: StaffUser;
  ipAddress: string;
}) {
  await getDb().transaction(async (tx) => {
    const [manager] = await tx
      .select({ id: managers.id })
      .from(managers)
      .where(eq(managers.id, input.managerId));
    if (!manager) throw new PerformanceFieldError('managerId', 'errors.unknown');
    const [kpi] = await tx.select({ id: kpis.id }).from(kpis).where(eq(kpis.id, input.kpiId));
    if (!kpi) throw new PerformanceFieldError('kpiId', 'errors.unknown');
    const [previous] = await tx
      .select()
      .from(kpiTargets)
      .where(
        and(
          eq(kpiTargets.managerId, input.managerId),
          eq(kpiTargets.kpiId, input.kpiId),
          eq(kpiTargets.year, input.year),
        ),
      );
    const values = {
      annualTarget: input.annualTarget.toFixed(2),
      seasonalProfile: input.seasonalProfile,
    };
    if (previous) await tx.update(kpiTargets).set(values).where(eq(kpiTargets.id, previous.id));
    else
      await tx
        .insert(kpiTargets)
        .values({ managerId: input.managerId, kpiId: input.kpiId, year: input.year, ...values });
    await recordAudit(tx, {
      actorUserId: viewer.id,
      action: 'kpi_target_set',
      entityType: 'manager',
      entityId: input.managerId,
      detail: {
        kpiId: input.kpiId,
        year: input.year,
        annualTarget: input.annualTarget,
        seasonalProfile: input.seasonalProfile,
        previous: previous
          ? { annualTarget: Number(previous.annualTarget), seasonalProfile: previous.seasonalProfile }
          : null,
      },
      ipAddress,
    });
  });
}

// ---------------------------------------------------------------------------------------------
// Monthly actuals imported from CSV/XLSX

/** Columns of an actuals file; the first row names them (any order, case-insensitive). */
export const actualColumns = ['manager_email', 'kpi', 'month', 'value'] as const;
export type ActualColumn = (typeof actualColumns)[number];

export interface ImportProblem {
  /** Row number as the user sees it in the file; null for a problem with the file as a whole. */
  line: number | null;
  column: ActualColumn | null;
  /** Translation key in the performance namespace. */
  messageKey: string;
  value?: string;
}

export type ActualsImportResult =
  | { ok: true; rows: number; created: number; updated: number }
  | { ok: false; problems: ImportProblem[] };

const MAX_REPORTED_PROBLEMS = 200;

/**
 * Monthly actuals from the bank's systems. The whole file is checked first and written in one
 * transaction only if every row is valid, so a bad row (named by row and column) leaves the database
 * as it was. A row for a month already imported replaces it; both counts are reported and audited.
 */
export async function importActuals({
  file,
  viewer,
  ipAddress,
}: {
  file: File | { name: string; bytes: Uint8Array };
  viewer: StaffUser;
  ipAddress: string;
}): Promise<ActualsImportResult> {
  let table: Awaited<ReturnType<typeof readTabularFile>>;
  try {
    table = await readTabularFile(file, { maxRows: 50_000 });
  } catch (error) {
    if (error instanceof TabularFileError) {
      return {
        ok: false,
        problems: [{ line: error.line ?? null, column: null, messageKey: `fileErrors.${error.code}` }],
      };
    }
    throw error;
  }
  const headers = table.headers.map((header) => header.trim().toLowerCase());
  const missing = actualColumns.filter((column) => !headers.includes(column));
  if (missing.length > 0) {
    return {
      ok: false,
      problems: missing.map((column) => ({ line: 1, column, messageKey: 'importErrors.missingColumn' })),
    };
  }
  if (table.rows.length === 0)
    return { ok: false, problems: [{ line: null, column: null, messageKey: 'importErrors.noRows' }] };
  const index = Object.fromEntries(
    actualColumns.map((column) => [column, headers.indexOf(column)]),
  ) as Record<ActualColumn, number>;

  const db = getDb();
  const managerRows = await db.select({ id: managers.id, email: managers.email }).from(managers);
  const managerByEmail = new Map(managerRows.map((row) => [row.email.toLowerCase(), row.id]));
  const kpiRows = await db.select({ id: kpis.id, code: kpis.code }).from(kpis);
  const kpiByCode = new Map(kpiRows.map((row) => [row.code.toLowerCase(), row]));

  const problems: ImportProblem[] = [];
  const parsed: { line: number; managerId: string; kpiId: string; month: string; value: number }[] = [];
  const seen = new Map<string, number>();
  for (const row of table.rows) {
    const cell = (column: ActualColumn) => row.cells[index[column]] ?? '';
    const problem = (column: ActualColumn, messageKey: string) =>
      problems.push({ line: row.line, column, messageKey, value: cell(column) });
    const managerId = managerByEmail.get(cell('manager_email').toLowerCase());
    if (cell('manager_email') === '') problem('manager_email', 'importErrors.required');
    else if (!managerId) problem('manager_email', 'importErrors.unknownManager');
    const kpi = kpiByCode.get(cell('kpi').toLowerCase());
    if (cell('kpi') === '') problem('kpi', 'importErrors.required');
    else if (!kpi) problem('kpi', 'importErrors.unknownKpi');
    else if (isMeasuredKpi(kpi.code)) problem('kpi', 'importErrors.measuredKpi');
    const month = parseMonth(cell('month'));
    if (!month) problem('month', 'importErrors.month');
    const value = parseAmount(cell('value'));
    if (value === null) problem('value', 'importErrors.value');
    if (managerId && kpi && month && value !== null && !isMeasuredKpi(kpi.code)) {
      const key = `${managerId}|${kpi.id}|${month}`;
      const first = seen.get(key);
      if (first !== undefined) problem('month', 'importErrors.duplicate');
      else {
        seen.set(key, row.line);
        parsed.push({ line: row.line, managerId, kpiId: kpi.id, month, value });
      }
    }
    if (problems.length >= MAX_REPORTED_PROBLEMS) break;
  }
  if (problems.length > 0) return { ok: false, problems };

  return db.transaction(async (tx) => {
    const existing = await tx
      .select({ managerId: kpiActuals.managerId, kpiId: kpiActuals.kpiId, month: kpiActuals.month })
      .from(kpiActuals)
      .where(inArray(kpiActuals.managerId, [...new Set(parsed.map((row) => row.managerId))]));
    const known = new Set(existing.map((row) => `${row.managerId}|${row.kpiId}|${row.month}`));
    const updated = parsed.filter((row) => known.has(`${row.managerId}|${row.kpiId}|${row.month}`)).length;
    for (let start = 0; start < parsed.length; start += 1_000) {
      await tx
        .insert(kpiActuals)
        .values(
          parsed.slice(start, start + 1_000).map((row) => ({
            managerId: row.managerId,
            kpiId: row.kpiId,
            month: row.month,
            value: row.value.toFixed(2),
          })),
        )
        .onConflictDoUpdate({
          target: [kpiActuals.managerId, kpiActuals.kpiId, kpiActuals.month],
          set: { value: sql`excluded.value`, updatedAt: new Date() },
        });
    }
    await recordAudit(tx, {
      actorUserId: viewer.id,
      action: 'kpi_actuals_imported',
      entityType: 'kpi_actuals',
      detail: {
        file: 'name' in file ? file.name : null,
        rows: parsed.length,
        created: parsed.length - updated,
        updated,
      },
      ipAddress,
    });
    return { ok: true as const, rows: parsed.length, created: parsed.length - updated, updated };
  });
}

/** YYYY-MM, YYYY-MM-DD (any day: the month is meant) or MM.YYYY as Russian spreadsheets write it. */
function parseMonth(text: string): string | null {
  const iso = /^(\d{4})-(\d{2})(?:-(\d{2}))?$/.exec(text);
  const russian = /^(\d{2})\.(\d{4})$/.exec(text);
  const [year, month] = iso
    ? [Number(iso[1]), Number(iso[2])]
    : russian
      ? [Number(russian[2]), Number(russian[1])]
      : [0, 0];
  if (year < 2000 || year > 2100 || month < 1 || month > 12) return null;
  return `${year}-${String(month).padStart(2, '0')}-01`;
}

/** A number as typed in either locale: spaces as thousands separators, a decimal comma or point. */
function parseAmount(text: string): number | null {
  const cleaned = text.replace(/[\s\u00a0]/g, '').replace(',', '.');
  if (!/^-?\d+(\.\d+)?$/.test(cleaned)) return null;
  const value = Number(cleaned);
  return Number.isFinite(value) && Math.abs(value) < 1e16 ? value : null;
}

// ---------------------------------------------------------------------------------------------
// Adjustments for factors outside the manager's control

export const proposeAdjustmentSchema = z.object({
  kpiId: z.string().uuid('errors.required'),
  newTarget: amountField,
  reason: z
    .string()
    .trim()
    .min(10, 'performance:errors.reasonTooShort')
    .max(4000, 'performance:errors.tooLong'),
});

async function assertReviewOpen(
  executor: Pick<ReturnType<typeof getDb>, 'select'>,
  managerId: string,
  periodId: string,
) {
  const [review] = await executor
    .select({ status: managerReviews.status })
    .from(managerReviews)
    .where(and(eq(managerReviews.managerId, managerId), eq(managerReviews.reviewPeriodId, periodId)));
  if (review?.status === 'signed') throw new PerformanceFieldError('form', 'performance:errors.reviewSigned');
}

/**
 * Proposes a new period target for one KPI with the reason (a manager for their own card, management
 * for anybody's). It is stored as the change from the current base target and counts only once
 * management approves it.
 */
export async function proposeAdjustment({
  viewer,
  managerId,
  periodId,
  input,
  ipAddress,
}: {
  viewer: StaffUser;
  managerId: string;
  periodId: string;
  input: z.infer<typeof proposeAdjustmentSchema>;
  ipAddress: string;
}) {
  await requireManagerInScope(viewer, managerId);
  // A unit head reads their unit's cards but proposes changes only to their own targets.
  if (viewer.role === 'manager' && viewer.managerId !== managerId) throw notFound();
  await getDb().transaction(async (tx) => {
    const [period] = await tx.select().from(reviewPeriods).where(eq(reviewPeriods.id, periodId));
    if (!period) throw notFound();
    await assertReviewOpen(tx, managerId, periodId);
    const [kpi] = await tx.select().from(kpis).where(eq(kpis.id, input.kpiId));
    if (!kpi) throw new PerformanceFieldError('kpiId', 'errors.unknown');
    const targets = await tx
      .select()
      .from(kpiTargets)
      .where(and(eq(kpiTargets.managerId, managerId), eq(kpiTargets.kpiId, kpi.id)));
    const baseTarget = periodTargetFor(
      kpi.aggregation as Aggregation,
      targets.map((row) => ({
        year: row.year,
        annualTarget: Number(row.annualTarget),
        seasonalProfile: row.seasonalProfile,
      })),
      periodMonths(period),
    );
    if (baseTarget === null) throw new PerformanceFieldError('newTarget', 'performance:errors.noBaseTarget');
    const targetDelta = Math.round((input.newTarget - baseTarget) * 100) / 100;
    if (targetDelta === 0) throw new PerformanceFieldError('newTarget', 'performance:errors.sameTarget');
    const [created] = await tx
      .insert(kpiAdjustments)
      .values({
        managerId,
        kpiId: kpi.id,
        reviewPeriodId: periodId,
        targetDelta: targetDelta.toFixed(2),
        reason: input.reason,
        proposedBy: viewer.id,
      })
      .returning({ id: kpiAdjustments.id });
    await recordAudit(tx, {
      actorUserId: viewer.id,
      action: 'kpi_adjustment_proposed',
      entityType: 'kpi_adjustment',
      entityId: created.id,
      detail: {
        managerId,
        periodId,
        kpiId: kpi.id,
        baseTarget,
        newTarget: input.newTarget,
        reason: input.reason,
      },
      ipAddress,
    });
  });
}

export const decideAdjustmentSchema = z.object({
  adjustmentId: z.string().uuid('errors.required'),
  decision: z.enum(['approved', 'rejected'], 'errors.required'),
});

/** Management approves or rejects a proposed adjustment; only an approved one changes the target. */
export async function decideAdjustment({
  viewer,
  managerId,
  periodId,
  input,
  ipAddress,
}: {
  viewer: StaffUser;
  managerId: string;
  periodId: string;
  input: z.infer<typeof decideAdjustmentSchema>;
  ipAddress: string;
}) {
  await getDb().transaction(async (tx) => {
    const [adjustment] = await tx
      .select()
      .from(kpiAdjustments)
      .where(
        and(
          eq(kpiAdjustments.id, input.adjustmentId),
          eq(kpiAdjustments.managerId, managerId),
          eq(kpiAdjustments.reviewPeriodId, periodId),
        ),
      )
      .for('update');
    if (!adjustment) throw notFound();
    await assertReviewOpen(tx, managerId, periodId);
    if (adjustment.status !== 'proposed')
      throw new PerformanceFieldError('form', 'performance:errors.alreadyDecided');
    await tx
      .update(kpiAdjustments)
      .set({ status: input.decision, decidedBy: viewer.id, decidedAt: new Date() })
      .where(eq(kpiAdjustments.id, adjustment.id));
    await recordAudit(tx, {
      actorUserId: viewer.id,
      action: input.decision === 'approved' ? 'kpi_adjustment_approved' : 'kpi_adjustment_rejected',
      entityType: 'kpi_adjustment',
      entityId: adjustment.id,
      detail: { managerId, periodId, kpiId: adjustment.kpiId, targetDelta: Number(adjustment.targetDelta) },
      ipAddress,
    });
  });
}
