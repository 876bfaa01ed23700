import { and, eq } from 'drizzle-orm';
import writeXlsxFile, { type Row } from 'write-excel-file/node';
import { z } from 'zod';
import { notFound, type StaffUser } from '#app/auth/session.server.ts';
import type { Locale } from '#app/i18n/locales.ts';
import { performance as performanceText } from '#app/i18n/resources/performance.ts';
import { getDb } from '#db/client.ts';
import { kpiExplanations, kpis, managerReviews, reviewPeriods } from '#db/schema/index.ts';
import { recordAudit } from './audit.server.ts';
import type { PeriodFairScores } from './fair-scores.server.ts';
import { getReviewPeriod, PerformanceFieldError, type ReviewPeriod } from './kpis.server.ts';
import {
  computeScorecards,
  type ManagerSummary,
  type ReviewState,
  requireManagerInScope,
  reviewStates,
  type ScorecardView,
} from './scorecards.server.ts';

export interface Review extends ReviewState {
  card: ScorecardView;
  /** The card is the snapshot stored at signing, not a fresh computation. */
  frozen: boolean;
}

/**
 * A manager's review for a period as the viewer may see it: the frozen card once signed (later
 * changes to targets, actuals or answers do not alter it), the live card before.
 */
export async function getReview({
  viewer,
  managerId,
  period,
  fairScores,
}: {
  viewer: StaffUser;
  managerId: string;
  period: ReviewPeriod;
  fairScores?: PeriodFairScores;
}): Promise<Review> {
  const manager = await requireManagerInScope(viewer, managerId);
  return loadReview(manager, period, fairScores);
}

async function loadReview(
  manager: ManagerSummary,
  period: ReviewPeriod,
  fairScores?: PeriodFairScores,
): Promise<Review> {
  const state = (await reviewStates([manager.id], period.id)).get(manager.id);
  if (state?.status === 'signed' && state.card) {
    return {
      status: 'signed',
      signedAt: state.signedAt,
      signedByName: state.signedByName,
      card: state.card,
      frozen: true,
    };
  }
  const [card] = await computeScorecards({ managerList: [manager], period, fairScores });
  return { status: 'draft', signedAt: null, signedByName: null, card, frozen: false };
}

export const explanationSchema = z.object({
  kpiId: z.string().uuid('errors.required'),
  text: z
    .string()
    .trim()
    .min(10, 'performance:errors.explanationTooShort')
    .max(4000, 'performance:errors.tooLong'),
});

/**
 * The manager's own written explanation of a missed KPI. Only the manager whose card it is writes
 * it (a unit head reads their unit's, management reads all); a signed review no longer changes.
 */
export async function saveExplanation({
  viewer,
  managerId,
  periodId,
  input,
  ipAddress,
}: {
  viewer: StaffUser;
  managerId: string;
  periodId: string;
  input: z.infer<typeof explanationSchema>;
  ipAddress: string;
}) {
  await requireManagerInScope(viewer, managerId);
  if (viewer.managerId !== managerId) throw notFound();
  await getDb().transaction(async (tx) => {
    const [period] = await tx
      .select({ id: reviewPeriods.id })
      .from(reviewPeriods)
      .where(eq(reviewPeriods.id, periodId));
    if (!period) throw notFound();
    const [kpi] = await tx.select({ id: kpis.id }).from(kpis).where(eq(kpis.id, input.kpiId));
    if (!kpi) throw new PerformanceFieldError('kpiId', 'errors.unknown');
    const [review] = await tx
      .select({ status: managerReviews.status })
      .from(managerReviews)
      .where(and(eq(managerReviews.managerId, managerId), eq(managerReviews.reviewPeriodId, periodId)));
    if (review?.status === 'signed')
      throw new PerformanceFieldError('text', 'performance:errors.reviewSigned');
    await tx
      .insert(kpiExplanations)
      .values({ managerId, kpiId: kpi.id, reviewPeriodId: periodId, text: input.text })
      .onConflictDoUpdate({
        target: [kpiExplanations.managerId, kpiExplanations.kpiId, kpiExplanations.reviewPeriodId],
        set: { text: input.text, updatedAt: new Date() },
      });
    await recordAudit(tx, {
      actorUserId: viewer.id,
      action: 'kpi_explanation_saved',
      entityType: 'manager',
      entityId: managerId,
      detail: { periodId, kpiId: kpi.id },
      ipAddress,
    });
  });
}

/**
 * Management signs a review off: refused while a KPI below target lacks the manager's explanation;
 * otherwise the card as it stands is stored and from then on shown instead of the live one.
 */
export async function signReview({
  viewer,
  managerId,
  periodId,
  ipAddress,
}: {
  viewer: StaffUser;
  managerId: string;
  periodId: string;
  ipAddress: string;
}) {
  const manager = await requireManagerInScope(viewer, managerId);
  const period = await getReviewPeriod(periodId);
  // Computed before the transaction: the card reads through the shared connection (and PGlite has
  // one). The explanations are read again inside it, so a late edit cannot slip past the check.
  const [computed] = await computeScorecards({ managerList: [manager], period });
  if (computed.lines.length === 0) throw new PerformanceFieldError('form', 'performance:errors.noWeights');
  await getDb().transaction(async (tx) => {
    // Serialises two signers: the second waits here, then sees the review signed.
    await tx
      .insert(managerReviews)
      .values({ managerId, reviewPeriodId: periodId })
      .onConflictDoNothing({ target: [managerReviews.managerId, managerReviews.reviewPeriodId] });
    const [review] = await tx
      .select()
      .from(managerReviews)
      .where(and(eq(managerReviews.managerId, managerId), eq(managerReviews.reviewPeriodId, periodId)))
      .for('update');
    if (review.status === 'signed')
      throw new PerformanceFieldError('form', 'performance:errors.reviewSigned');
    const explanations = await tx
      .select()
      .from(kpiExplanations)
      .where(and(eq(kpiExplanations.managerId, managerId), eq(kpiExplanations.reviewPeriodId, periodId)));
    const lines = computed.lines.map((line) => {
      const written = explanations.find((explanation) => explanation.kpiId === line.kpiId);
      return {
        ...line,
        explanation: written ? { text: written.text, updatedAt: written.updatedAt.toISOString() } : null,
      };
    });
    const card: ScorecardView = {
      ...computed,
      lines,
      missingExplanations: lines
        .filter((line) => line.needsExplanation && !line.explanation)
        .map((line) => line.kpiId),
    };
    if (card.missingExplanations.length > 0) {
      throw new PerformanceFieldError('form', 'performance:errors.explanationsMissing');
    }
    const signedAt = new Date();
    await tx
      .update(managerReviews)
      .set({
        status: 'signed',
        card: { ...card, asOf: signedAt.toISOString() },
        signedBy: viewer.id,
        signedAt,
      })
      .where(eq(managerReviews.id, review.id));
    await recordAudit(tx, {
      actorUserId: viewer.id,
      action: 'manager_review_signed',
      entityType: 'manager_review',
      entityId: review.id,
      detail: { managerId, periodId, score: card.score },
      ipAddress,
    });
  });
}

const xlsxType = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/**
 * A review as an XLSX file: the card's KPIs with targets, adjustments and explanations, the score
 * and the signature. Every export is audited.
 */
export async function exportReviewXlsx({
  viewer,
  managerId,
  periodId,
  locale,
  ipAddress,
}: {
  viewer: StaffUser;
  managerId: string;
  periodId: string;
  locale: Locale;
  ipAddress: string;
}): Promise<Response> {
  const period = await getReviewPeriod(periodId);
  const review = await getReview({ viewer, managerId, period });
  const text = performanceText[locale];
  const { card } = review;
  const name = (line: ScorecardView['lines'][number]) => (locale === 'ru' ? line.nameRu : line.nameEn);
  const number = (value: number | null, digits = 2) =>
    value === null
      ? null
      : { value, type: Number, format: digits > 0 ? `#,##0.${'0'.repeat(digits)}` : '#,##0' };
  const textCell = (value: string | null) =>
    value === null || value === '' ? null : { value, type: String };
  const bold = (value: string) => ({ value, type: String, fontWeight: 'bold' as const });
  const rows: Row[] = [
    [bold(text.export.title)],
    [textCell(text.export.manager), textCell(card.manager.fullName)],
    [
      textCell(text.export.period),
      textCell(`${card.period.name} (${card.period.startsOn} – ${card.period.endsOn})`),
    ],
    [
      textCell(text.export.status),
      textCell(review.status === 'signed' ? text.status.signed : text.status.draft),
    ],
    [textCell(text.export.signedBy), textCell(review.signedByName), textCell(review.signedAt)],
    [textCell(text.export.score), number(card.score === null ? null : 100 * card.score, 1)],
    [],
    [
      bold(text.card.kpi),
      bold(text.card.unit),
      bold(text.card.weight),
      bold(text.card.baseTarget),
      bold(text.card.target),
      bold(text.card.actual),
      bold(text.card.attainment),
      bold(text.card.contribution),
      bold(text.card.adjustments),
      bold(text.card.explanation),
    ],
    ...card.lines.map(
      (line): Row => [
        textCell(name(line)),
        textCell(line.unit),
        number(100 * line.weight, 0),
        number(line.baseTarget),
        number(line.target),
        number(line.actual),
        line.excluded
          ? textCell(text.excluded[line.excluded])
          : number(line.attainment === null ? null : 100 * line.attainment, 1),
        number(100 * line.contribution, 1),
        textCell(
          line.adjustments
            .map(
              (adjustment) =>
                `${text.adjustmentStatus[adjustment.status]}: ${adjustment.targetDelta > 0 ? '+' : ''}${adjustment.targetDelta} — ${adjustment.reason}`,
            )
            .join('\n'),
        ),
        textCell(line.explanation?.text ?? null),
      ],
    ),
  ];
  const file = await writeXlsxFile(rows, {
    sheet: card.period.name.slice(0, 31),
    columns: [
      { width: 40 },
      { width: 10 },
      { width: 10 },
      { width: 16 },
      { width: 16 },
      { width: 16 },
      { width: 12 },
      { width: 12 },
      { width: 50 },
      { width: 60 },
    ],
  }).toBuffer();
  await getDb().transaction(async (tx) => {
    await recordAudit(tx, {
      actorUserId: viewer.id,
      action: 'manager_review_exported',
      entityType: 'manager',
      entityId: managerId,
      detail: { periodId, format: 'xlsx', status: review.status },
      ipAddress,
    });
  });
  const fileName = `review-${card.period.name}-${managerId.slice(0, 8)}.xlsx`;
  return new Response(new Uint8Array(file), {
    headers: {
      'Content-Type': xlsxType,
      'Content-Disposition': `attachment; filename="${fileName}"`,
      'Cache-Control': 'private, no-store',
    },
  });
}
