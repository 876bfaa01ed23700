import type * as schema from '../schema/index.ts';
import { DEMO_TODAY } from './calendar.ts';
import { planClientProducts } from './client-products.ts';
import { planClients } from './clients.ts';
import { planContacts } from './contacts.ts';
import { planFollowUps } from './follow-ups.ts';
import { managerWithPart, planManagers, planUnits } from './managers.ts';
import { planKpiFigures, planKpis, planReviewPeriods } from './performance.ts';
import { planPortfolios } from './portfolios.ts';
import { createRandom } from './random.ts';
import { productSeeds, regionSeeds } from './reference-data.ts';
import { planClientTotals, splitOneHolding } from './segments.ts';
import { planSettings } from './settings.ts';
import { planSurveys } from './surveys.ts';
import { planUsers } from './users.ts';
import { surveyWaves, waveSeeds } from './waves.ts';

type Insert<Table extends { $inferInsert: unknown }> = Table['$inferInsert'][];

/** Every row of the demo, built in memory from one seed before anything touches the database. */
export interface DemoPlan {
  users: Insert<typeof schema.users>;
  settings: Insert<typeof schema.settings>;
  regions: Insert<typeof schema.regions>;
  units: Insert<typeof schema.units>;
  managers: Insert<typeof schema.managers>;
  clientGroups: Insert<typeof schema.clientGroups>;
  clients: Insert<typeof schema.clients>;
  managerAssignments: Insert<typeof schema.managerAssignments>;
  contacts: Insert<typeof schema.contacts>;
  products: Insert<typeof schema.products>;
  clientProducts: Insert<typeof schema.clientProducts>;
  surveys: Insert<typeof schema.surveys>;
  surveyVersions: Insert<typeof schema.surveyVersions>;
  kpis: Insert<typeof schema.kpis>;
  reviewPeriods: Insert<typeof schema.reviewPeriods>;
  kpiTargets: Insert<typeof schema.kpiTargets>;
  kpiActuals: Insert<typeof schema.kpiActuals>;
  kpiWeights: Insert<typeof schema.kpiWeights>;
  waves: Insert<typeof schema.waves>;
  invitations: Insert<typeof schema.invitations>;
  invitationEvents: Insert<typeof schema.invitationEvents>;
  responses: Insert<typeof schema.responses>;
  scoreFacts: Insert<typeof schema.scoreFacts>;
  followUps: Insert<typeof schema.followUps>;
}

export interface DemoCast {
  weakManager: { id: string; fullName: string };
  twoClientManager: { id: string; fullName: string };
  demoManager: { id: string; fullName: string };
}

export function planDemoData(seed: number, passwordHash: string) {
  const random = createRandom(seed);
  const unitRows = planUnits(random.fork('units'));
  const managers = planManagers(random.fork('managers'), unitRows);
  const users = planUsers(random.fork('users'), managers, passwordHash);
  const marketingUserId = users.byRole('marketing').id;

  const { groups, clients } = planClients(random.fork('clients'), unitRows);
  const portfolios = planPortfolios(random.fork('portfolios'), clients, managers);
  const contacts = planContacts(random.fork('contacts'), clients);
  const clientProducts = planClientProducts(random.fork('products'), clients);
  const productsByClient = groupBy(clientProducts, (product) => product.clientId);

  const productRandom = random.fork('product-ids');
  const productRows = productSeeds.map((product) => ({
    id: productRandom.uuid(),
    code: product.code,
    nameEn: product.nameEn,
    nameRu: product.nameRu,
    costToServeRub: product.costToServeRub.toFixed(2),
  }));
  const productIdByCode = new Map(productRows.map((row) => [row.code, row.id]));

  const library = planSurveys(random.fork('surveys'), {
    createdBy: marketingUserId,
    frozenOn: '2025-03-31',
  });
  const surveyed = surveyWaves(random.fork('waves'), {
    surveyVersionId: library.demo.versionId,
    definition: library.demo.definition,
    clients,
    contactsByClient: groupBy(contacts, (contact) => contact.client.id),
    productsByClient,
    productIdByCode,
    portfolios,
    managers,
    launchedBy: marketingUserId,
  });
  const followUps = planFollowUps(
    random.fork('follow-ups'),
    library.demo.definition,
    surveyed.completed,
    managers,
    waveSeeds.length - 1,
  );

  const kpiRows = planKpis(random.fork('kpis'));
  const periods = planReviewPeriods(random.fork('periods'));
  const figures = planKpiFigures(random.fork('kpi-figures'), {
    managers,
    kpiRows,
    periods,
    clients,
    productsByClient,
    portfolios,
  });

  // Drawn after everything else from their own streams, so the rest of the demo stays as it was.
  const clientTotals = planClientTotals(random.fork('client-totals'), clients, clientProducts);
  const split = splitOneHolding(
    random.fork('split-holding'),
    clients,
    managers,
    portfolios.assignments,
    portfolios.currentManager,
  );

  const plan: DemoPlan = {
    users: users.rows,
    settings: planSettings(users.byRole('admin').id),
    regions: regionSeeds.map(({ code, nameEn, nameRu }) => ({ code, nameEn, nameRu })),
    units: unitRows.map(({ seed: _seed, ...row }) => row),
    managers: managers.map((manager) => manager.row),
    clientGroups: groups.map(({ id, name }) => ({ id, name })),
    clients: clients.map((client) => ({
      id: client.id,
      name: client.name,
      inn: client.inn,
      okved2: client.okved2,
      industrySection: client.industrySection,
      regionCode: client.regionCode,
      unitId: split?.clientId === client.id ? split.unitId : client.unit.id,
      registeredOn: client.registeredOn,
      revenueRub: client.revenueRub.toFixed(2),
      headcount: client.headcount,
      sizeSegment: client.sizeSegment,
      groupId: client.group?.id ?? null,
      managerId: portfolios.currentManager.get(client.id) ?? null,
      vipCriteria: client.vipCriteria,
    })),
    managerAssignments: portfolios.assignments,
    contacts: contacts.map((contact) => ({
      id: contact.id,
      clientId: contact.client.id,
      fullName: contact.fullName,
      position: contact.position,
      email: contact.email,
      phone: contact.phone,
      role: contact.role,
      language: contact.language,
      consentGiven: contact.consentGiven,
      optedOutAt: contact.optedOutAt,
      leftCompany: contact.leftOn !== null && contact.leftOn <= DEMO_TODAY,
    })),
    products: productRows,
    clientProducts: clientProducts.map((product) => ({
      clientId: product.clientId,
      productId: productIdByCode.get(product.code)!,
      since: product.since,
      incomeRub: product.incomeRub.toFixed(2),
      volumeRub: product.volumeRub === null ? null : product.volumeRub.toFixed(2),
      totalVolumeRub: clientTotals.get(product)?.toFixed(2) ?? null,
    })),
    surveys: library.surveyRows,
    surveyVersions: library.versionRows,
    kpis: kpiRows,
    reviewPeriods: periods,
    kpiTargets: figures.targets,
    kpiActuals: figures.actuals,
    kpiWeights: figures.weights,
    waves: surveyed.waves,
    invitations: surveyed.invitations,
    invitationEvents: surveyed.events,
    responses: surveyed.responses,
    scoreFacts: surveyed.facts,
    followUps,
  };

  const person = (part: Parameters<typeof managerWithPart>[1]) => {
    const { row } = managerWithPart(managers, part);
    return { id: row.id, fullName: row.fullName };
  };
  const cast: DemoCast = {
    weakManager: person('weak'),
    twoClientManager: person('newcomer'),
    demoManager: person('demo'),
  };
  return { plan, cast };
}

function groupBy<T>(items: readonly T[], key: (item: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const item of items) {
    const list = groups.get(key(item));
    if (list) list.push(item);
    else groups.set(key(item), [item]);
  }
  return groups;
}
