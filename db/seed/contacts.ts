import type { SizeSegment } from '../../analytics/metrics/index.ts';
import type { ContactRole, Locale } from '../schema/domain.ts';
import { randomDay } from './calendar.ts';
import type { ClientPlan } from './clients.ts';
import { foreignPerson, type PersonName, russianPerson } from './names.ts';
import type { Random } from './random.ts';

export interface ContactPlan {
  id: string;
  client: ClientPlan;
  fullName: string;
  position: string;
  email: string | null;
  phone: string | null;
  role: ContactRole;
  language: Locale;
  consentGiven: boolean;
  /** Set when the person opts out in a wave. */
  optedOutAt: Date | null;
  /** The day the person left the company; the CRM learns of it from a bounce. */
  leftOn: string | null;
  /** Stable part of this person's satisfaction beyond their company's (satisfaction.ts). */
  disposition: number;
}

const contactCounts: Record<SizeSegment, readonly (readonly [number, number])[]> = {
  micro: [
    [1, 55],
    [2, 35],
    [3, 10],
  ],
  small: [
    [1, 30],
    [2, 45],
    [3, 20],
    [4, 5],
  ],
  medium: [
    [2, 35],
    [3, 40],
    [4, 25],
  ],
  large: [
    [2, 15],
    [3, 40],
    [4, 45],
  ],
};

const positions: Record<ContactRole, { ru: readonly string[]; en: readonly string[] }> = {
  decision_maker: {
    ru: ['Генеральный директор', 'Финансовый директор', 'Директор'],
    en: ['Chief Executive Officer', 'Chief Financial Officer', 'Managing Director'],
  },
  influencer: {
    ru: ['Заместитель генерального директора', 'Коммерческий директор', 'Директор по экономике и финансам'],
    en: ['Deputy General Director', 'Commercial Director', 'Head of Finance'],
  },
  finance: {
    ru: ['Главный бухгалтер', 'Заместитель главного бухгалтера', 'Начальник финансового отдела'],
    en: ['Chief Accountant', 'Financial Controller', 'Head of Accounting'],
  },
  user: {
    ru: ['Бухгалтер', 'Казначей', 'Специалист по расчётам', 'Экономист'],
    en: ['Accountant', 'Treasurer', 'Payments Specialist'],
  },
  other: {
    ru: ['Юрист', 'Офис-менеджер', 'Помощник руководителя'],
    en: ['Legal Counsel', 'Office Manager', 'Executive Assistant'],
  },
};

// A small company's banker is its director; bigger ones add finance, then users and influencers.
const laterRoles: readonly (readonly [ContactRole, number])[] = [
  ['finance', 35],
  ['user', 30],
  ['influencer', 20],
  ['other', 15],
];

// Mailboxes that belong to a function, not a person.
const sharedMailboxes: Partial<Record<ContactRole, string>> = {
  finance: 'buh',
  other: 'info',
  user: 'office',
};

export function planContacts(random: Random, clients: readonly ClientPlan[]): ContactPlan[] {
  return clients.flatMap((client) => {
    const count = random.weighted(contactCounts[client.sizeSegment]);
    const usedEmails = new Set<string>();
    // A company with a foreign parent or owner writes in English.
    const englishSpeaking = random.chance(0.05);
    return Array.from({ length: count }, (_, index): ContactPlan => {
      const role: ContactRole =
        index === 0 ? (random.chance(0.85) ? 'decision_maker' : 'finance') : random.weighted(laterRoles);
      const language: Locale = englishSpeaking || random.chance(0.01) ? 'en' : 'ru';
      const person = language === 'en' && random.chance(0.7) ? foreignPerson(random) : russianPerson(random);
      return {
        id: random.uuid(),
        client,
        fullName: person.fullName,
        position: random.pick(positions[role][language]),
        email: random.chance(0.02) ? null : contactEmail(random, person, role, client.domain, usedEmails),
        phone: random.chance(0.85) ? phoneNumber(random, client.unit.seed.phoneCode) : null,
        role,
        language,
        consentGiven: random.chance(0.98),
        optedOutAt: null,
        leftOn: random.chance(0.03) ? randomDay(random, '2025-11-01', '2026-03-20') : null,
        disposition: random.normal(0, 0.3),
      };
    });
  });
}

function contactEmail(
  random: Random,
  person: PersonName,
  role: ContactRole,
  domain: string,
  used: Set<string>,
): string {
  const shared = sharedMailboxes[role];
  const candidates = [
    ...(shared && random.chance(0.3) ? [shared] : []),
    `${person.latinGiven}.${person.latinSurname}`,
    `${person.latinGiven[0]}.${person.latinSurname}`,
    `${person.latinSurname}`,
  ].map((local) => local.replace(/[^a-z0-9.]/g, ''));
  let local = candidates.find((candidate) => !used.has(candidate)) ?? candidates[1];
  for (let suffix = 2; used.has(local); suffix++) local = `${candidates[1]}${suffix}`;
  used.add(local);
  return `${local}@${domain}`;
}

function phoneNumber(random: Random, areaCode: string): string {
  const digits = (count: number) => String(random.int(0, 10 ** count - 1)).padStart(count, '0');
  return `+7 (${areaCode}) ${digits(3)}-${digits(2)}-${digits(2)}`;
}
