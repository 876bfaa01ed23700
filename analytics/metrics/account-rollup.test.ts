import { describe, expect, it } from 'vitest';
import {
  accountClass,
  accountCsi,
  accountMeanLtr,
  accountNetScore,
  accountNps,
  accountScore,
  type ContactAnswer,
  contactWeights,
  holdingScore,
  kishEffectiveN,
  revenueAtRisk,
  revenueCoverage,
  revenueWeightedNps,
} from './account-rollup.ts';

// Weights 0.5, 0.1, 0.1, 0.3 by the default role weights.
const contacts: ContactAnswer[] = [
  { role: 'decision_maker', ltr: 10, csi: 80 },
  { role: 'user', ltr: 3, csi: 40 },
  { role: 'user', ltr: 8, csi: 60 },
  { role: 'influencer', ltr: 9, csi: null },
];

describe('contactWeights', () => {
  it('shares each role weight among the responding contacts with that role', () => {
    const weights = contactWeights(['decision_maker', 'user', 'user', 'influencer']);
    expect(weights).toEqual([0.5, 0.1, 0.1, 0.3]);
  });

  it('applies configured role weights', () => {
    const weights = contactWeights(['decision_maker', 'other'], {
      decision_maker: 1,
      influencer: 0,
      user: 0,
      finance: 0,
      other: 3,
    });
    expect(weights).toEqual([1, 3]);
  });
});

describe('accountNetScore', () => {
  it('is the weighted mean of +1 promoter, 0 passive, −1 detractor', () => {
    expect(accountNetScore(contacts)).toBeCloseTo(0.7, 12);
  });

  it('does not let a contact without an LTR take a share of the role weight', () => {
    const answers: ContactAnswer[] = [
      { role: 'decision_maker', ltr: 10 },
      { role: 'user', ltr: null },
      { role: 'user', ltr: 2 },
    ];
    expect(accountNetScore(answers)).toBeCloseTo(0.3 / 0.7, 12);
  });

  it('returns null when no contact gave an LTR', () => {
    expect(accountNetScore([{ role: 'user', ltr: null }])).toBeNull();
    expect(accountNetScore([])).toBeNull();
  });
});

describe('accountClass', () => {
  it('classifies the account by its weighted mean LTR', () => {
    expect(accountMeanLtr(contacts)).toBeCloseTo(8.8, 12);
    expect(accountClass(contacts)).toBe('passive');
  });

  it('counts a weighted mean of exactly 9 as promoter and exactly 6 as detractor', () => {
    expect(accountClass([{ role: 'user', ltr: 9 }])).toBe('promoter');
    expect(
      accountClass([
        { role: 'user', ltr: 7 },
        { role: 'user', ltr: 5 },
      ]),
    ).toBe('detractor');
    expect(
      accountClass([
        { role: 'user', ltr: 7 },
        { role: 'user', ltr: 6 },
      ]),
    ).toBe('passive');
  });
});

describe('accountCsi', () => {
  it('weights the contacts that have a CSI', () => {
    // Decision maker 0.5, users 0.1 each; the influencer has no CSI.
    expect(accountCsi(contacts)).toBeCloseTo((0.5 * 80 + 0.1 * 40 + 0.1 * 60) / 0.7, 12);
  });
});

describe('accountScore', () => {
  it('collects the account figures', () => {
    const score = accountScore(contacts);
    expect(score?.respondents).toBe(4);
    expect(score?.netScore).toBeCloseTo(0.7, 12);
    expect(score?.meanLtr).toBeCloseTo(8.8, 12);
    expect(score?.accountClass).toBe('passive');
    expect(score?.csi).toBeCloseTo(50 / 0.7, 12);
  });

  it('returns null when no contact gave an LTR', () => {
    expect(accountScore([{ role: 'user', csi: 50 }])).toBeNull();
  });
});

describe('accountNps', () => {
  it('gives each account one vote', () => {
    expect(accountNps([1, 0, -1, 0.5, null])).toMatchObject({ n: 4, score: 12.5 });
  });

  it('has no interval for a single account', () => {
    expect(accountNps([1])).toEqual({ n: 1, score: 100, ci95: null });
  });

  it('keeps the interval inside −100..100', () => {
    const ci95 = accountNps([1, 1, 1, 0.8])?.ci95;
    expect(ci95?.[1]).toBe(100);
  });

  it('returns null for an empty sample', () => {
    expect(accountNps([])).toBeNull();
  });
});

describe('revenueWeightedNps', () => {
  const accounts = [
    { netScore: 1, revenue: 100 },
    { netScore: -1, revenue: 300 },
    { netScore: 0.5, revenue: 100 },
  ];

  it('weights net scores by revenue and reports the Kish effective n', () => {
    const result = revenueWeightedNps(accounts);
    expect(result?.n).toBe(3);
    expect(result?.score).toBeCloseTo(-30, 12);
    expect(result?.effectiveN).toBeCloseTo(250_000 / 110_000, 12);
  });

  it('leaves out accounts without a net score or a positive revenue', () => {
    const result = revenueWeightedNps([
      ...accounts,
      { netScore: null, revenue: 1e9 },
      { netScore: 1, revenue: -50 },
    ]);
    expect(result).toEqual(revenueWeightedNps(accounts));
  });

  it('returns null without revenue', () => {
    expect(revenueWeightedNps([{ netScore: 1, revenue: 0 }])).toBeNull();
  });
});

describe('kishEffectiveN', () => {
  it('equals n for equal weights and falls as weights spread', () => {
    expect(kishEffectiveN([2, 2, 2, 2])).toBeCloseTo(4, 12);
    expect(kishEffectiveN([1, 1, 10])).toBeCloseTo(144 / 102, 12);
  });

  it('returns null for no weight', () => {
    expect(kishEffectiveN([])).toBeNull();
  });
});

describe('holdingScore', () => {
  it('weights its companies by revenue', () => {
    expect(
      holdingScore([
        { score: 0.5, revenue: 300 },
        { score: -0.5, revenue: 100 },
      ]),
    ).toBeCloseTo(0.25, 12);
  });
});

describe('revenueAtRisk', () => {
  it('sums the revenue of detractor accounts', () => {
    const accounts = [
      { accountClass: 'detractor' as const, revenue: 120 },
      { accountClass: 'passive' as const, revenue: 500 },
      { accountClass: 'detractor' as const, revenue: 80 },
      { accountClass: null, revenue: 1_000 },
    ];
    expect(revenueAtRisk(accounts)).toBe(200);
  });

  it('is 0 without detractors and null without revenue', () => {
    expect(revenueAtRisk([{ accountClass: 'promoter', revenue: 10 }])).toBe(0);
    expect(revenueAtRisk([{ accountClass: 'detractor', revenue: null }])).toBeNull();
  });
});

describe('revenueCoverage', () => {
  it('divides the revenue of responding accounts by the audience revenue', () => {
    const result = revenueCoverage([
      { revenue: 300, responded: true },
      { revenue: 100, responded: false },
      { revenue: 600, responded: true },
      { revenue: null, responded: true },
    ]);
    expect(result).toEqual({ coveredRevenue: 900, audienceRevenue: 1_000, percent: 90 });
  });

  it('returns null for an audience without revenue', () => {
    expect(revenueCoverage([])).toBeNull();
  });
});
