import { and, asc, eq, or, sql } from 'drizzle-orm';
import { z } from 'zod';
import { aggregateMetric, attributeImportance } from '#analytics/aggregations/index.ts';
import { whereAll } from '#analytics/aggregations/filters.ts';
import { loadThresholds } from '#analytics/aggregations/settings.ts';
import { INDUSTRY_SECTIONS } from '#analytics/metrics/index.ts';
import {
  accountClassValues,
  ageBands,
  DEFAULT_MIN_WEIGHT,
  definitionConditions,
  dimensionKey,
  type ExplorerDimension,
  explorerDimensions,
  overlappingDimensions,
  rankTargetSegments,
  type SegmentBaseFigures,
  type SegmentDefinition,
  type SizeView,
  segmentBaseFigures,
  segmentMembers,
  weakestAttributes,
} from '#analytics/segments/index.ts';
import { loyaltyStateValues } from '#analytics/segments/vocabulary.ts';
import { getDb } from '#db/client.ts';
import { selectRows } from '#db/raw-query.ts';
import { industrySectionLetters, sizeSegments, vipCriteria } from '#db/schema/domain.ts';
import { clientGroups, customSegments, managers, products, regions, units, users } from '#db/schema/index.ts';
import { notFound, type StaffUser } from '#app/auth/session.server.ts';
import { getI18n } from '#app/i18n/i18n.ts';
import type { Locale } from '#app/i18n/locales.ts';
import {
  type DataTable,
  numberCell,
  suppressedCell,
  type TableCell,
  textCell,
} from '#app/utils/data-table.ts';
import { localized } from '#app/utils/format.ts';
import { type ShownCell, shownCell as shown } from './analytics-params.ts';
import type { FieldErrors } from '#app/utils/forms.ts';
import { chooseWave } from './analytics.server.ts';
import { auditedTableFile } from './analytics-export.server.ts';
import { recordAudit } from './audit.server.ts';

// ---------------------------------------------------------------------------------------------
// Custom segments: saved filters with an owner and a shared flag.

const uuid = z.string().uuid('errors.unknown');
const percent = z
  .number({ message: 'errors.number' })
  .finite('errors.number')
  .min(0, 'errors.negative')
  .max(100, 'segments:errors.percent');
const optionalNumber = (schema: z.ZodType<number>) =>
  z.preprocess(
    (value) =>
      typeof value === 'string'
        ? value.trim() === ''
          ? undefined
          : Number(value.replace(/\s/g, '').replace(',', '.'))
        : value,
    schema.optional(),
  );
const list = <T extends z.ZodTypeAny>(item: T) => z.array(item).optional();

export const segmentDefinitionSchema = z
  .object({
    sizes: list(z.enum(sizeSegments)),
    sections: list(z.enum(industrySectionLetters)),
    regions: list(z.string().min(1).max(32)),
    unitIds: list(uuid),
    managerIds: list(uuid),
    ageBands: list(z.enum(ageBands)),
    vip: z.boolean().optional(),
    vipCriteria: list(z.enum(vipCriteria)),
    groupIds: list(uuid),
    inGroup: z.boolean().optional(),
    productIds: list(uuid),
    shareOfBusiness: z.object({ min: optionalNumber(percent), max: optionalNumber(percent) }).optional(),
    loyaltyStates: list(z.enum(loyaltyStateValues)),
    accountClasses: list(z.enum(accountClassValues)),
    csi: z.object({ min: optionalNumber(percent), max: optionalNumber(percent) }).optional(),
    revenue: z
      .object({
        min: optionalNumber(
          z.number({ message: 'errors.number' }).finite('errors.number').min(0, 'errors.negative'),
        ),
        max: optionalNumber(
          z.number({ message: 'errors.number' }).finite('errors.number').min(0, 'errors.negative'),
        ),
      })
      .optional(),
  })
  .superRefine((definition, context) => {
    for (const name of ['shareOfBusiness', 'csi', 'revenue'] as const) {
      const range = definition[name];
      if (range?.min !== undefined && range.max !== undefined && range.min > range.max)
        context.addIssue({ code: 'custom', path: [name, 'max'], message: 'segments:errors.rangeOrder' });
    }
  }) satisfies z.ZodType<SegmentDefinition>;

export const customSegmentSchema = z.object({
  name: z.string().trim().min(1, 'errors.required').max(120, 'segments:errors.tooLong'),
  description: z
    .string()
    .trim()
    .max(1000, 'segments:errors.tooLong')
    .optional()
    .transform((value) => value || null),
  shared: z.boolean(),
  definition: segmentDefinitionSchema,
});
export type CustomSegmentInput = z.infer<typeof customSegmentSchema>;

/** A segment form as the schema's input: repeated fields become lists, empty ranges vanish. */
export function segmentInputFromForm(form: FormData) {
  const values = (name: string) => {
    const found = form
      .getAll(name)
      .filter((value): value is string => typeof value === 'string' && value !== '');
    return found.length > 0 ? found : undefined;
  };
  const text = (name: string) => {
    const value = form.get(name);
    return typeof value === 'string' ? value : undefined;
  };
  const choice = (name: string) => (text(name) === 'yes' ? true : text(name) === 'no' ? false : undefined);
  const range = (name: string) => {
    const min = text(`${name}.min`)?.trim() || undefined;
    const max = text(`${name}.max`)?.trim() || undefined;
    return min === undefined && max === undefined ? undefined : { min, max };
  };
  const definition = Object.fromEntries(
    Object.entries({
      sizes: values('sizes'),
      sections: values('sections'),
      regions: values('regions'),
      unitIds: values('unitIds'),
      managerIds: values('managerIds'),
      ageBands: values('ageBands'),
      vip: choice('vip'),
      vipCriteria: values('vipCriteria'),
      groupIds: values('groupIds'),
      inGroup: choice('inGroup'),
      productIds: values('productIds'),
      shareOfBusiness: range('shareOfBusiness'),
      loyaltyStates: values('loyaltyStates'),
      accountClasses: values('accountClasses'),
      csi: range('csi'),
      revenue: range('revenue'),
    }).filter(([, value]) => value !== undefined),
  );
  return {
    name: text('name') ?? '',
    description: text('description'),
    shared: text('shared') === 'on' || text('shared') === 'true',
    definition,
  };
}

/** Field errors keyed as the form names them: definition.csi.max → csi.max. */
export function segmentFieldErrors(error: z.ZodError): FieldErrors {
  const fieldErrors: FieldErrors = {};
  for (const issue of error.issues) {
    const path = issue.path[0] === 'definition' ? issue.path.slice(1) : issue.path;
    fieldErrors[path.join('.') || 'form'] ??= issue.message;
  }
  return fieldErrors;
}

export class SegmentNameTakenError extends Error {}

/** Segments the viewer may use: their own and every shared one. */
function visibleTo(viewer: StaffUser) {
  return or(eq(customSegments.ownerUserId, viewer.id), eq(customSegments.shared, true));
}

/** Owners change their own segments; an administrator may tidy up anyone's. */
function mayEdit(ownerUserId: string, viewer: StaffUser) {
  return ownerUserId === viewer.id || viewer.role === 'admin';
}

export async function listCustomSegments(viewer: StaffUser) {
  const rows = await getDb()
    .select({
      id: customSegments.id,
      name: customSegments.name,
      description: customSegments.description,
      shared: customSegments.shared,
      definition: customSegments.definition,
      ownerUserId: customSegments.ownerUserId,
      ownerName: users.fullName,
      updatedAt: customSegments.updatedAt,
    })
    .from(customSegments)
    .innerJoin(users, eq(users.id, customSegments.ownerUserId))
    .where(visibleTo(viewer))
    .orderBy(asc(customSegments.name));
  return rows.map((row) => ({
    ...row,
    definition: row.definition as SegmentDefinition,
    updatedAt: row.updatedAt.toISOString(),
    editable: mayEdit(row.ownerUserId, viewer),
  }));
}

export async function getCustomSegment({ id, viewer }: { id: string; viewer: StaffUser }) {
  if (!z.string().uuid().safeParse(id).success) throw notFound();
  const [row] = await getDb()
    .select()
    .from(customSegments)
    .where(and(eq(customSegments.id, id), visibleTo(viewer)));
  if (!row) throw notFound();
  return {
    ...row,
    definition: row.definition as SegmentDefinition,
    editable: mayEdit(row.ownerUserId, viewer),
  };
}

async function assertEditable(tx: ReturnType<typeof getDb>, id: string, viewer: StaffUser) {
  const [row] = await tx
    .select({ ownerUserId: customSegments.ownerUserId, shared: customSegments.shared })
    .from(customSegments)
    .where(and(eq(customSegments.id, id), visibleTo(viewer)));
  if (!row || !mayEdit(row.ownerUserId, viewer)) throw notFound();
  return row;
}

const isUniqueViolation = (error: unknown) =>
  typeof error === 'object' &&
  error !== null &&
  ((error as { code?: string }).code === '23505' ||
    (error as { cause?: { code?: string } }).cause?.code === '23505');

/** Creates or (with `id`) replaces a custom segment, audited in the same transaction. */
export async function saveCustomSegment({
  id,
  input,
  viewer,
  ipAddress,
}: {
  id?: string;
  input: CustomSegmentInput;
  viewer: StaffUser;
  ipAddress: string;
}): Promise<{ id: string }> {
  const db = getDb();
  try {
    return await db.transaction(async (tx) => {
      let savedId: string;
      if (id) {
        await assertEditable(tx as unknown as ReturnType<typeof getDb>, id, viewer);
        await tx
          .update(customSegments)
          .set({
            name: input.name,
            description: input.description,
            shared: input.shared,
            definition: input.definition,
          })
          .where(eq(customSegments.id, id));
        savedId = id;
      } else {
        const [created] = await tx
          .insert(customSegments)
          .values({
            name: input.name,
            description: input.description,
            shared: input.shared,
            definition: input.definition,
            ownerUserId: viewer.id,
          })
          .returning({ id: customSegments.id });
        savedId = created.id;
      }
      await recordAudit(tx, {
        actorUserId: viewer.id,
        action: id ? 'custom_segment_changed' : 'custom_segment_created',
        entityType: 'custom_segment',
        entityId: savedId,
        detail: { name: input.name, shared: input.shared, definition: input.definition },
        ipAddress,
      });
      return { id: savedId };
    });
  } catch (error) {
    if (isUniqueViolation(error)) throw new SegmentNameTakenError();
    throw error;
  }
}

export async function deleteCustomSegment({
  id,
  viewer,
  ipAddress,
}: {
  id: string;
  viewer: StaffUser;
  ipAddress: string;
}) {
  if (!z.string().uuid().safeParse(id).success) throw notFound();
  await getDb().transaction(async (tx) => {
    await assertEditable(tx as unknown as ReturnType<typeof getDb>, id, viewer);
    const [deleted] = await tx
      .delete(customSegments)
      .where(eq(customSegments.id, id))
      .returning({ name: customSegments.name });
    await recordAudit(tx, {
      actorUserId: viewer.id,
      action: 'custom_segment_deleted',
      entityType: 'custom_segment',
      entityId: id,
      detail: { name: deleted.name },
      ipAddress,
    });
  });
}

/** Today, as the age bands are counted. */
export const today = () => new Date().toISOString().slice(0, 10);

/**
 * A custom segment as a condition on the `clients` table, for the clients list; 404 when the
 * viewer may not use it. The viewer's own scope is applied by the caller as always.
 */
export async function customSegmentClientCondition({ id, viewer }: { id: string; viewer: StaffUser }) {
  const segment = await getCustomSegment({ id, viewer });
  const where = whereAll(definitionConditions(segment.definition, today()));
  return sql`clients.id IN (SELECT c.id FROM clients c WHERE ${where})`;
}

/** The segments offered in the clients list's filter. */
export async function customSegmentOptions(viewer: StaffUser) {
  return getDb()
    .select({ id: customSegments.id, name: customSegments.name })
    .from(customSegments)
    .where(visibleTo(viewer))
    .orderBy(asc(customSegments.name));
}

/** The choices of the segment form. */
export async function segmentFormOptions(locale: Locale) {
  const db = getDb();
  const [regionRows, unitRows, managerRows, groupRows, productRows] = await Promise.all([
    db.select().from(regions).orderBy(asc(regions.nameEn)),
    db
      .select({ id: units.id, nameEn: units.nameEn, nameRu: units.nameRu })
      .from(units)
      .orderBy(asc(units.nameEn)),
    db.select({ id: managers.id, name: managers.fullName }).from(managers).orderBy(asc(managers.fullName)),
    db
      .select({ id: clientGroups.id, name: clientGroups.name })
      .from(clientGroups)
      .orderBy(asc(clientGroups.name)),
    db.select({ id: products.id, nameEn: products.nameEn, nameRu: products.nameRu }).from(products),
  ]);
  const named = <T extends { nameEn: string; nameRu: string }>(row: T) =>
    localized(locale, row.nameEn, row.nameRu);
  return {
    regions: regionRows.map((row) => ({ id: row.code, name: named(row) })),
    units: unitRows.map((row) => ({ id: row.id, name: named(row) })),
    managers: managerRows,
    groups: groupRows,
    products: productRows
      .map((row) => ({ id: row.id, name: named(row) }))
      .sort((a, b) => a.name.localeCompare(b.name, locale)),
    sections: INDUSTRY_SECTIONS.map((section) => ({
      id: section.section,
      name: `${section.section} · ${localized(locale, section.nameEn, section.nameRu)}`,
    })),
  };
}

// ---------------------------------------------------------------------------------------------
// Segment explorer and target-segment evaluation

export interface ExplorerParams {
  dimension: ExplorerDimension;
  sizeView: SizeView;
  /** A wave id, 'all', or null for the newest launched wave. */
  wave: string | null;
}

export function parseExplorerParams(search: URLSearchParams): ExplorerParams {
  const wave = search.get('wave');
  return {
    dimension: z
      .enum(explorerDimensions)
      .catch('size')
      .parse(search.get('by') ?? undefined),
    sizeView: search.get('sizeView') === 'banking' ? 'banking' : 'standard',
    wave: wave === 'all' || z.string().uuid().safeParse(wave).success ? wave : null,
  };
}

export interface ExplorerSegment {
  key: string;
  label: string;
  clients: number;
  revenue: number;
  revenueShare: number | null;
  productsPerClient: number | null;
  /** Percent; null when no client total is known in the segment. */
  shareOfBusiness: number | null;
  clientsWithTotal: number;
  potential: number | null;
  respondedClients: number;
  /** Percent of the segment's clients with a completed response in the wave(s). */
  responseCoverage: number | null;
  nps: ShownCell;
  csi: ShownCell;
  /** Weakest attributes (importance − performance), largest gap first. */
  missing: Array<{ key: string; label: string; gap: number }>;
  /** A link to the clients list filtered to the segment, where the list has that filter. */
  clientsHref: string | null;
}

const NULL_KEY = '∅';

/**
 * Today's client base cut by one dimension, each segment with its weight, coverage and satisfaction
 * (the answers of the clients in the segment today, in the chosen wave or all waves), ranked as
 * target segments. Company-wide: the route admits no manager.
 */
export async function getSegmentExplorer({
  viewer,
  params,
  locale,
}: {
  viewer: StaffUser;
  params: ExplorerParams;
  locale: Locale;
}) {
  const db = getDb();
  const t = getI18n(locale).getFixedT(locale, 'segments');
  const onDate = today();
  const [thresholds, { waves: waveRows, selected: selectedWave }, options, customRows] = await Promise.all([
    loadThresholds(db),
    chooseWave(params.wave),
    segmentFormOptions(locale),
    listCustomSegments(viewer),
  ]);
  const waveIds = selectedWave ? [selectedWave.id] : undefined;

  // The segments: one query for a plain dimension, one per custom segment (run side by side).
  let figures: SegmentBaseFigures[];
  let members: Map<string | null, string[]>;
  if (params.dimension === 'custom') {
    const perSegment = await Promise.all(
      customRows.map(async (segment) => {
        const query = {
          key: sql`${segment.id}::text`,
          where: definitionConditions(segment.definition, onDate),
        };
        const [[found], segmentClients] = await Promise.all([
          segmentBaseFigures(db, { ...query, waveIds }),
          segmentMembers(db, query),
        ]);
        const figure: SegmentBaseFigures = found ?? {
          key: segment.id,
          clients: 0,
          revenue: 0,
          products: 0,
          ourVolume: 0,
          totalVolume: 0,
          clientsWithTotal: 0,
          respondedClients: 0,
        };
        return { figure, clientIds: segmentClients.get(segment.id) ?? [] };
      }),
    );
    figures = perSegment.map((entry) => entry.figure);
    members = new Map(customRows.map((segment, i) => [segment.id, perSegment[i].clientIds]));
  } else {
    const { key, join } = dimensionKey(params.dimension, { sizeView: params.sizeView, onDate });
    [figures, members] = await Promise.all([
      segmentBaseFigures(db, { key, join, where: [], waveIds }),
      segmentMembers(db, { key, join, where: [] }),
    ]);
  }
  const [base] = await segmentBaseFigures(db, { key: sql`NULL::text`, where: [], waveIds });

  const names: Record<'region' | 'unit' | 'group' | 'section' | 'custom', Map<string, string>> = {
    region: new Map(options.regions.map((row) => [row.id, row.name])),
    unit: new Map(options.units.map((row) => [row.id, row.name])),
    group: new Map(options.groups.map((row) => [row.id, row.name])),
    section: new Map(options.sections.map((row) => [String(row.id), row.name])),
    custom: new Map(customRows.map((row) => [row.id, row.name])),
  };
  const label = (key: string | null): string => {
    switch (params.dimension) {
      case 'size':
        return t(`common:sizes.${key}`, { defaultValue: key ?? '' });
      case 'ageBand':
        return key ? t(`ageBands.${key}`) : t('unknown');
      case 'vip':
        return key === 'true' ? t('vipYes') : t('vipNo');
      case 'vipCriterion':
        return t(`common:vip.${key}`, { defaultValue: key ?? '' });
      case 'group':
        return key ? (names.group.get(key) ?? key) : t('noGroup');
      default:
        return key ? (names[params.dimension].get(key) ?? key) : t('unknown');
    }
  };
  const clientsHref = (key: string | null): string | null => {
    const search = new URLSearchParams();
    if (params.dimension === 'size' && key && params.sizeView === 'standard') search.set('size', key);
    else if (params.dimension === 'section' && key) search.set('section', key);
    else if (params.dimension === 'region' && key) search.set('region', key);
    else if (params.dimension === 'unit' && key) search.set('unit', key);
    else if (params.dimension === 'vip' && key) search.set('vip', key === 'true' ? 'yes' : 'no');
    else if (params.dimension === 'custom' && key) search.set('segment', key);
    else return null;
    return `/clients?${search}`;
  };

  const attributeLabel = (key: string) =>
    getI18n(locale).t(`analytics:attributes.${key}`, { defaultValue: key.replaceAll('_', ' '), lng: locale });

  // Satisfaction of each segment's clients: a segment's client list is its filter. The segments are
  // independent, so their queries run side by side rather than one segment after another.
  const segments: ExplorerSegment[] = await Promise.all(
    figures.map(async (row): Promise<ExplorerSegment> => {
      const clientIds = members.get(row.key) ?? [];
      const filter = { clientIds, waveIds };
      const [nps, csi, importance] = await Promise.all([
        aggregateMetric(db, { metric: 'nps', by: [], filter, thresholds }),
        aggregateMetric(db, { metric: 'csi', by: [], filter, thresholds }),
        attributeImportance(db, { filter, thresholds }),
      ]);
      const missing = weakestAttributes(
        importance.attributes.map((attribute) => ({
          key: attribute.key,
          importance: attribute.statedImportance.value,
          performance: attribute.performance.value,
        })),
      ).map((attribute) => ({
        key: attribute.key,
        label: attributeLabel(attribute.key),
        gap: attribute.gap,
      }));
      const potential = row.clientsWithTotal > 0 ? row.totalVolume - row.ourVolume : null;
      return {
        key: row.key ?? NULL_KEY,
        label: label(row.key),
        clients: row.clients,
        revenue: row.revenue,
        revenueShare: base && base.revenue > 0 ? (100 * row.revenue) / base.revenue : null,
        productsPerClient: row.clients > 0 ? row.products / row.clients : null,
        shareOfBusiness: row.totalVolume > 0 ? (100 * row.ourVolume) / row.totalVolume : null,
        clientsWithTotal: row.clientsWithTotal,
        potential,
        respondedClients: row.respondedClients,
        responseCoverage: row.clients > 0 ? (100 * row.respondedClients) / row.clients : null,
        nps: shown(nps[0]),
        csi: shown(csi[0]),
        missing,
        clientsHref: clientsHref(row.key),
      };
    }),
  );
  segments.sort(segmentOrder(params.dimension, locale));

  const ranking = rankTargetSegments(
    segments.map((segment) => ({
      key: segment.key,
      clients: segment.clients,
      revenue: segment.revenue,
      potential: segment.potential,
      csi: segment.csi.value,
      nps: segment.nps.value,
    })),
    {
      clients: base?.clients ?? 0,
      revenue: base?.revenue ?? 0,
      potential: base && base.clientsWithTotal > 0 ? base.totalVolume - base.ourVolume : 0,
    },
    { minWeight: DEFAULT_MIN_WEIGHT },
  );

  const suppressedLabel = t('suppressed', { threshold: thresholds.suppressBelow });
  const tables = explorerTables({ t, segments, ranking, suppressedLabel, dimension: params.dimension });
  return {
    params,
    waves: waveRows,
    wave: selectedWave?.id ?? 'all',
    thresholds,
    overlapping: overlappingDimensions.includes(params.dimension),
    base: base
      ? {
          clients: base.clients,
          revenue: base.revenue,
          shareOfBusiness: base.totalVolume > 0 ? (100 * base.ourVolume) / base.totalVolume : null,
          potential: base.clientsWithTotal > 0 ? base.totalVolume - base.ourVolume : null,
        }
      : null,
    segments,
    ranking: ranking.map((entry) => ({
      ...entry,
      label: segments.find((segment) => segment.key === entry.key)?.label ?? entry.key,
      missing: segments.find((segment) => segment.key === entry.key)?.missing ?? [],
    })),
    minWeight: DEFAULT_MIN_WEIGHT,
    hasCustomSegments: customRows.length > 0,
    tables,
  };
}

const sizeOrder: readonly string[] = sizeSegments;
const ageOrder: readonly string[] = ageBands;

function segmentOrder(dimension: ExplorerDimension, locale: string) {
  return (a: ExplorerSegment, b: ExplorerSegment) => {
    if (dimension === 'size') return sizeOrder.indexOf(a.key) - sizeOrder.indexOf(b.key);
    if (dimension === 'ageBand') return rankIn(ageOrder, a.key) - rankIn(ageOrder, b.key);
    if (dimension === 'section') return a.key.localeCompare(b.key);
    if (dimension === 'vip') return a.key === 'true' ? -1 : b.key === 'true' ? 1 : 0;
    if (a.key === NULL_KEY) return 1;
    if (b.key === NULL_KEY) return -1;
    return b.revenue - a.revenue || a.label.localeCompare(b.label, locale);
  };
}

const rankIn = (order: readonly string[], key: string) => {
  const index = order.indexOf(key);
  return index === -1 ? order.length : index;
};

function figureCells(figure: ShownCell): TableCell[] {
  if (figure.suppressed) return [suppressedCell, suppressedCell, suppressedCell, suppressedCell];
  return [
    numberCell(figure.n, 0),
    numberCell(figure.value, 1),
    numberCell(figure.ci95?.[0], 1),
    numberCell(figure.ci95?.[1], 1),
  ];
}

function explorerTables({
  t,
  segments,
  ranking,
  suppressedLabel,
  dimension,
}: {
  t: (key: string, options?: Record<string, unknown>) => string;
  segments: ExplorerSegment[];
  ranking: ReturnType<typeof rankTargetSegments>;
  suppressedLabel: string;
  dimension: ExplorerDimension;
}): { explorer: DataTable; targets: DataTable } {
  const byKey = new Map(segments.map((segment) => [segment.key, segment]));
  const figureColumns = (metric: string) => [
    { label: `${metric} n`, numeric: true },
    { label: metric, numeric: true },
    { label: `${metric} ${t('ciLow')}`, numeric: true },
    { label: `${metric} ${t('ciHigh')}`, numeric: true },
  ];
  const explorer: DataTable = {
    id: 'explorer',
    title: t('explorerTable', { dimension: t(`dimensions.${dimension}`) }),
    suppressedLabel,
    columns: [
      { label: t('columns.segment') },
      { label: t('columns.clients'), numeric: true },
      { label: t('columns.revenue'), numeric: true },
      { label: t('columns.revenueShare'), numeric: true },
      { label: t('columns.productsPerClient'), numeric: true },
      { label: t('columns.shareOfBusiness'), numeric: true },
      { label: t('columns.potential'), numeric: true },
      { label: t('columns.responseCoverage'), numeric: true },
      ...figureColumns('NPS'),
      ...figureColumns(t('columns.csi')),
    ],
    rows: segments.map((segment) => ({
      key: segment.key,
      cells: [
        textCell(segment.label, segment.clientsHref ?? undefined),
        numberCell(segment.clients, 0),
        numberCell(segment.revenue, 0),
        numberCell(segment.revenueShare, 1),
        numberCell(segment.productsPerClient, 2),
        numberCell(segment.shareOfBusiness, 1),
        numberCell(segment.potential, 0),
        numberCell(segment.responseCoverage, 1),
        ...figureCells(segment.nps),
        ...figureCells(segment.csi),
      ],
    })),
  };
  const targets: DataTable = {
    id: 'targets',
    title: t('targetsTable', { dimension: t(`dimensions.${dimension}`) }),
    suppressedLabel,
    columns: [
      { label: t('columns.rank'), numeric: true },
      { label: t('columns.segment') },
      { label: t('columns.clientShare'), numeric: true },
      { label: t('columns.revenueShare'), numeric: true },
      { label: t('columns.potentialShare'), numeric: true },
      { label: t('columns.weight'), numeric: true },
      { label: t('columns.weighty') },
      { label: 'NPS', numeric: true },
      { label: t('columns.csi'), numeric: true },
      { label: t('columns.roomToImprove'), numeric: true },
      { label: t('columns.priority'), numeric: true },
      { label: t('columns.missing') },
    ],
    rows: ranking.map((entry) => {
      const segment = byKey.get(entry.key)!;
      const pct = (value: number | null) => numberCell(value === null ? null : 100 * value, 1);
      return {
        key: entry.key,
        cells: [
          numberCell(entry.rank, 0),
          textCell(segment.label),
          pct(entry.clientShare),
          pct(entry.revenueShare),
          pct(entry.potentialShare),
          pct(entry.weight),
          textCell(entry.weighty ? t('common:yes') : t('common:no')),
          segment.nps.suppressed ? suppressedCell : numberCell(segment.nps.value, 1),
          segment.csi.suppressed ? suppressedCell : numberCell(segment.csi.value, 1),
          pct(entry.roomToImprove),
          numberCell(entry.priority === null ? null : 1000 * entry.priority, 1),
          textCell(segment.missing.map((attribute) => attribute.label).join(', ')),
        ],
      };
    }),
  };
  return { explorer, targets };
}

/** Loyalty states present in the feed, for the segment form (empty until the feed has run). */
export async function loyaltyStatesInUse(): Promise<string[]> {
  const rows = await selectRows<{ state: string }>(
    getDb(),
    sql`SELECT DISTINCT loyalty_state AS state FROM client_loyalty ORDER BY 1`,
  );
  return rows.map((row) => row.state);
}

// ---------------------------------------------------------------------------------------------
// Exports: the explorer's tables as CSV or XLSX, the same rows and suppression as the page.

/** One explorer table as a file; every export is audited (who, which table, which choices). */
export async function exportSegmentTable({
  viewer,
  params,
  view,
  format,
  locale,
  query,
  ipAddress,
}: {
  viewer: StaffUser;
  params: ExplorerParams;
  view: string | null;
  format: string;
  locale: Locale;
  query: string;
  ipAddress: string;
}): Promise<Response> {
  if ((view !== 'explorer' && view !== 'targets') || (format !== 'csv' && format !== 'xlsx'))
    throw notFound();
  const explorer = await getSegmentExplorer({ viewer, params, locale });
  return auditedTableFile({
    viewer,
    table: explorer.tables[view],
    format,
    entityType: 'segments',
    entityId: view,
    query,
    ipAddress,
    fileName: `barometer-segments-${view}-${params.dimension}-${today()}.${format}`,
  });
}
