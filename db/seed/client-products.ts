import type { SizeSegment } from '../../analytics/metrics/index.ts';
import { addDays, DEMO_TODAY, laterOf, randomDay } from './calendar.ts';
import type { ClientPlan } from './clients.ts';
import type { Random } from './random.ts';
import type { ProductCode } from './reference-data.ts';

export interface ClientProductPlan {
  clientId: string;
  code: ProductCode;
  since: string;
  incomeRub: number;
  volumeRub: number | null;
}

type Uptake = (client: ClientPlan) => number;

const bySize =
  (shares: Record<SizeSegment, number>): Uptake =>
  (client) =>
    shares[client.sizeSegment];

const retail = (client: ClientPlan) => /^(47|55|56|86|93|96)\./.test(client.okved2);
const importer = (client: ClientPlan) => /^(46|2\d|10)\./.test(client.okved2);

// How likely a client is to use each product beyond the account and online banking every client has.
const uptake: readonly (readonly [ProductCode, Uptake])[] = [
  ['lending', bySize({ micro: 0.12, small: 0.35, medium: 0.6, large: 0.7 })],
  ['deposits', bySize({ micro: 0.15, small: 0.3, medium: 0.45, large: 0.6 })],
  [
    'payroll',
    (client) =>
      client.headcount < 5 ? 0.03 : bySize({ micro: 0.2, small: 0.45, medium: 0.65, large: 0.7 })(client),
  ],
  ['acquiring', (client) => (retail(client) ? 0.7 : 0.04)],
  ['fx_trade_finance', (client) => (importer(client) && client.sizeSegment !== 'micro' ? 0.4 : 0.04)],
  [
    'guarantees',
    (client) =>
      client.industrySection === 'F'
        ? 0.5
        : bySize({ micro: 0.02, small: 0.08, medium: 0.25, large: 0.3 })(client),
  ],
  ['leasing', (client) => (['A', 'F', 'H'].includes(client.industrySection) ? 0.25 : 0.04)],
  ['cash_collection', (client) => (retail(client) ? 0.45 : 0.02)],
  ['corporate_cards', bySize({ micro: 0.1, small: 0.2, medium: 0.35, large: 0.4 })],
  [
    'custody',
    (client) => (client.sizeSegment === 'large' ? 0.12 : client.industrySection === 'K' ? 0.15 : 0),
  ],
];

const MAX_PRODUCTS = 6;

/** Two to six products per client; the account and online banking for nearly everyone. */
export function planClientProducts(random: Random, clients: readonly ClientPlan[]): ClientProductPlan[] {
  return clients.flatMap((client) => {
    const codes: ProductCode[] = ['cash_management'];
    if (random.chance(0.96)) codes.push('remote_banking');
    for (const [code, share] of random.shuffle(uptake)) {
      if (codes.length < MAX_PRODUCTS && random.chance(share(client))) codes.push(code);
    }
    if (codes.length < 2) codes.push(random.chance(0.5) ? 'deposits' : 'corporate_cards');
    return codes.map((code) => ({
      clientId: client.id,
      code,
      since: productSince(random, client, code),
      ...earnings(random, client, code),
    }));
  });
}

function productSince(random: Random, client: ClientPlan, code: ProductCode): string {
  if (code === 'cash_management') return client.clientSince;
  // Online banking came with the account for most; the long-standing clients moved to it by 2012.
  if (code === 'remote_banking')
    return laterOf(client.clientSince, randomDay(random, '2010-01-01', '2012-12-31'));
  return randomDay(random, client.clientSince, laterOf(client.clientSince, addDays(DEMO_TODAY, -30)));
}

/** Trailing-twelve-month income of the bank and the client's volume on the product. */
function earnings(random: Random, client: ClientPlan, code: ProductCode) {
  const revenue = client.revenueRub;
  const staff = client.headcount;
  const share = (low: number, high: number) => random.uniform(low, high);
  switch (code) {
    case 'cash_management': {
      const volume = revenue * share(0.4, 0.9);
      return { volumeRub: volume, incomeRub: Math.max(14_400, volume * share(0.0006, 0.0012)) };
    }
    case 'lending': {
      const volume = revenue * share(0.08, 0.35);
      return { volumeRub: volume, incomeRub: volume * share(0.025, 0.045) };
    }
    case 'deposits': {
      const volume = revenue * share(0.03, 0.12);
      return { volumeRub: volume, incomeRub: volume * share(0.008, 0.015) };
    }
    case 'payroll': {
      const volume = staff * 12 * share(55_000, 110_000);
      return { volumeRub: volume, incomeRub: staff * share(400, 900) };
    }
    case 'acquiring': {
      const volume = revenue * share(0.3, 0.8);
      return { volumeRub: volume, incomeRub: volume * share(0.004, 0.008) };
    }
    case 'fx_trade_finance': {
      const volume = revenue * share(0.1, 0.4);
      return { volumeRub: volume, incomeRub: volume * share(0.0015, 0.003) };
    }
    case 'remote_banking':
      return { volumeRub: null, incomeRub: 12 * share(1_500, 4_000) };
    case 'guarantees': {
      const volume = revenue * share(0.02, 0.1);
      return { volumeRub: volume, incomeRub: volume * share(0.015, 0.03) };
    }
    case 'leasing': {
      const volume = revenue * share(0.02, 0.1);
      return { volumeRub: volume, incomeRub: volume * share(0.02, 0.04) };
    }
    case 'cash_collection': {
      const volume = revenue * share(0.2, 0.5);
      return { volumeRub: volume, incomeRub: volume * share(0.0015, 0.003) };
    }
    case 'corporate_cards': {
      const volume = Math.min(revenue * 0.02, staff * share(20_000, 80_000));
      return { volumeRub: volume, incomeRub: volume * share(0.008, 0.015) };
    }
    case 'custody': {
      const volume = revenue * share(0.1, 0.3);
      return { volumeRub: volume, incomeRub: volume * share(0.0003, 0.0007) };
    }
  }
}

/** The products a client used on a date: what a response's snapshot lists. */
export function productsOn(products: readonly ClientProductPlan[], onDate: string): ClientProductPlan[] {
  return products.filter((product) => product.since <= onDate);
}
