import { industrySection, type SizeSegment, sizeSegment } from '../../analytics/metrics/index.ts';
import { withInnCheckDigits } from '../inn.ts';
import type { VipCriterion } from '../schema/domain.ts';
import { addDays, DEMO_TODAY, daysBetween, earlierOf, laterOf, randomDay } from './calendar.ts';
import { type Activity, type IndustryProfile, industryProfiles, profileOfSection } from './industries.ts';
import type { UnitRow } from './managers.ts';
import { domainLabel, nameStems, nameWords, subsidiaryKinds } from './names.ts';
import type { Random } from './random.ts';
import { regionSeeds } from './reference-data.ts';

const CLIENT_COUNT = 2400;
const GROUP_COUNT = 40;

export interface GroupPlan {
  id: string;
  name: string;
}

export interface ClientPlan {
  id: string;
  name: string;
  inn: string;
  okved2: string;
  industrySection: string;
  regionCode: string;
  unit: UnitRow;
  registeredOn: string;
  /** When the company opened its first account with the bank. */
  clientSince: string;
  revenueRub: number;
  headcount: number;
  sizeSegment: SizeSegment;
  /** Yearly growth, to back-date revenue and headcount to the time of a past wave. */
  growthRate: number;
  group?: GroupPlan;
  isGroupParent: boolean;
  vipCriteria: VipCriterion[];
  /** Web and mail domain of the company (ASCII). */
  domain: string;
}

type LegalForm = 'ООО' | 'АО' | 'ПАО';

const revenueBands: Record<SizeSegment, readonly [number, number]> = {
  micro: [4e6, 120e6],
  small: [120e6, 800e6],
  medium: [800e6, 2e9],
  large: [2e9, 60e9],
};

// Sections a holding's parent company tends to come from.
const holdingSections = ['B', 'C', 'C', 'C', 'D', 'F', 'G', 'G', 'H', 'K', 'L', 'A'];

/** The client base: about forty holdings of two to six companies, then standalone companies. */
export function planClients(random: Random, unitRows: readonly UnitRow[]) {
  const naming = createNaming(random);
  const innIssuer = createInnIssuer(random);
  const groups: GroupPlan[] = [];
  const clients: ClientPlan[] = [];
  const company = (spec: CompanySpec) => {
    const plan = planCompany(random, spec, innIssuer);
    clients.push(plan);
    return plan;
  };

  for (let g = 0; g < GROUP_COUNT; g++) {
    groups.push(planHolding(random, { unit: pickUnit(random, unitRows), naming, company }));
  }
  while (clients.length < CLIENT_COUNT) {
    const profile = random.weighted(
      industryProfiles.map((candidate) => [candidate, candidate.share] as const),
    );
    const activity = random.pick(profile.activities);
    company({
      unit: pickUnit(random, unitRows),
      profile,
      okved2: activity.okved2,
      size: targetSize(random, profile),
      name: naming.companyName(activity),
      isGroupParent: false,
    });
  }

  assignVipCriteria(random, clients, groups);
  return { groups, clients };
}

/** A large or medium parent and subsidiaries named after it, all served by one unit. */
function planHolding(
  random: Random,
  { unit, naming, company }: { unit: UnitRow; naming: Naming; company: (spec: CompanySpec) => ClientPlan },
): GroupPlan {
  const parentProfile = profileOfSection(random.pick(holdingSections));
  const parentActivity = random.pick(parentProfile.activities);
  const stem = naming.holdingStem(parentActivity);
  const group: GroupPlan = { id: random.uuid(), name: `ГК «${stem}»` };
  const parent = company({
    unit,
    profile: parentProfile,
    okved2: parentActivity.okved2,
    size: random.chance(0.65) ? 'large' : 'medium',
    name: stem,
    group,
    isGroupParent: true,
  });
  for (const kind of random.shuffle(subsidiaryKinds).slice(0, random.int(1, 5))) {
    company({
      unit,
      profile: profileOfSection(industrySection(kind.okved2)!),
      okved2: kind.okved2,
      size: random.weighted([
        ['medium', 2],
        ['small', 4],
        ['micro', 2],
      ] as const),
      name: naming.reserve(kind.suffix === 'Торговый дом' ? `ТД ${stem}` : `${stem}-${kind.suffix}`),
      group,
      isGroupParent: false,
      parentRegisteredOn: parent.registeredOn,
    });
  }
  return group;
}

interface CompanySpec {
  unit: UnitRow;
  profile: IndustryProfile;
  okved2: string;
  size: SizeSegment;
  name: string;
  group?: GroupPlan;
  isGroupParent: boolean;
  parentRegisteredOn?: string;
}

function planCompany(random: Random, spec: CompanySpec, innIssuer: InnIssuer): ClientPlan {
  const { okved2 } = spec;
  const regionCode = random.weighted(spec.unit.seed.servedRegions);
  const { revenueRub, headcount } = drawFinancials(random, spec.profile, spec.size);
  const size = sizeSegment({ revenueRub, headcount }) ?? 'micro';
  const registeredOn = registrationDate(random, size, spec.parentRegisteredOn);
  return {
    id: random.uuid(),
    name: `${legalForm(random, size, spec.isGroupParent)} «${spec.name}»`,
    inn: innIssuer(regionCode),
    okved2,
    industrySection: industrySection(okved2)!,
    regionCode,
    unit: spec.unit,
    registeredOn,
    clientSince: clientSince(random, registeredOn),
    revenueRub,
    headcount,
    sizeSegment: size,
    growthRate: Math.min(0.6, Math.max(-0.3, random.normal(0.07, 0.12))),
    group: spec.group,
    isGroupParent: spec.isGroupParent,
    vipCriteria: [],
    domain: `${domainLabel(spec.name)}.ru`,
  };
}

function pickUnit(random: Random, unitRows: readonly UnitRow[]): UnitRow {
  return random.weighted(unitRows.map((unit) => [unit, unit.seed.share] as const));
}

/** Many micro and small companies, fewer medium, a few large; heavy industries skew larger. */
function targetSize(random: Random, profile: IndustryProfile): SizeSegment {
  const tilt = profile.sizeTilt;
  return random.weighted([
    ['micro', 0.52],
    ['small', 0.31],
    ['medium', 0.1 * tilt],
    ['large', 0.011 * tilt ** 1.5],
  ] as const);
}

function drawFinancials(random: Random, profile: IndustryProfile, size: SizeSegment) {
  const [low, high] = revenueBands[size];
  const top = size === 'large' && random.chance(0.1) ? high * 5 : high;
  const revenue = Math.exp(random.uniform(Math.log(low), Math.log(top)));
  const headcount = Math.max(
    1,
    Math.round((revenue / profile.revenuePerEmployee) * Math.exp(random.normal(0, 0.35))),
  );
  // Whole thousands of roubles, as financial statements report them.
  return { revenueRub: Math.round(revenue / 1000) * 1000, headcount };
}

function registrationDate(random: Random, size: SizeSegment, parentRegisteredOn?: string): string {
  const lastRegistration = addDays(DEMO_TODAY, -30);
  if ((size === 'micro' || size === 'small') && !parentRegisteredOn && random.chance(0.07)) {
    return randomDay(random, '2025-05-01', lastRegistration);
  }
  const [earliest, latest] = registrationYears[size];
  const from = parentRegisteredOn ? laterOf(addDays(parentRegisteredOn, 90), earliest) : earliest;
  return randomDay(random, from, earlierOf(laterOf(latest, addDays(from, 400)), lastRegistration));
}

// Bigger companies tend to be older: large ones date from privatisation, micro ones are recent.
const registrationYears: Record<SizeSegment, readonly [string, string]> = {
  large: ['1992-01-01', '2012-12-31'],
  medium: ['1993-01-01', '2019-12-31'],
  small: ['1998-01-01', '2024-06-30'],
  micro: ['2003-01-01', '2025-04-30'],
};

/** Some companies open an account right after registration, the rest came over from other banks. */
function clientSince(random: Random, registeredOn: string): string {
  const lastOpening = addDays(DEMO_TODAY, -20);
  const opened = random.chance(0.35)
    ? addDays(registeredOn, random.int(5, 90))
    : randomDay(random, '2009-01-01', lastOpening);
  return earlierOf(laterOf(opened, addDays(registeredOn, 5)), lastOpening);
}

function legalForm(random: Random, size: SizeSegment, isGroupParent: boolean): LegalForm {
  if (size === 'large')
    return random.weighted([
      ['ПАО', isGroupParent ? 3 : 1],
      ['АО', 4],
      ['ООО', 2],
    ] as const);
  if (size === 'medium') return random.chance(0.25) ? 'АО' : 'ООО';
  return random.chance(0.04) ? 'АО' : 'ООО';
}

type InnIssuer = (regionCode: string) => string;

/** Unique legal-entity INNs: region number, tax office, a five-digit record, check digit. */
function createInnIssuer(random: Random): InnIssuer {
  const issued = new Set<string>();
  return (regionCode) => {
    const region = regionSeeds.find((candidate) => candidate.code === regionCode)!;
    for (;;) {
      const office = String(random.int(1, 52)).padStart(2, '0');
      const record = String(random.int(0, 99_999)).padStart(5, '0');
      const inn = withInnCheckDigits(`${region.taxCode}${office}${record}`);
      if (!issued.has(inn)) {
        issued.add(inn);
        return inn;
      }
    }
  };
}

type Naming = ReturnType<typeof createNaming>;

/** Company names without legal form, unique across the base so lists stay readable. */
function createNaming(random: Random) {
  const used = new Set<string>();
  const reserve = (name: string) => {
    used.add(name);
    return name;
  };
  const unique = (draw: () => string) => {
    for (let attempt = 0; attempt < 20; attempt++) {
      const name = draw();
      if (!used.has(name)) return reserve(name);
    }
    let suffix = 2;
    const base = draw();
    while (used.has(`${base}-${suffix}`)) suffix++;
    return reserve(`${base}-${suffix}`);
  };
  const compound = (activity: Activity) => {
    const stem = random.pick(nameStems);
    const root = random.pick(activity.roots);
    return random.chance(0.25) ? `${stem}-${capitalise(root)}` : `${stem}${root}`;
  };
  return {
    reserve,
    holdingStem: (activity: Activity) => unique(() => compound(activity)),
    companyName: (activity: Activity) =>
      unique(() =>
        random.chance(0.6)
          ? compound(activity)
          : `${random.pick(activity.tradeWords)} ${random.pick(nameWords)}`,
      ),
  };
}

function capitalise(word: string): string {
  return word[0].toUpperCase() + word.slice(1);
}

/**
 * VIP criteria from the source article, about 5% of clients and mostly large: one holding belongs
 * to the bank's own financial-industrial group, subsidiaries of large holdings, and a few others.
 */
function assignVipCriteria(random: Random, clients: ClientPlan[], groups: readonly GroupPlan[]) {
  const ownGroup = groups[0];
  for (const client of clients) {
    const criteria = new Set<VipCriterion>();
    if (client.group === ownGroup) criteria.add('own_group');
    if (client.group && !client.isGroupParent && random.chance(0.35)) {
      const parent = clients.find((candidate) => candidate.group === client.group && candidate.isGroupParent);
      if (parent?.sizeSegment === 'large') criteria.add('subsidiary_of_significant_client');
    }
    if (client.sizeSegment === 'large') {
      if (random.chance(0.3)) criteria.add('influential_shareholder');
      if (random.chance(0.2)) criteria.add('useful_management');
    }
    if (client.industrySection === 'J' && client.sizeSegment !== 'micro' && random.chance(0.2)) {
      criteria.add('growth_industry');
    }
    client.vipCriteria = [...criteria];
  }
}

/** Revenue and headcount as they were on `onDate`, backed out of the yearly growth rate. */
export function sizeOn(client: ClientPlan, onDate: string): SizeSegment {
  const years = Math.max(0, daysBetween(onDate, DEMO_TODAY) / 365.25);
  const revenueRub = client.revenueRub / (1 + client.growthRate) ** years;
  const headcount = Math.max(1, Math.round(client.headcount / (1 + client.growthRate / 2) ** years));
  return sizeSegment({ revenueRub, headcount }) ?? client.sizeSegment;
}
