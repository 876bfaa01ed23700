import { and, asc, eq, inArray, isNotNull, sql } from 'drizzle-orm';
import type { TFunction } from 'i18next';
import {
  type AnalyticsFilter,
  accountRollup,
  aggregateMetric,
  attributeImportance,
  type Cell,
  compareToPrevious,
  type Dimension,
  type Thresholds,
  verbatims,
} from '#analytics/aggregations/index.ts';
import { loadThresholds } from '#analytics/aggregations/settings.ts';
import { benjaminiHochberg, INDUSTRY_SECTIONS } from '#analytics/metrics/index.ts';
import { getDb } from '#db/client.ts';
import { contactRoles, sizeSegments } from '#db/schema/domain.ts';
import {
  clientGroups,
  clients,
  managers,
  products,
  regions,
  surveyVersions,
  units,
  waves,
} from '#db/schema/index.ts';
import type { SurveyDefinition } from '#surveys/definition.ts';
import { scoringMap } from '#surveys/scoring.ts';
import { can } from '#app/auth/policy.ts';
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
import {
  type AnalyticsParams,
  accountClasses,
  type ImportanceKind,
  metricDigits,
  type ScoreMetricKey,
  type SegmentDimension,
  scoreMetricKeys,
  type ShownCell,
  segmentDimensions,
  shownCell as shown,
} from './analytics-params.ts';
import { clientScope } from './clients.server.ts';

// Read models of the analytics dashboards. Every function applies the viewer's scope (a manager's
// figures come from their own portfolio only), strips the numbers of suppressed cells before they
// leave the server, and returns what the charts draw plus the tables the page shows and exports.

// ---------------------------------------------------------------------------------------------
// Context: scope, waves, the filter bar's choices, and names for every dimension key.

interface WaveOption {
  id: string;
  name: string;
}

export interface FilterBarData {
  waves: WaveOption[];
  /** The wave the figures are for: a wave id, or 'all'. */
  wave: string;
  regions: { code: string; name: string }[];
  units: { id: string; name: string }[];
  managers: { id: string; name: string }[];
  products: { id: string; name: string }[];
  groups: { id: string; name: string }[];
  sections: { code: string; name: string }[];
  attributes: { key: string; name: string }[];
  /** Suppression and low-base thresholds in force. */
  thresholds: Thresholds;
  isManager: boolean;
}

interface AnalyticsContext {
  viewer: StaffUser;
  params: AnalyticsParams;
  locale: Locale;
  t: TFunction;
  thresholds: Thresholds;
  /** Launched waves, oldest first. */
  waves: WaveOption[];
  selectedWave: WaveOption | null;
  previousWave: WaveOption | null;
  /** Every filter but the wave, with the manager's scope forced in. */
  baseFilter: AnalyticsFilter;
  /** baseFilter limited to the selected wave (or to none when 'all' waves are chosen). */
  filter: AnalyticsFilter;
  filterBar: FilterBarData;
  label: (dimension: Dimension, key: string | null | undefined) => string;
  suppressedLabel: string;
  lowBaseLabel: string;
}

/**
 * Launched waves, oldest first, and the one a page's figures are for: the wave `wave` names, none
 * for 'all', otherwise (absent or unknown) the newest.
 */
export async function chooseWave(
  wave: string | null,
): Promise<{ waves: WaveOption[]; selected: WaveOption | null }> {
  const rows = await getDb()
    .select({ id: waves.id, name: waves.name })
    .from(waves)
    .where(isNotNull(waves.launchedAt))
    .orderBy(asc(waves.launchedAt), asc(waves.name));
  const selected = wave === 'all' ? null : (rows.find((row) => row.id === wave) ?? rows.at(-1) ?? null);
  return { waves: rows, selected };
}

const nonEmpty = <T>(values: T[]) => (values.length > 0 ? values : undefined);

function scopedFilter(viewer: StaffUser, params: AnalyticsParams): AnalyticsFilter {
  const filter: AnalyticsFilter = {
    sizes: nonEmpty(params.sizes),
    sections: nonEmpty(params.sections),
    regions: nonEmpty(params.regions),
    unitIds: nonEmpty(params.units),
    managerIds: nonEmpty(params.managers),
    productIds: nonEmpty(params.products),
    groupIds: nonEmpty(params.groups),
    contactRoles: nonEmpty(params.roles),
    vip: params.vip ?? undefined,
  };
  // A manager's figures are always their own portfolio's, whatever the URL asks for; a manager
  // account without a manager record gets an empty list, which matches nothing.
  if (viewer.role === 'manager') filter.managerIds = viewer.managerId ? [viewer.managerId] : [];
  return filter;
}

async function loadContext(
  viewer: StaffUser,
  params: AnalyticsParams,
  locale: Locale,
): Promise<AnalyticsContext> {
  const db = getDb();
  const isManager = viewer.role === 'manager';
  const t = getI18n(locale).getFixedT(locale, 'analytics');
  const [thresholds, waveChoice, regionRows, unitRows, managerRows, productRows, groupRows, versionRows] =
    await Promise.all([
      loadThresholds(db),
      chooseWave(params.wave),
      db.select().from(regions).orderBy(asc(regions.nameEn)),
      db.select({ id: units.id, nameEn: units.nameEn, nameRu: units.nameRu }).from(units),
      db
        .select({ id: managers.id, fullName: managers.fullName })
        .from(managers)
        .where(isManager ? (viewer.managerId ? eq(managers.id, viewer.managerId) : sql`false`) : undefined)
        .orderBy(asc(managers.fullName)),
      db.select({ id: products.id, nameEn: products.nameEn, nameRu: products.nameRu }).from(products),
      db
        .selectDistinct({ id: clientGroups.id, name: clientGroups.name })
        .from(clientGroups)
        .innerJoin(clients, eq(clients.groupId, clientGroups.id))
        .where(clientScope(viewer))
        .orderBy(asc(clientGroups.name)),
      db
        .selectDistinct({ definition: surveyVersions.definition })
        .from(surveyVersions)
        .innerJoin(waves, eq(waves.surveyVersionId, surveyVersions.id)),
    ]);

  const byName = <T extends { name: string }>(list: T[]) =>
    list.sort((a, b) => a.name.localeCompare(b.name, locale));
  const regionOptions = regionRows.map((row) => ({
    code: row.code,
    name: localized(locale, row.nameEn, row.nameRu),
  }));
  const unitOptions = byName(
    unitRows.map((row) => ({ id: row.id, name: localized(locale, row.nameEn, row.nameRu) })),
  );
  const managerOptions = managerRows.map((row) => ({ id: row.id, name: row.fullName }));
  const productOptions = byName(
    productRows.map((row) => ({ id: row.id, name: localized(locale, row.nameEn, row.nameRu) })),
  );
  const sectionOptions = INDUSTRY_SECTIONS.map((section) => ({
    code: section.section,
    name: `${section.section} · ${localized(locale, section.nameEn, section.nameRu)}`,
  }));
  const attributeKeys = new Set<string>();
  for (const { definition } of versionRows) {
    for (const item of scoringMap(definition as SurveyDefinition)) {
      if (item.metric !== 'attribute') continue;
      if (item.attribute) attributeKeys.add(item.attribute);
      for (const column of item.columns ?? []) attributeKeys.add(column);
    }
  }
  const attributeName = (key: string) => t(`attributes.${key}`, { defaultValue: key.replaceAll('_', ' ') });
  const attributeOptions = byName([...attributeKeys].map((key) => ({ key, name: attributeName(key) })));

  const { waves: waveOptions, selected: selectedWave } = waveChoice;
  const previousWave = selectedWave ? (waveOptions[waveOptions.indexOf(selectedWave) - 1] ?? null) : null;

  const baseFilter = scopedFilter(viewer, params);
  const filter = selectedWave ? { ...baseFilter, waveIds: [selectedWave.id] } : baseFilter;

  const names: Partial<Record<Dimension, Map<string, string>>> = {
    wave: new Map(waveOptions.map((wave) => [wave.id, wave.name])),
    region: new Map(regionOptions.map((region) => [region.code, region.name])),
    unit: new Map(unitOptions.map((unit) => [unit.id, unit.name])),
    manager: new Map(managerOptions.map((manager) => [manager.id, manager.name])),
    product: new Map(productOptions.map((product) => [product.id, product.name])),
    group: new Map(groupRows.map((group) => [group.id, group.name])),
    section: new Map(sectionOptions.map((section) => [section.code, section.name])),
  };
  const label = (dimension: Dimension, key: string | null | undefined): string => {
    if (key === null || key === undefined) return t('unassigned');
    switch (dimension) {
      case 'size':
        return t(`common:sizes.${key}`, { defaultValue: key });
      case 'contactRole':
        return t(`common:contactRoles.${key}`, { defaultValue: key });
      case 'vip':
        return isTrue(key) ? t('vipClients') : t('otherClients');
      case 'attribute':
        return attributeName(key);
      default:
        return names[dimension]?.get(key) ?? key;
    }
  };

  return {
    viewer,
    params,
    locale,
    t,
    thresholds,
    waves: waveOptions,
    selectedWave,
    previousWave,
    baseFilter,
    filter,
    label,
    suppressedLabel: t('suppressed', { threshold: thresholds.suppressBelow }),
    lowBaseLabel: t('lowBase', { threshold: thresholds.lowBaseBelow }),
    filterBar: {
      waves: waveOptions,
      wave: selectedWave?.id ?? 'all',
      regions: regionOptions,
      units: unitOptions,
      managers: managerOptions,
      products: productOptions,
      groups: groupRows,
      sections: sectionOptions,
      attributes: attributeOptions,
      thresholds,
      isManager,
    },
  };
}

const isTrue = (key: string) => key === 'true' || key === 't' || key === 'yes';

const fixedOrder: Partial<Record<Dimension, readonly string[]>> = {
  size: sizeSegments,
  contactRole: contactRoles,
};

/** Distinct keys of one dimension in the order a reader expects (sizes small to large, names A–Z). */
function orderedKeys(context: AnalyticsContext, dimension: Dimension, cells: Cell[]): (string | null)[] {
  const keys = [...new Set(cells.map((cell) => cell.keys[dimension] ?? null))];
  const order = fixedOrder[dimension];
  if (order) return keys.sort((a, b) => rank(order, a) - rank(order, b));
  if (dimension === 'wave') {
    const waveIds = context.waves.map((wave) => wave.id);
    return keys.sort((a, b) => rank(waveIds, a) - rank(waveIds, b));
  }
  if (dimension === 'vip') return keys.sort((a) => (a !== null && isTrue(a) ? -1 : 1));
  return keys.sort((a, b) =>
    a === null
      ? 1
      : b === null
        ? -1
        : context.label(dimension, a).localeCompare(context.label(dimension, b), context.locale),
  );
}

const rank = (order: readonly string[], key: string | null) => {
  const index = key === null ? -1 : order.indexOf(key);
  return index === -1 ? order.length : index;
};

const keyOf = (key: string | null | undefined) => key ?? '∅';

// ---------------------------------------------------------------------------------------------
// Table helpers: every figure goes through these, so suppression and rounding are applied once.

function figureCells(cell: ShownCell, digits: number): TableCell[] {
  if (cell.suppressed) return [suppressedCell, suppressedCell, suppressedCell, suppressedCell];
  return [
    numberCell(cell.n, 0),
    numberCell(cell.value, digits),
    numberCell(cell.ci95?.[0], digits),
    numberCell(cell.ci95?.[1], digits),
  ];
}

function noteCell(context: AnalyticsContext, cell: ShownCell): TableCell {
  if (cell.suppressed) return textCell(context.suppressedLabel);
  if (cell.n === 0) return textCell(context.t('noAnswers'));
  return textCell(cell.lowBase ? context.lowBaseLabel : '');
}

function figureColumns(context: AnalyticsContext, valueLabel: string) {
  const { t } = context;
  return [
    { label: 'n', numeric: true },
    { label: valueLabel, numeric: true },
    { label: t('ciLow'), numeric: true },
    { label: t('ciHigh'), numeric: true },
  ];
}

// ---------------------------------------------------------------------------------------------
// Overview

/** What every dashboard is read for: who looks, at which filters, in which language. */
interface DashboardRequest {
  viewer: StaffUser;
  params: AnalyticsParams;
  locale: Locale;
}

export interface MetricTile {
  metric: ScoreMetricKey;
  cell: ShownCell;
  /** Change against the previous wave; `significant` after Benjamini–Hochberg over all the tiles. */
  change: { diff: number | null; significant: boolean } | null;
}

export async function getOverviewDashboard({ viewer, params, locale }: DashboardRequest) {
  const context = await loadContext(viewer, params, locale);
  const { thresholds, selectedWave, previousWave, t } = context;
  const db = getDb();
  const metric = (scoreMetricKeys as readonly string[]).includes(params.metric) ? params.metric : 'nps';

  const [byWave, pooled, changes, segmentCells, segmentChanges] = await Promise.all([
    Promise.all(
      scoreMetricKeys.map((key) =>
        aggregateMetric(db, { metric: key, by: ['wave'], filter: context.baseFilter, thresholds }),
      ),
    ),
    selectedWave
      ? null
      : Promise.all(
          scoreMetricKeys.map((key) =>
            aggregateMetric(db, { metric: key, by: [], filter: context.filter, thresholds }),
          ),
        ),
    selectedWave && previousWave
      ? Promise.all(
          scoreMetricKeys.map((key) =>
            compareToPrevious(db, {
              metric: key,
              by: [],
              waveId: selectedWave.id,
              previousWaveId: previousWave.id,
              filter: context.baseFilter,
              thresholds,
            }),
          ),
        )
      : null,
    aggregateMetric(db, { metric, by: [params.by], filter: context.filter, thresholds }),
    selectedWave && previousWave
      ? compareToPrevious(db, {
          metric,
          by: [params.by],
          waveId: selectedWave.id,
          previousWaveId: previousWave.id,
          filter: context.baseFilter,
          thresholds,
        })
      : null,
  ]);

  // The tiles are several tests at once: only differences that survive Benjamini–Hochberg are marked.
  const tileComparisons = changes?.map((rows) => rows[0]) ?? null;
  const survives = tileComparisons
    ? benjaminiHochberg(tileComparisons.map((row) => (row && row.p !== null ? row.p : 1)))
    : null;
  const tiles: MetricTile[] = scoreMetricKeys.map((key, index) => {
    const current = selectedWave
      ? byWave[index].find((cell) => cell.keys.wave === selectedWave.id)
      : pooled?.[index][0];
    const comparison = tileComparisons?.[index];
    const comparable = comparison && !comparison.current.suppressed && !comparison.previous.suppressed;
    return {
      metric: key,
      cell: shown(current),
      change: comparison
        ? {
            diff: comparable ? comparison.diff : null,
            significant: Boolean(comparable && survives?.[index] && comparison.diff !== null),
          }
        : null,
    };
  });

  const waveRows = context.waves.map((wave) => ({
    wave,
    cells: scoreMetricKeys.map((_, index) => shown(byWave[index].find((cell) => cell.keys.wave === wave.id))),
  }));

  const segments = orderedKeys(context, params.by, segmentCells).map((key) => {
    const cell = segmentCells.find((candidate) => (candidate.keys[params.by] ?? null) === key)!;
    const comparison = segmentChanges?.find((row) => (row.keys[params.by] ?? null) === key);
    const comparable = comparison && !comparison.current.suppressed && !comparison.previous.suppressed;
    return {
      key: keyOf(key),
      label: context.label(params.by, key),
      cell: shown(cell),
      change: comparison
        ? {
            diff: comparable ? comparison.diff : null,
            significant: Boolean(comparable && comparison.significant && comparison.diff !== null),
          }
        : null,
    };
  });

  const metricName = (key: ScoreMetricKey) => t(`metrics.${key}`);
  // Change columns only when there is a previous wave to compare with.
  const changeColumns =
    previousWave && selectedWave
      ? [{ label: t('changeVs', { wave: previousWave.name }), numeric: true }, { label: t('significant') }]
      : [];
  const changeCells = (change: MetricTile['change'], digits: number): TableCell[] =>
    changeColumns.length === 0
      ? []
      : [
          numberCell(change?.diff, digits),
          textCell(change ? (change.significant ? t('common:yes') : t('common:no')) : ''),
        ];
  const tilesTable: DataTable = {
    id: 'overview',
    title: t('overview.tilesTitle'),
    suppressedLabel: context.suppressedLabel,
    columns: [
      { label: t('metric') },
      ...figureColumns(context, t('value')),
      ...changeColumns,
      { label: t('note') },
    ],
    rows: tiles.map((tile) => ({
      key: tile.metric,
      cells: [
        textCell(metricName(tile.metric)),
        ...figureCells(tile.cell, metricDigits[tile.metric]),
        ...changeCells(tile.change, metricDigits[tile.metric]),
        noteCell(context, tile.cell),
      ],
    })),
  };
  const segmentsTable: DataTable = {
    id: 'segments',
    title: t('overview.segmentsTitle', {
      metric: metricName(metric),
      dimension: t(`dimensions.${params.by}`),
    }),
    suppressedLabel: context.suppressedLabel,
    columns: [
      { label: t(`dimensions.${params.by}`) },
      ...figureColumns(context, metricName(metric)),
      ...changeColumns,
      { label: t('note') },
    ],
    rows: segments.map((segment) => ({
      key: segment.key,
      cells: [
        textCell(segment.label),
        ...figureCells(segment.cell, metricDigits[metric]),
        ...changeCells(segment.change, metricDigits[metric]),
        noteCell(context, segment.cell),
      ],
    })),
  };
  const wavesTable: DataTable = {
    id: 'waves',
    title: t('overview.wavesTitle'),
    suppressedLabel: context.suppressedLabel,
    columns: [
      { label: t('dimensions.wave') },
      ...scoreMetricKeys.flatMap((key) => [
        { label: `${metricName(key)}: n`, numeric: true },
        { label: metricName(key), numeric: true },
      ]),
    ],
    rows: waveRows.map((row) => ({
      key: row.wave.id,
      cells: [
        textCell(row.wave.name),
        ...row.cells.flatMap((cell, index) =>
          cell.suppressed
            ? [suppressedCell, suppressedCell]
            : [numberCell(cell.n, 0), numberCell(cell.value, metricDigits[scoreMetricKeys[index]])],
        ),
      ],
    })),
  };

  return {
    filterBar: context.filterBar,
    selectedWave,
    previousWave,
    metric,
    by: params.by,
    tiles,
    segments,
    tables: { overview: tilesTable, segments: segmentsTable, waves: wavesTable },
  };
}

// ---------------------------------------------------------------------------------------------
// Heatmap: segment × product

interface HeatmapCell {
  row: string;
  column: string;
  cell: ShownCell;
}

export async function getHeatmapDashboard({ viewer, params, locale }: DashboardRequest) {
  const context = await loadContext(viewer, params, locale);
  const { t, thresholds } = context;
  const by: SegmentDimension = (segmentDimensions as readonly string[]).includes(params.by)
    ? params.by
    : 'size';
  const metric = params.metric;
  const filter: AnalyticsFilter =
    metric === 'attribute' && params.attribute
      ? { ...context.filter, attributes: [params.attribute] }
      : context.filter;
  const db = getDb();
  const [cells, totals] = await Promise.all([
    aggregateMetric(db, { metric, by: [by, 'product'], filter, thresholds }),
    aggregateMetric(db, { metric, by: [by], filter, thresholds }),
  ]);
  const rowKeys = orderedKeys(context, by, [...cells, ...totals]);
  const columnKeys = orderedKeys(context, 'product', cells);
  const allProducts = t('heatmap.allProducts');
  const rows = rowKeys.map((key) => ({ key: keyOf(key), label: context.label(by, key) }));
  const columns = [
    ...columnKeys.map((key) => ({ key: keyOf(key), label: context.label('product', key) })),
    { key: '*', label: allProducts },
  ];
  const heatmapCells: HeatmapCell[] = [
    ...cells.map((cell) => ({
      row: keyOf(cell.keys[by]),
      column: keyOf(cell.keys.product),
      cell: shown(cell),
    })),
    ...totals.map((cell) => ({ row: keyOf(cell.keys[by]), column: '*', cell: shown(cell) })),
  ];
  const rowLabel = new Map(rows.map((row) => [row.key, row.label]));
  const columnLabel = new Map(columns.map((column) => [column.key, column.label]));
  const order = (cell: HeatmapCell) =>
    rows.findIndex((row) => row.key === cell.row) * (columns.length + 1) +
    columns.findIndex((column) => column.key === cell.column);
  const metricName = metricTitle(context, metric, params.attribute);
  const table: DataTable = {
    id: 'heatmap',
    title: t('heatmap.tableTitle', { metric: metricName, dimension: t(`dimensions.${by}`) }),
    suppressedLabel: context.suppressedLabel,
    columns: [
      { label: t(`dimensions.${by}`) },
      { label: t('dimensions.product') },
      ...figureColumns(context, metricName),
      { label: t('note') },
    ],
    rows: [...heatmapCells]
      .sort((a, b) => order(a) - order(b))
      .map((entry) => ({
        key: `${entry.row}|${entry.column}`,
        cells: [
          textCell(rowLabel.get(entry.row) ?? entry.row),
          textCell(columnLabel.get(entry.column) ?? entry.column),
          ...figureCells(entry.cell, metricDigits[metric]),
          noteCell(context, entry.cell),
        ],
      })),
  };
  return {
    filterBar: context.filterBar,
    metric,
    attribute: params.attribute,
    by,
    metricName,
    rows,
    columns,
    cells: heatmapCells,
    tables: { heatmap: table },
  };
}

function metricTitle(context: AnalyticsContext, metric: ScoreMetricKey, attribute: string | null): string {
  const name = context.t(`metrics.${metric}`);
  return metric === 'attribute' && attribute ? `${name}: ${context.label('attribute', attribute)}` : name;
}

// ---------------------------------------------------------------------------------------------
// Drivers: importance–performance and relative weights (company-wide analyses)

export async function getDriversDashboard({ viewer, params, locale }: DashboardRequest) {
  if (!can(viewer.role, 'analytics:company')) throw notFound();
  const context = await loadContext(viewer, params, locale);
  const { t, thresholds } = context;
  const db = getDb();
  const importance: ImportanceKind = params.importance;
  const [analysis, csiCells] = await Promise.all([
    attributeImportance(db, { filter: context.filter, thresholds }),
    aggregateMetric(db, { metric: 'csi', by: [], filter: context.filter, thresholds }),
  ]);
  const quadrantOf = new Map(
    analysis.quadrants[importance].map((placement) => [placement.key, placement.quadrant] as const),
  );
  const attributes = analysis.attributes.map((attribute) => ({
    key: attribute.key,
    label: context.label('attribute', attribute.key),
    performance: shown(attribute.performance),
    statedImportance: shown(attribute.statedImportance),
    derivedImportance: attribute.derivedImportance,
    quadrant: quadrantOf.get(attribute.key) ?? null,
  }));
  const points = attributes.flatMap((attribute) => {
    const x = importance === 'stated' ? attribute.statedImportance.value : attribute.derivedImportance;
    const y = attribute.performance.value;
    return x === null || y === null || attribute.quadrant === null
      ? []
      : [
          {
            key: attribute.key,
            label: attribute.label,
            importance: x,
            performance: y,
            quadrant: attribute.quadrant,
          },
        ];
  });
  const crosshair = analysis.crosshair[importance];
  const weights = attributes
    .flatMap((attribute) =>
      attribute.derivedImportance === null
        ? []
        : [{ key: attribute.key, label: attribute.label, percent: attribute.derivedImportance }],
    )
    .sort((a, b) => b.percent - a.percent);

  const table: DataTable = {
    id: 'drivers',
    title: t('drivers.tableTitle'),
    suppressedLabel: context.suppressedLabel,
    columns: [
      { label: t('dimensions.attribute') },
      { label: t('drivers.performanceN'), numeric: true },
      { label: t('drivers.performance'), numeric: true },
      { label: t('drivers.statedImportance'), numeric: true },
      { label: t('drivers.derivedImportance'), numeric: true },
      { label: t('drivers.quadrant') },
      { label: t('note') },
    ],
    rows: attributes.map((attribute) => ({
      key: attribute.key,
      cells: [
        textCell(attribute.label),
        attribute.performance.suppressed ? suppressedCell : numberCell(attribute.performance.n, 0),
        attribute.performance.suppressed
          ? suppressedCell
          : numberCell(attribute.performance.value, metricDigits.attribute),
        attribute.statedImportance.suppressed
          ? suppressedCell
          : numberCell(attribute.statedImportance.value, metricDigits.importance),
        numberCell(attribute.derivedImportance, 1),
        textCell(attribute.quadrant ? t(`quadrants.${attribute.quadrant}`) : ''),
        noteCell(context, attribute.performance),
      ],
    })),
  };
  return {
    filterBar: context.filterBar,
    importance,
    points,
    crosshair,
    weights,
    rSquared: analysis.rSquared,
    cronbachAlpha: analysis.cronbachAlpha,
    n: analysis.n,
    csi: shown(csiCells[0]),
    csiWeights: analysis.csiWeights,
    tables: { drivers: table },
  };
}

// ---------------------------------------------------------------------------------------------
// NPS composition by segment, and a metric across waves

export async function getTrendsDashboard({ viewer, params, locale }: DashboardRequest) {
  const context = await loadContext(viewer, params, locale);
  const { t, thresholds } = context;
  const db = getDb();
  const metric = (scoreMetricKeys as readonly string[]).includes(params.metric) ? params.metric : 'nps';
  const [compositionCells, trendCells] = await Promise.all([
    aggregateMetric(db, { metric: 'nps', by: [params.by], filter: context.filter, thresholds }),
    aggregateMetric(db, { metric, by: ['wave'], filter: context.baseFilter, thresholds }),
  ]);

  const composition = orderedKeys(context, params.by, compositionCells).map((key) => {
    const cell = compositionCells.find((candidate) => (candidate.keys[params.by] ?? null) === key)!;
    const visible = shown(cell);
    return {
      key: keyOf(key),
      label: context.label(params.by, key),
      cell: visible,
      // Shares in percent, from the engine; none for a suppressed segment.
      shares: visible.suppressed ? null : (cell.composition ?? null),
    };
  });
  const trend = context.waves.map((wave) => ({
    key: wave.id,
    label: wave.name,
    cell: shown(trendCells.find((cell) => cell.keys.wave === wave.id)),
  }));

  const compositionTable: DataTable = {
    id: 'composition',
    title: t('trends.compositionTitle', { dimension: t(`dimensions.${params.by}`) }),
    suppressedLabel: context.suppressedLabel,
    columns: [
      { label: t(`dimensions.${params.by}`) },
      { label: 'n', numeric: true },
      { label: t('trends.promoters'), numeric: true },
      { label: t('trends.passives'), numeric: true },
      { label: t('trends.detractors'), numeric: true },
      { label: t('metrics.nps'), numeric: true },
      { label: t('ciLow'), numeric: true },
      { label: t('ciHigh'), numeric: true },
      { label: t('note') },
    ],
    rows: composition.map((segment) => ({
      key: segment.key,
      cells: segment.cell.suppressed
        ? [textCell(segment.label), ...Array(7).fill(suppressedCell), noteCell(context, segment.cell)]
        : [
            textCell(segment.label),
            numberCell(segment.cell.n, 0),
            numberCell(segment.shares?.promoters, 1),
            numberCell(segment.shares?.passives, 1),
            numberCell(segment.shares?.detractors, 1),
            numberCell(segment.cell.value, metricDigits.nps),
            numberCell(segment.cell.ci95?.[0], metricDigits.nps),
            numberCell(segment.cell.ci95?.[1], metricDigits.nps),
            noteCell(context, segment.cell),
          ],
    })),
  };
  const trendTable: DataTable = {
    id: 'trend',
    title: t('trends.trendTitle', { metric: t(`metrics.${metric}`) }),
    suppressedLabel: context.suppressedLabel,
    columns: [
      { label: t('dimensions.wave') },
      ...figureColumns(context, t(`metrics.${metric}`)),
      { label: t('note') },
    ],
    rows: trend.map((point) => ({
      key: point.key,
      cells: [
        textCell(point.label),
        ...figureCells(point.cell, metricDigits[metric]),
        noteCell(context, point.cell),
      ],
    })),
  };
  return {
    filterBar: context.filterBar,
    metric,
    by: params.by,
    composition,
    trend,
    tables: { composition: compositionTable, trend: trendTable },
  };
}

// ---------------------------------------------------------------------------------------------
// Accounts: one account one vote, revenue weighting, revenue at risk and coverage

const accountPageSize = 50;

/** Which of these clients the viewer may open (a manager only their current portfolio). */
async function openableClients(viewer: StaffUser, ids: string[]): Promise<Set<string>> {
  if (!can(viewer.role, 'clients:read') || ids.length === 0) return new Set();
  const rows = await getDb()
    .select({ id: clients.id })
    .from(clients)
    .where(and(inArray(clients.id, ids), clientScope(viewer)));
  return new Set(rows.map((row) => row.id));
}

export async function getAccountsDashboard({
  viewer,
  params,
  locale,
  allRows = false,
}: DashboardRequest & { allRows?: boolean }) {
  const context = await loadContext(viewer, params, locale);
  const { t, thresholds } = context;
  const rollup = await accountRollup(getDb(), { filter: context.filter, thresholds });
  const matching = rollup.accounts
    .filter((account) => params.accountClass === null || account.accountClass === params.accountClass)
    .sort(
      (a, b) =>
        Number(b.revenueRub) - Number(a.revenueRub) || a.clientName.localeCompare(b.clientName, locale),
    );
  const pageCount = Math.max(1, Math.ceil(matching.length / accountPageSize));
  const page = Math.min(params.page, pageCount);
  const listed = allRows ? matching : matching.slice((page - 1) * accountPageSize, page * accountPageSize);
  const openable = await openableClients(
    viewer,
    listed.map((account) => account.clientId),
  );
  const { summary } = rollup;

  const accountsTable: DataTable = {
    id: 'accounts',
    title: params.accountClass
      ? t(`accounts.tableTitle.${params.accountClass}`)
      : t('accounts.tableTitle.all'),
    suppressedLabel: context.suppressedLabel,
    columns: [
      { label: t('accounts.client') },
      { label: t('accounts.revenue'), numeric: true },
      { label: t('accounts.respondents'), numeric: true },
      { label: t('accounts.netScore'), numeric: true },
      { label: t('accounts.class') },
      { label: t('metrics.csi'), numeric: true },
      { label: t('dimensions.manager') },
      { label: t('dimensions.group') },
    ],
    rows: listed.map((account) => ({
      key: account.clientId,
      cells: [
        textCell(
          account.clientName,
          openable.has(account.clientId) ? `/clients/${account.clientId}` : undefined,
        ),
        numberCell(Number(account.revenueRub), 0),
        numberCell(account.respondents, 0),
        numberCell(account.netScore === null ? null : 100 * account.netScore, 1),
        textCell(account.accountClass ? t(`accountClasses.${account.accountClass}`) : ''),
        numberCell(account.csi, metricDigits.csi),
        textCell(account.managerId ? context.label('manager', account.managerId) : t('unassigned')),
        textCell(account.groupId ? context.label('group', account.groupId) : ''),
      ],
    })),
  };
  const groupsTable: DataTable = {
    id: 'groups',
    title: t('accounts.groupsTitle'),
    suppressedLabel: context.suppressedLabel,
    columns: [
      { label: t('dimensions.group') },
      { label: t('accounts.companies'), numeric: true },
      { label: t('accounts.revenue'), numeric: true },
      ...figureColumns(context, t('accounts.revenueWeightedNps')),
      { label: t('note') },
    ],
    rows: rollup.groups
      .map((group) => ({ group, cell: shown(group.revenueWeightedNps) }))
      .sort((a, b) => Number(b.group.revenueRub) - Number(a.group.revenueRub))
      .map(({ group, cell }) => ({
        key: group.groupId,
        cells: [
          textCell(group.name),
          numberCell(group.accounts, 0),
          numberCell(Number(group.revenueRub), 0),
          ...figureCells(cell, metricDigits.nps),
          noteCell(context, cell),
        ],
      })),
  };
  return {
    filterBar: context.filterBar,
    accountClass: params.accountClass,
    classes: accountClasses,
    summary: {
      accountNps: shown(summary.accountNps),
      revenueWeightedNps: {
        ...shown(summary.revenueWeightedNps),
        effectiveN: summary.revenueWeightedNps.suppressed ? null : summary.revenueWeightedNps.effectiveN,
      },
      revenueAtRisk: summary.revenueAtRisk,
      revenueCoverage: summary.revenueCoverage,
      accounts: rollup.accounts.length,
      detractorAccounts: rollup.accounts.filter((account) => account.accountClass === 'detractor').length,
    },
    page,
    pageCount,
    tables: { accounts: accountsTable, groups: groupsTable },
  };
}

// ---------------------------------------------------------------------------------------------
// Verbatims

const verbatimPageSize = 25;
/** An export is capped so a careless click cannot build a file of every comment ever written. */
const verbatimExportLimit = 10_000;

async function loadVerbatims(context: AnalyticsContext, paging: { limit: number; offset: number }) {
  const result = await verbatims(getDb(), {
    filter: context.filter,
    search: context.params.q ?? undefined,
    ...paging,
  });
  const openable = await openableClients(context.viewer, [
    ...new Set(result.rows.map((row) => row.clientId)),
  ]);
  const rows = result.rows.map((row) => ({
    ...row,
    completedAt: new Date(row.completedAt).toISOString(),
    waveName: context.label('wave', row.waveId),
    clientHref: openable.has(row.clientId) ? `/clients/${row.clientId}` : null,
  }));
  return { rows, total: result.total };
}

export async function getVerbatimsDashboard({ viewer, params, locale }: DashboardRequest) {
  const context = await loadContext(viewer, params, locale);
  const { rows, total } = await loadVerbatims(context, {
    limit: verbatimPageSize,
    offset: (params.page - 1) * verbatimPageSize,
  });
  return {
    filterBar: context.filterBar,
    q: params.q,
    rows,
    total,
    page: params.page,
    pageCount: Math.max(1, Math.ceil(total / verbatimPageSize)),
  };
}

/** The comments as a table, for the exports (the page shows them as cards). */
async function getVerbatimsTable(context: AnalyticsContext): Promise<DataTable> {
  const { t } = context;
  const { rows } = await loadVerbatims(context, { limit: verbatimExportLimit, offset: 0 });
  return {
    id: 'verbatims',
    title: t('verbatims.title'),
    suppressedLabel: context.suppressedLabel,
    columns: [
      { label: t('verbatims.date') },
      { label: t('accounts.client') },
      { label: t('dimensions.wave') },
      { label: t('verbatims.ltr'), numeric: true },
      { label: t('verbatims.comment') },
      { label: t('verbatims.language') },
    ],
    rows: rows.map((row) => ({
      key: row.responseId,
      cells: [
        textCell(row.completedAt.slice(0, 10)),
        textCell(row.clientName, row.clientHref ?? undefined),
        textCell(row.waveName),
        numberCell(row.ltr, 0),
        textCell(row.text),
        textCell(row.language.toUpperCase()),
      ],
    })),
  };
}

// ---------------------------------------------------------------------------------------------
// Exports

export const exportViews = [
  'overview',
  'segments',
  'waves',
  'heatmap',
  'drivers',
  'composition',
  'trend',
  'accounts',
  'groups',
  'verbatims',
] as const;
export type ExportView = (typeof exportViews)[number];

/** The table behind one export, built by the same read model as the page (all rows, not one page). */
export async function getExportTable({
  viewer,
  params,
  locale,
  view,
}: DashboardRequest & { view: ExportView }): Promise<DataTable> {
  const args = { viewer, params, locale };
  switch (view) {
    case 'overview':
    case 'segments':
    case 'waves':
      return (await getOverviewDashboard(args)).tables[view];
    case 'heatmap':
      return (await getHeatmapDashboard(args)).tables.heatmap;
    case 'drivers':
      return (await getDriversDashboard(args)).tables.drivers;
    case 'composition':
    case 'trend':
      return (await getTrendsDashboard(args)).tables[view];
    case 'accounts':
    case 'groups':
      return (await getAccountsDashboard({ ...args, allRows: true })).tables[view];
    case 'verbatims':
      return getVerbatimsTable(await loadContext(viewer, params, locale));
  }
}
