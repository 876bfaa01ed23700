import { describe, expect, it } from 'vitest';
import {
  attainment,
  caseMixAdjustment,
  type ManagerAccount,
  managerScores,
  monthlyTargets,
  periodTarget,
  pooledWithinVariance,
  scorecard,
  shrinkManagerScores,
} from './manager-adjustment.ts';

function account(
  managerId: string,
  size: string,
  industrySection: string,
  score: number | null,
): ManagerAccount {
  return { managerId, size, industrySection, score };
}

// Cell small × C has 5 accounts (mean 30); small × G (2) and the large cells (1 each) fall back to
// size: small 290/7, large 80. Overall mean 50.
const accounts: ManagerAccount[] = [
  account('m1', 'small', 'C', 10),
  account('m1', 'small', 'C', 20),
  account('m1', 'small', 'C', 30),
  account('m1', 'small', 'G', 60),
  account('m2', 'small', 'C', 40),
  account('m2', 'small', 'C', 50),
  account('m2', 'small', 'G', 80),
  account('m2', 'large', 'C', 70),
  account('m2', 'large', 'G', 90),
  account('m2', 'large', 'G', null),
];

describe('caseMixAdjustment', () => {
  it('compares each manager with the company-wide mean of their accounts’ cells', () => {
    const result = caseMixAdjustment(accounts);
    expect(result?.overallMean).toBeCloseTo(50, 12);
    const [first, second] = result?.managers ?? [];
    expect(first).toMatchObject({ managerId: 'm1', n: 4, observed: 30 });
    expect(first.expected).toBeCloseTo((3 * 30 + 290 / 7) / 4, 10);
    expect(first.adjusted).toBeCloseTo(50 + 30 - (3 * 30 + 290 / 7) / 4, 10);
    expect(second).toMatchObject({ managerId: 'm2', n: 5, observed: 66 });
    expect(second.expected).toBeCloseTo((30 + 30 + 290 / 7 + 80 + 80) / 5, 10);
  });

  it('uses every cell when the minimum cell size allows', () => {
    const [first] = caseMixAdjustment(accounts, { minCellSize: 1 })?.managers ?? [];
    expect(first.expected).toBeCloseTo((3 * 30 + 70) / 4, 10);
  });

  it('expects the overall mean for an account of unknown size', () => {
    const result = caseMixAdjustment([
      ...accounts,
      { managerId: 'm3', size: null, industrySection: 'C', score: 20 },
    ]);
    const third = result?.managers.find((manager) => manager.managerId === 'm3');
    expect(third?.expected).toBeCloseTo(result?.overallMean ?? Number.NaN, 12);
  });

  it('returns null without a scored account', () => {
    expect(caseMixAdjustment([])).toBeNull();
    expect(caseMixAdjustment([account('m1', 'small', 'C', null)])).toBeNull();
  });
});

describe('pooledWithinVariance', () => {
  it('pools the managers’ sample variances by their degrees of freedom', () => {
    expect(pooledWithinVariance([[1, 2, 3], [2, 4], [7]])).toBeCloseTo(4 / 3, 12);
  });

  it('returns null when no manager has two scored accounts', () => {
    expect(pooledWithinVariance([[1], [2, null]])).toBeNull();
  });
});

describe('shrinkManagerScores', () => {
  const managers = [
    { managerId: 'a', n: 4, adjusted: 60 },
    { managerId: 'b', n: 4, adjusted: 40 },
    { managerId: 'c', n: 4, adjusted: 50 },
  ];

  it('shrinks towards the mean by B = τ²/(τ² + σ²/n)', () => {
    // σ²/n = 25; variance of manager means 100, so τ² = 75 and B = 0.75.
    const result = shrinkManagerScores({ managers, mean: 50, withinVariance: 100 });
    expect(result?.betweenVariance).toBeCloseTo(75, 12);
    const [a, b, c] = result?.managers ?? [];
    expect(a.reliability).toBeCloseTo(0.75, 12);
    expect(a.shrunk).toBeCloseTo(57.5, 12);
    expect(b.shrunk).toBeCloseTo(42.5, 12);
    expect(c.shrunk).toBeCloseTo(50, 12);
    expect(a.se).toBeCloseTo(Math.sqrt(0.75 * 25), 12);
    expect(a.ci95[0]).toBeCloseTo(57.5 - 1.959964 * Math.sqrt(18.75), 10);
  });

  it('shrinks every manager to the mean when differences are within noise', () => {
    const result = shrinkManagerScores({ managers, mean: 50, withinVariance: 1_000 });
    expect(result?.betweenVariance).toBe(0);
    for (const manager of result?.managers ?? []) expect(manager.shrunk).toBe(50);
  });

  it('keeps the adjusted score when account scores have no within-manager spread', () => {
    const result = shrinkManagerScores({ managers, mean: 50, withinVariance: 0 });
    expect(result?.managers.map((manager) => manager.shrunk)).toEqual([60, 40, 50]);
  });

  it('returns null with fewer than two managers', () => {
    expect(shrinkManagerScores({ managers: managers.slice(0, 1), mean: 50, withinVariance: 100 })).toBeNull();
  });

  it('never moves a score away from the mean', () => {
    const random = seededRandom(20_240_601);
    for (let trial = 0; trial < 500; trial += 1) {
      const mean = random() * 200 - 100;
      const estimates = Array.from({ length: 2 + Math.floor(random() * 10) }, (_, i) => ({
        managerId: `m${i}`,
        n: 1 + Math.floor(random() * 40),
        adjusted: mean + (random() - 0.5) * 100 * random(),
      }));
      const result = shrinkManagerScores({ managers: estimates, mean, withinVariance: random() * 2_000 });
      for (const [i, manager] of (result?.managers ?? []).entries()) {
        const before = estimates[i].adjusted - mean;
        const after = manager.shrunk - mean;
        expect(Math.abs(after)).toBeLessThanOrEqual(Math.abs(before) + 1e-9);
        expect(after * before).toBeGreaterThanOrEqual(0);
      }
    }
  });
});

describe('managerScores', () => {
  it('shrinks the case-mix adjusted scores towards the overall mean with the pooled within variance', () => {
    const result = managerScores(accounts);
    const caseMix = caseMixAdjustment(accounts);
    // Within-manager sums of squares 1400 (df 3) and 1720 (df 4).
    expect(result?.withinVariance).toBeCloseTo(3_120 / 7, 10);
    const shrinkage = shrinkManagerScores({
      managers: caseMix?.managers ?? [],
      mean: 50,
      withinVariance: 3_120 / 7,
    });
    expect(result?.managers.map((manager) => manager.shrunk)).toEqual(
      shrinkage?.managers.map((manager) => manager.shrunk),
    );
    expect(result?.managers[0]).toMatchObject({ managerId: 'm1', n: 4, observed: 30 });
  });
});

describe('seasonal targets', () => {
  it('splits an annual target evenly with the flat profile', () => {
    expect(monthlyTargets(1_200)).toEqual(Array(12).fill(100));
  });

  it('normalises the seasonal profile to sum 12', () => {
    const profile = [2, ...Array(11).fill(1)];
    const targets = monthlyTargets(1_300, profile);
    expect(targets?.[0]).toBeCloseTo(200, 10);
    expect(targets?.[1]).toBeCloseTo(100, 10);
    expect(targets?.reduce((total, target) => total + target, 0)).toBeCloseTo(1_300, 10);
  });

  it('sums the months of a period', () => {
    const profile = [0.5, 0.5, 1, 1, 1, 1, 1, 1, 1, 1, 1, 2];
    expect(periodTarget(1_200, [1, 2, 3], profile)).toBeCloseTo(200, 10);
    expect(periodTarget(1_200, [10, 11, 12], profile)).toBeCloseTo(400, 10);
  });

  it('returns null without an annual target', () => {
    expect(monthlyTargets(null)).toBeNull();
    expect(periodTarget(undefined, [1])).toBeNull();
  });

  it('rejects an invalid profile or month', () => {
    expect(() => monthlyTargets(100, [1, 2, 3])).toThrow(RangeError);
    expect(() => monthlyTargets(100, Array(12).fill(0))).toThrow(RangeError);
    expect(() => periodTarget(100, [0, 13])).toThrow(RangeError);
  });
});

describe('attainment', () => {
  it('is actual over target, capped at 1.5 by default', () => {
    expect(attainment(80, 100)).toBeCloseTo(0.8, 12);
    expect(attainment(200, 100)).toBe(1.5);
    expect(attainment(200, 100, 1.2)).toBe(1.2);
  });

  it('returns null without an actual or a positive target', () => {
    expect(attainment(null, 100)).toBeNull();
    expect(attainment(50, 0)).toBeNull();
  });
});

describe('scorecard', () => {
  const components = [
    { kpi: 'sales', weight: 0.45, attainment: 1 },
    { kpi: 'retention', weight: 0.3, attainment: 0.8 },
    { kpi: 'satisfaction', weight: 0.25, attainment: 1.2, effectiveN: 40 },
  ];

  it('sums weighted attainments', () => {
    const result = scorecard(components);
    expect(result?.score).toBeCloseTo(0.45 + 0.24 + 0.3, 12);
    expect(result?.excluded).toEqual([]);
  });

  it('spreads the satisfaction weight over the others when effective n is below 30', () => {
    const result = scorecard([...components.slice(0, 2), { ...components[2], effectiveN: 29.9 }]);
    expect(result?.score).toBeCloseTo(0.6 * 1 + 0.4 * 0.8, 12);
    expect(result?.lines.map((line) => line.weight)).toEqual([
      expect.closeTo(0.6, 12),
      expect.closeTo(0.4, 12),
    ]);
    expect(result?.excluded).toEqual([{ kpi: 'satisfaction', weight: 0.25, reason: 'low-base' }]);
  });

  it('counts satisfaction at an effective n of exactly 30', () => {
    expect(scorecard([...components.slice(0, 2), { ...components[2], effectiveN: 30 }])?.excluded).toEqual(
      [],
    );
  });

  it('spreads the weight of a component without attainment and says so', () => {
    const result = scorecard([{ ...components[0], attainment: null }, ...components.slice(1)]);
    expect(result?.excluded).toEqual([{ kpi: 'sales', weight: 0.45, reason: 'no-data' }]);
    expect(result?.score).toBeCloseTo((0.3 * 0.8 + 0.25 * 1.2) / 0.55, 12);
  });

  it('returns null when no component counts', () => {
    expect(scorecard([{ kpi: 'satisfaction', weight: 1, attainment: 1, effectiveN: 3 }])).toBeNull();
    expect(scorecard([])).toBeNull();
  });
});

// Mulberry32: a reproducible sequence for the property test.
function seededRandom(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}
