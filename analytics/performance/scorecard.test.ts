import { describe, expect, it } from 'vitest';
import { assembleScorecard, type ScorecardKpiInput } from './scorecard.ts';

const income: ScorecardKpiInput = {
  kpiId: 'income',
  direction: 'higher_is_better',
  weight: 0.5,
  baseTarget: 100,
  approvedTargetDelta: 0,
  actual: 80,
};
const funds: ScorecardKpiInput = {
  kpiId: 'funds',
  direction: 'higher_is_better',
  weight: 0.25,
  baseTarget: 100,
  approvedTargetDelta: -20,
  actual: 80,
};
const satisfaction: ScorecardKpiInput = {
  kpiId: 'satisfaction',
  direction: 'higher_is_better',
  weight: 0.25,
  baseTarget: 50,
  approvedTargetDelta: 0,
  actual: 40,
  effectiveN: 12,
};

describe('assembleScorecard', () => {
  it('measures attainment against the adjusted target and weighs it', () => {
    const card = assembleScorecard([income, funds, { ...satisfaction, effectiveN: 30 }]);
    const [first, second, third] = card.lines;
    expect(first).toMatchObject({
      attainment: 0.8,
      belowTarget: true,
      needsExplanation: true,
      adjusted: false,
    });
    // The approved −20 makes the target 80: met exactly, so no explanation is needed.
    expect(second).toMatchObject({ target: 80, attainment: 1, belowTarget: false, adjusted: true });
    expect(third).toMatchObject({ attainment: 0.8, excluded: null, needsExplanation: true });
    expect(card.score).toBeCloseTo(0.5 * 0.8 + 0.25 * 1 + 0.25 * 0.8, 12);
  });

  it('leaves satisfaction out below an effective n of 30 and spreads its weight', () => {
    const card = assembleScorecard([income, funds, satisfaction]);
    const third = card.lines[2];
    expect(third).toMatchObject({ excluded: 'low-base', effectiveWeight: 0, needsExplanation: false });
    expect(card.lines[0].effectiveWeight).toBeCloseTo(0.5 / 0.75, 12);
    expect(card.score).toBeCloseTo((0.5 * 0.8 + 0.25 * 1) / 0.75, 12);
  });

  it('marks a KPI without an actual as having no data', () => {
    const card = assembleScorecard([{ ...income, actual: null }, funds]);
    expect(card.lines[0]).toMatchObject({ excluded: 'no-data', needsExplanation: false, attainment: null });
    // The spread keeps the card’s total weight (0.75 here): funds now weighs 0.75 at attainment 1.
    expect(card.score).toBeCloseTo(0.75, 12);
  });

  it('has no score when nothing counts', () => {
    const card = assembleScorecard([satisfaction]);
    expect(card.score).toBeNull();
    expect(card.lines[0].excluded).toBe('low-base');
  });
});
