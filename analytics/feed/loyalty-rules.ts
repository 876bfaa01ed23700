import type { LtrClass } from '#analytics/metrics/nps.ts';
import type { LoyaltyReason, LoyaltyState } from '#db/schema/feed.ts';

/**
 * The thresholds of the loyalty states (the `loyalty_rules` setting). CSI is on 0–100; the reasoning
 * behind each default is in docs/loyalty.md.
 */
export interface LoyaltyRules {
  /** A promoter account is a champion when its CSI is at least this (or no CSI was measured). */
  champion: { minCsi: number };
  /** A passive account (or one with no LTR) is satisfied when its CSI is at least this. */
  satisfied: { minCsi: number };
  /** A measured account is at risk when it is a detractor, its CSI is below `csiBelow`, or its CSI fell by `csiDrop` or more since its previous measurement. */
  atRisk: { csiBelow: number; csiDrop: number };
  /** An account invited to this many consecutive waves without answering is lost contact. */
  lostContact: { silentWaves: number };
}

export const DEFAULT_LOYALTY_RULES: LoyaltyRules = {
  champion: { minCsi: 75 },
  satisfied: { minCsi: 70 },
  atRisk: { csiBelow: 50, csiDrop: 10 },
  lostContact: { silentWaves: 2 },
};

const isScore = (value: unknown): value is number =>
  typeof value === 'number' && Number.isFinite(value) && value >= 0 && value <= 100;

/**
 * The rules a stored setting value describes, or null when it is not a complete, sensible set
 * (the feed then keeps the defaults rather than guessing at half a rule set).
 */
export function parseLoyaltyRules(value: unknown): LoyaltyRules | null {
  if (!value || typeof value !== 'object') return null;
  const rules = value as Partial<Record<keyof LoyaltyRules, Record<string, unknown>>>;
  const championCsi = rules.champion?.minCsi;
  const satisfiedCsi = rules.satisfied?.minCsi;
  const csiBelow = rules.atRisk?.csiBelow;
  const csiDrop = rules.atRisk?.csiDrop;
  const silentWaves = rules.lostContact?.silentWaves;
  if (!isScore(championCsi) || !isScore(satisfiedCsi) || !isScore(csiBelow) || !isScore(csiDrop)) return null;
  if (
    typeof silentWaves !== 'number' ||
    !Number.isInteger(silentWaves) ||
    silentWaves < 1 ||
    silentWaves > 20
  )
    return null;
  // A floor above the satisfied bar would make "satisfied" and "at risk" overlap.
  if (csiBelow > satisfiedCsi || csiDrop <= 0) return null;
  return {
    champion: { minCsi: championCsi },
    satisfied: { minCsi: satisfiedCsi },
    atRisk: { csiBelow, csiDrop },
    lostContact: { silentWaves },
  };
}

/** An account's scores in one wave (METHODOLOGY §5): its LTR class and its CSI, either may be missing. */
export interface AccountMeasurement {
  accountClass: LtrClass | null;
  /** 0–100. */
  csi: number | null;
}

export interface LoyaltyVerdict {
  state: LoyaltyState;
  reasons: LoyaltyReason[];
  /** CSI minus the previous measurement's CSI; null without both. */
  csiChange: number | null;
}

// Weighted means summed in floating point land a hair off a threshold they sit on (70 as
// 69.99999999999999); rounding first keeps such an account on the side of the boundary it is on.
const settled = (value: number) => Math.round(value * 1e9) / 1e9;

/**
 * The loyalty state of a measured account. At-risk signals win over everything (a promoter whose
 * CSI collapsed needs a call, not a thank-you); then advocacy with satisfaction makes a champion,
 * and satisfaction without advocacy a satisfied account.
 */
export function classifyMeasurement(
  current: AccountMeasurement,
  previous: AccountMeasurement | null,
  rules: LoyaltyRules = DEFAULT_LOYALTY_RULES,
): LoyaltyVerdict {
  const csi = current.csi === null ? null : settled(current.csi);
  const csiChange =
    csi !== null && previous?.csi !== null && previous?.csi !== undefined
      ? settled(csi - previous.csi)
      : null;
  const risks: LoyaltyReason[] = [];
  if (current.accountClass === 'detractor') risks.push('detractor');
  if (csi !== null && csi < rules.atRisk.csiBelow) risks.push('csi_below_floor');
  if (csiChange !== null && -csiChange >= rules.atRisk.csiDrop) risks.push('csi_drop');
  if (risks.length > 0) return { state: 'at_risk', reasons: risks, csiChange };

  if (current.accountClass === 'promoter') {
    if (csi === null) return { state: 'champion', reasons: ['promoter'], csiChange };
    return csi >= rules.champion.minCsi
      ? { state: 'champion', reasons: ['promoter', 'high_csi'], csiChange }
      : { state: 'satisfied', reasons: ['promoter'], csiChange };
  }
  const classReasons: LoyaltyReason[] = current.accountClass === 'passive' ? ['passive'] : [];
  if (csi !== null && csi >= rules.satisfied.minCsi)
    return { state: 'satisfied', reasons: [...classReasons, 'high_csi'], csiChange };
  return { state: 'passive', reasons: classReasons, csiChange };
}

/** A wave the account took part in: measured (it answered) or silent (invited to a closed wave, no answer). */
export interface WaveParticipation {
  waveId: string;
  measurement: AccountMeasurement | null;
}

export interface LoyaltyHistoryRow extends LoyaltyVerdict {
  waveId: string;
  previousState: LoyaltyState | null;
  /** The wave whose answers the state rests on: this one, an earlier one carried forward, or none. */
  scoresWaveId: string | null;
}

/**
 * The account's state wave by wave, oldest first. A silent wave carries the last measured state
 * forward until `silentWaves` consecutive silent waves (or no measurement at all to carry) make the
 * account lost contact. `contactable` is today's fact (someone at the client can still be asked),
 * so it only decides the newest row: a silent account nobody can be asked is lost contact at once.
 */
export function loyaltyHistory(
  waves: readonly WaveParticipation[],
  { contactable }: { contactable: boolean },
  rules: LoyaltyRules = DEFAULT_LOYALTY_RULES,
): LoyaltyHistoryRow[] {
  const rows: LoyaltyHistoryRow[] = [];
  let lastMeasured: { waveId: string; measurement: AccountMeasurement; verdict: LoyaltyVerdict } | null =
    null;
  let silentStreak = 0;
  for (const [index, wave] of waves.entries()) {
    const previousState = rows.at(-1)?.state ?? null;
    if (wave.measurement) {
      const verdict = classifyMeasurement(wave.measurement, lastMeasured?.measurement ?? null, rules);
      rows.push({ ...verdict, waveId: wave.waveId, previousState, scoresWaveId: wave.waveId });
      lastMeasured = { waveId: wave.waveId, measurement: wave.measurement, verdict };
      silentStreak = 0;
      continue;
    }
    silentStreak += 1;
    const newest = index === waves.length - 1;
    const lost: LoyaltyReason[] = [];
    if (!lastMeasured || silentStreak >= rules.lostContact.silentWaves) lost.push('silent');
    if (newest && !contactable) lost.push('no_contactable_contact');
    if (lost.length > 0 || !lastMeasured) {
      rows.push({
        state: 'lost_contact',
        reasons: lost,
        csiChange: null,
        waveId: wave.waveId,
        previousState,
        scoresWaveId: null,
      });
      continue;
    }
    rows.push({
      state: lastMeasured.verdict.state,
      reasons: [...lastMeasured.verdict.reasons, 'carried_forward'],
      csiChange: null,
      waveId: wave.waveId,
      previousState,
      scoresWaveId: lastMeasured.waveId,
    });
  }
  return rows;
}
