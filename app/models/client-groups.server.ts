import { and, asc, eq, inArray, isNotNull, sql } from 'drizzle-orm';
import { z } from 'zod';
import { accountRollup, type Thresholds } from '#analytics/aggregations/index.ts';
import { loadThresholds } from '#analytics/aggregations/settings.ts';
import { baseStatus, holdingScore, kishEffectiveN, revenueWeightedNps } from '#analytics/metrics/index.ts';
import { centralisation } from '#analytics/segments/index.ts';
import { getDb } from '#db/client.ts';
import { clientGroups, clientProducts, clients, managers, units } from '#db/schema/index.ts';
import { notFound, type StaffUser } from '#app/auth/session.server.ts';
import type { Locale } from '#app/i18n/locales.ts';
import { localized } from '#app/utils/format.ts';
import { chooseWave } from './analytics.server.ts';
import { clientScope } from './clients.server.ts';

// Client groups (holdings): one relationship each (source article, principle 2). A manager sees a
// group only when one of its companies is theirs, and only their own companies' details; the
// centralisation warning is about the whole group, so it is shown to them too.

export function parseGroupParams(search: URLSearchParams) {
  const wave = search.get('wave');
  return { wave: wave === 'all' || z.string().uuid().safeParse(wave).success ? wave : null };
}

interface CompanyRow {
  id: string;
  name: string;
  groupId: string;
  sizeSegment: string;
  unitId: string;
  unitNameEn: string;
  unitNameRu: string;
  managerId: string | null;
  managerName: string | null;
  revenue: number;
  visible: boolean;
}

async function companiesOf(groupIds: string[], viewer: StaffUser): Promise<CompanyRow[]> {
  if (groupIds.length === 0) return [];
  const scope = clientScope(viewer);
  const rows = await getDb()
    .select({
      id: clients.id,
      name: clients.name,
      groupId: clients.groupId,
      sizeSegment: clients.sizeSegment,
      unitId: clients.unitId,
      unitNameEn: units.nameEn,
      unitNameRu: units.nameRu,
      managerId: clients.managerId,
      managerName: managers.fullName,
      revenue: sql<string>`(SELECT coalesce(sum(${clientProducts.incomeRub}), 0) FROM ${clientProducts}
        WHERE ${clientProducts.clientId} = ${clients.id})`,
      visible: scope ? sql<boolean>`${scope}` : sql<boolean>`true`,
    })
    .from(clients)
    .innerJoin(units, eq(units.id, clients.unitId))
    .leftJoin(managers, eq(managers.id, clients.managerId))
    .where(inArray(clients.groupId, groupIds))
    .orderBy(asc(clients.name));
  return rows.map((row) => ({
    ...row,
    groupId: row.groupId!,
    revenue: Number(row.revenue),
    visible: Boolean(row.visible),
  }));
}

/** Group ids the viewer may open: every group, or for a manager the groups with one of their clients. */
async function visibleGroupIds(viewer: StaffUser): Promise<string[] | null> {
  if (viewer.role !== 'manager') return null;
  const rows = await getDb()
    .selectDistinct({ id: clients.groupId })
    .from(clients)
    .where(and(isNotNull(clients.groupId), clientScope(viewer)));
  return rows.map((row) => row.id!);
}

/** Revenue-weighted NPS and CSI of companies with their account scores (METHODOLOGY §5). */
function rolledUp(
  accounts: Array<{ revenue: number; netScore: number | null; csi: number | null }>,
  thresholds: Thresholds,
) {
  const nps = revenueWeightedNps(
    accounts.map((account) => ({ netScore: account.netScore, revenue: account.revenue })),
  );
  const withCsi = accounts.filter((account) => account.csi !== null && account.revenue > 0);
  const csiEffectiveN = kishEffectiveN(withCsi.map((account) => account.revenue)) ?? 0;
  const csi = holdingScore(withCsi.map((account) => ({ score: account.csi!, revenue: account.revenue })));
  const npsSuppressed = baseStatus(nps?.effectiveN ?? 0, thresholds) === 'suppressed';
  const csiSuppressed = baseStatus(csiEffectiveN, thresholds) === 'suppressed';
  return {
    respondingCompanies: accounts.filter((account) => account.netScore !== null).length,
    nps: {
      value: npsSuppressed || !nps ? null : nps.score,
      effectiveN: npsSuppressed ? null : (nps?.effectiveN ?? null),
      suppressed: npsSuppressed,
      lowBase: baseStatus(nps?.effectiveN ?? 0, thresholds) !== 'reportable',
    },
    csi: {
      value: csiSuppressed ? null : csi,
      effectiveN: csiSuppressed ? null : csiEffectiveN,
      suppressed: csiSuppressed,
      lowBase: baseStatus(csiEffectiveN, thresholds) !== 'reportable',
    },
  };
}

async function accountScores(clientIds: string[], waveId: string | undefined, thresholds: Thresholds) {
  if (clientIds.length === 0) return new Map();
  const rollup = await accountRollup(getDb(), {
    filter: { clientIds, waveIds: waveId ? [waveId] : undefined },
    thresholds,
  });
  return new Map(rollup.accounts.map((account) => [account.clientId, account]));
}

export async function listClientGroups({
  viewer,
  wave,
  locale,
}: {
  viewer: StaffUser;
  wave: string | null;
  locale: Locale;
}) {
  const [visible, thresholds, choice] = await Promise.all([
    visibleGroupIds(viewer),
    loadThresholds(getDb()),
    chooseWave(wave),
  ]);
  const groups = await getDb()
    .select({ id: clientGroups.id, name: clientGroups.name })
    .from(clientGroups)
    .where(visible ? (visible.length > 0 ? inArray(clientGroups.id, visible) : sql`false`) : undefined)
    .orderBy(asc(clientGroups.name));
  const companies = await companiesOf(
    groups.map((group) => group.id),
    viewer,
  );
  const scores = await accountScores(
    companies.filter((company) => company.visible).map((company) => company.id),
    choice.selected?.id,
    thresholds,
  );
  const rows = groups.map((group) => {
    const members = companies.filter((company) => company.groupId === group.id);
    const shown = members.filter((company) => company.visible);
    const check = centralisation(members);
    return {
      id: group.id,
      name: group.name,
      companies: members.length,
      shownCompanies: shown.length,
      revenue: shown.reduce((sum, company) => sum + company.revenue, 0),
      units: [...new Set(shown.map((company) => localized(locale, company.unitNameEn, company.unitNameRu)))],
      managers: [...new Set(shown.flatMap((company) => (company.managerName ? [company.managerName] : [])))],
      centralised: check.centralised,
      splitUnits: check.splitUnits,
      splitManagers: check.splitManagers,
      scores: rolledUp(
        shown.map((company) => ({
          revenue: company.revenue,
          netScore: scores.get(company.id)?.netScore ?? null,
          csi: scores.get(company.id)?.csi ?? null,
        })),
        thresholds,
      ),
    };
  });
  rows.sort((a, b) => Number(a.centralised) - Number(b.centralised) || b.revenue - a.revenue);
  return {
    groups: rows,
    waves: choice.waves,
    wave: choice.selected?.id ?? 'all',
    thresholds,
    isManager: viewer.role === 'manager',
  };
}

export async function getClientGroup({
  id,
  viewer,
  wave,
  locale,
}: {
  id: string;
  viewer: StaffUser;
  wave: string | null;
  locale: Locale;
}) {
  if (!z.string().uuid().safeParse(id).success) throw notFound();
  const visible = await visibleGroupIds(viewer);
  if (visible && !visible.includes(id)) throw notFound();
  const [group] = await getDb()
    .select({ id: clientGroups.id, name: clientGroups.name })
    .from(clientGroups)
    .where(eq(clientGroups.id, id));
  if (!group) throw notFound();
  const [thresholds, choice, companies] = await Promise.all([
    loadThresholds(getDb()),
    chooseWave(wave),
    companiesOf([id], viewer),
  ]);
  const shown = companies.filter((company) => company.visible);
  const scores = await accountScores(
    shown.map((company) => company.id),
    choice.selected?.id,
    thresholds,
  );
  const check = centralisation(companies);
  const unitName = (company: CompanyRow) => localized(locale, company.unitNameEn, company.unitNameRu);
  const rows = shown.map((company) => {
    const score = scores.get(company.id);
    return {
      id: company.id,
      name: company.name,
      sizeSegment: company.sizeSegment,
      unitId: company.unitId,
      unit: unitName(company),
      managerId: company.managerId,
      managerName: company.managerName,
      revenue: company.revenue,
      respondents: score?.respondents ?? 0,
      netScore: score?.netScore === null || score?.netScore === undefined ? null : 100 * score.netScore,
      accountClass: score?.accountClass ?? null,
      csi: score?.csi ?? null,
    };
  });
  rows.sort((a, b) => b.revenue - a.revenue || a.name.localeCompare(b.name, locale));
  const isManager = viewer.role === 'manager';
  // Who serves the group: the units and managers with their number of companies. A manager sees
  // the other points of contact only as a count, not by name.
  const servedBy = (key: 'unitId' | 'managerId', name: (company: CompanyRow) => string | null) =>
    [...new Set(companies.map((company) => company[key]))].map((value) => {
      const members = companies.filter((company) => company[key] === value);
      const mine = members.some((company) => company.visible);
      return { id: value, name: isManager && !mine ? null : name(members[0]), companies: members.length };
    });
  return {
    group,
    companies: rows,
    hiddenCompanies: companies.length - shown.length,
    totalCompanies: companies.length,
    revenue: rows.reduce((sum, row) => sum + row.revenue, 0),
    scores: rolledUp(
      rows.map((row) => ({
        revenue: row.revenue,
        netScore: row.netScore === null ? null : row.netScore / 100,
        csi: row.csi,
      })),
      thresholds,
    ),
    units: servedBy('unitId', unitName),
    managers: servedBy('managerId', (company) => company.managerName),
    centralisation: {
      centralised: check.centralised,
      splitUnits: check.splitUnits,
      splitManagers: check.splitManagers,
    },
    waves: choice.waves,
    wave: choice.selected?.id ?? 'all',
    thresholds,
    isManager,
  };
}
