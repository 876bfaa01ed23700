import { describe, expect, it } from 'vitest';
import {
  classifyMeasurement,
  DEFAULT_LOYALTY_RULES,
  type LoyaltyRules,
  loyaltyHistory,
  parseLoyaltyRules,
} from './loyalty-rules.ts';

const rules = DEFAULT_LOYALTY_RULES;

describe('classifyMeasurement', () => {
  it('makes a promoter with CSI exactly at the champion bar a champion, and one just below it satisfied', () => {
    expect(classifyMeasurement({ accountClass: 'promoter', csi: 75 }, null, rules)).toEqual({
      state: 'champion',
      reasons: ['promoter', 'high_csi'],
      csiChange: null,
    });
    expect(classifyMeasurement({ accountClass: 'promoter', csi: 74.9 }, null, rules).state).toBe('satisfied');
  });

  it('lets a promoter be a champion when the survey measured no CSI', () => {
    expect(classifyMeasurement({ accountClass: 'promoter', csi: null }, null, rules)).toMatchObject({
      state: 'champion',
      reasons: ['promoter'],
    });
  });

  it('keeps a weighted CSI that lands a rounding error under a bar on the bar', () => {
    expect(classifyMeasurement({ accountClass: 'passive', csi: 69.99999999999999 }, null, rules).state).toBe(
      'satisfied',
    );
  });

  it('makes a passive satisfied from the satisfied bar up, passive below it', () => {
    expect(classifyMeasurement({ accountClass: 'passive', csi: 70 }, null, rules)).toMatchObject({
      state: 'satisfied',
      reasons: ['passive', 'high_csi'],
    });
    expect(classifyMeasurement({ accountClass: 'passive', csi: 69.9 }, null, rules).state).toBe('passive');
    expect(classifyMeasurement({ accountClass: 'passive', csi: null }, null, rules).state).toBe('passive');
  });

  it('never makes an account without an LTR a champion', () => {
    expect(classifyMeasurement({ accountClass: null, csi: 95 }, null, rules)).toMatchObject({
      state: 'satisfied',
      reasons: ['high_csi'],
    });
  });

  it('puts every detractor at risk, whatever its CSI', () => {
    expect(classifyMeasurement({ accountClass: 'detractor', csi: 90 }, null, rules)).toMatchObject({
      state: 'at_risk',
      reasons: ['detractor'],
    });
  });

  it('puts an account at risk below the CSI floor but not on it', () => {
    expect(classifyMeasurement({ accountClass: 'passive', csi: 49.9 }, null, rules)).toMatchObject({
      state: 'at_risk',
      reasons: ['csi_below_floor'],
    });
    expect(classifyMeasurement({ accountClass: 'passive', csi: 50 }, null, rules).state).toBe('passive');
  });

  it('puts an account at risk when CSI fell by the drop threshold or more, even a promoter', () => {
    const fell = classifyMeasurement(
      { accountClass: 'promoter', csi: 80 },
      { accountClass: 'promoter', csi: 90 },
      rules,
    );
    expect(fell).toEqual({ state: 'at_risk', reasons: ['csi_drop'], csiChange: -10 });
    const fellLess = classifyMeasurement(
      { accountClass: 'promoter', csi: 80.1 },
      { accountClass: 'promoter', csi: 90 },
      rules,
    );
    expect(fellLess).toMatchObject({ state: 'champion' });
    expect(fellLess.csiChange).toBeCloseTo(-9.9, 9);
  });

  it('gives every reason that applies', () => {
    expect(
      classifyMeasurement({ accountClass: 'detractor', csi: 40 }, { accountClass: 'passive', csi: 60 }, rules)
        .reasons,
    ).toEqual(['detractor', 'csi_below_floor', 'csi_drop']);
  });
});

describe('loyaltyHistory', () => {
  const promoter = { accountClass: 'promoter' as const, csi: 85 };
  const detractor = { accountClass: 'detractor' as const, csi: 40 };

  it('records the previous state and the CSI change between measured waves', () => {
    const rows = loyaltyHistory(
      [
        { waveId: 'w1', measurement: promoter },
        { waveId: 'w2', measurement: detractor },
      ],
      { contactable: true },
      rules,
    );
    expect(rows.map((row) => [row.waveId, row.state, row.previousState, row.csiChange])).toEqual([
      ['w1', 'champion', null, null],
      ['w2', 'at_risk', 'champion', -45],
    ]);
  });

  it('carries the last state over fewer silent waves than the limit, then loses contact', () => {
    const rows = loyaltyHistory(
      [
        { waveId: 'w1', measurement: promoter },
        { waveId: 'w2', measurement: null },
        { waveId: 'w3', measurement: null },
      ],
      { contactable: true },
      rules,
    );
    expect(rows.map((row) => [row.state, row.reasons, row.scoresWaveId])).toEqual([
      ['champion', ['promoter', 'high_csi'], 'w1'],
      ['champion', ['promoter', 'high_csi', 'carried_forward'], 'w1'],
      ['lost_contact', ['silent'], null],
    ]);
  });

  it('compares CSI with the last measurement across a silent wave', () => {
    const rows = loyaltyHistory(
      [
        { waveId: 'w1', measurement: { accountClass: 'passive', csi: 72 } },
        { waveId: 'w2', measurement: null },
        { waveId: 'w3', measurement: { accountClass: 'passive', csi: 60 } },
      ],
      { contactable: true },
      rules,
    );
    expect(rows[2]).toMatchObject({
      state: 'at_risk',
      reasons: ['csi_drop'],
      csiChange: -12,
      previousState: 'satisfied',
    });
  });

  it('makes an account that never answered lost contact at its first silent wave', () => {
    expect(loyaltyHistory([{ waveId: 'w1', measurement: null }], { contactable: true }, rules)).toEqual([
      {
        waveId: 'w1',
        state: 'lost_contact',
        reasons: ['silent'],
        csiChange: null,
        previousState: null,
        scoresWaveId: null,
      },
    ]);
  });

  it('makes a silent account nobody can be asked any more lost contact at once, but not one that just answered', () => {
    const silent = loyaltyHistory(
      [
        { waveId: 'w1', measurement: promoter },
        { waveId: 'w2', measurement: null },
      ],
      { contactable: false },
      rules,
    );
    expect(silent[1]).toMatchObject({ state: 'lost_contact', reasons: ['no_contactable_contact'] });
    const answered = loyaltyHistory([{ waveId: 'w1', measurement: promoter }], { contactable: false }, rules);
    expect(answered[0].state).toBe('champion');
  });

  it('loses contact after one silent wave when the limit is one', () => {
    const strict: LoyaltyRules = { ...rules, lostContact: { silentWaves: 1 } };
    const rows = loyaltyHistory(
      [
        { waveId: 'w1', measurement: promoter },
        { waveId: 'w2', measurement: null },
      ],
      { contactable: true },
      strict,
    );
    expect(rows[1].state).toBe('lost_contact');
  });
});

describe('parseLoyaltyRules', () => {
  it('accepts the defaults and refuses incomplete or contradictory rules', () => {
    expect(parseLoyaltyRules(DEFAULT_LOYALTY_RULES)).toEqual(DEFAULT_LOYALTY_RULES);
    expect(parseLoyaltyRules({ champion: { minCsi: 75 } })).toBeNull();
    expect(parseLoyaltyRules({ ...DEFAULT_LOYALTY_RULES, atRisk: { csiBelow: 80, csiDrop: 10 } })).toBeNull();
    expect(parseLoyaltyRules({ ...DEFAULT_LOYALTY_RULES, lostContact: { silentWaves: 0 } })).toBeNull();
    expect(parseLoyaltyRules({ ...DEFAULT_LOYALTY_RULES, champion: { minCsi: 101 } })).toBeNull();
    expect(parseLoyaltyRules('strict')).toBeNull();
  });
});
