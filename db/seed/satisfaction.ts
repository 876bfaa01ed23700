import type { SizeSegment } from '../../analytics/metrics/index.ts';
import type { ContactRole } from '../schema/domain.ts';
import type { Random } from './random.ts';

/**
 * The truth behind the demo answers, in latent units (0 = an average client, ±1 = a lot). The
 * analytics should rediscover it: bigger clients and IT/finance companies are happier; acquiring
 * and online banking are the weak products; lending clients complain about tariffs; speed of
 * agreeing terms and the manager drive overall satisfaction most; every wave is better than the
 * last; the weak manager's clients are clearly less satisfied.
 */
const sizeEffect: Record<SizeSegment, number> = { micro: -0.2, small: -0.05, medium: 0.15, large: 0.35 };

const sectionEffect: Record<string, number> = {
  J: 0.35,
  K: 0.3,
  M: 0.1,
  D: 0.1,
  F: -0.2,
  I: -0.2,
  H: -0.1,
  A: -0.1,
};

const roleEffect: Record<ContactRole, number> = {
  decision_maker: 0.05,
  influencer: 0,
  finance: -0.05,
  user: -0.1,
  other: 0,
};

/** Latent improvement per wave (about +8 NPS): the bank's programme of fixes is working. */
const WAVE_TREND = 0.13;

/** Where an average client starts: puts the first wave's NPS near +10. */
const BASELINE = 0.35;

export const attributeKeys = ['tariffs', 'terms_speed', 'manager', 'remote_banking_quality'] as const;
export type AttributeKey = (typeof attributeKeys)[number];

const attributeShift: Record<AttributeKey, number> = {
  tariffs: -0.3,
  terms_speed: -0.15,
  manager: 0.25,
  remote_banking_quality: -0.1,
};

// How much each attribute moves overall satisfaction: the true key drivers.
const driverWeight: Record<AttributeKey, number> = {
  terms_speed: 0.36,
  manager: 0.3,
  tariffs: 0.2,
  remote_banking_quality: 0.14,
};

// What clients say matters to them, on 1–5: stated importance agrees with the drivers.
const statedImportance: Record<AttributeKey, number> = {
  terms_speed: 4.55,
  manager: 4.35,
  tariffs: 4.05,
  remote_banking_quality: 3.7,
};

const productShift: Record<string, number> = {
  cash_management: 0.15,
  lending: -0.15,
  deposits: 0.25,
  payroll: 0.1,
  acquiring: -0.55,
  fx_trade_finance: -0.05,
  remote_banking: -0.4,
  guarantees: -0.1,
  leasing: 0,
  cash_collection: 0.05,
  corporate_cards: 0.1,
  custody: 0.2,
};

export interface Respondent {
  waveIndex: number;
  sizeSegment: SizeSegment;
  industrySection: string;
  isVip: boolean;
  role: ContactRole;
  /** Stable satisfaction of the company and of the person, drawn once. */
  clientAffinity: number;
  disposition: number;
  /** The serving manager's effect; null when the client has no personal manager. */
  managerQuality: number | null;
  isWeakManager: boolean;
  productCodes: readonly string[];
}

/** One respondent's latent opinions, ready to be put on each question's scale. */
export interface Opinion {
  general: number;
  attributes: Record<AttributeKey, number>;
  importance: Record<AttributeKey, number>;
  products: Record<string, number>;
  overall: number;
  recommend: number;
}

export function formOpinion(random: Random, respondent: Respondent): Opinion {
  const general =
    sizeEffect[respondent.sizeSegment] +
    (sectionEffect[respondent.industrySection] ?? 0) +
    (respondent.isVip ? 0.1 : 0) +
    roleEffect[respondent.role] +
    (respondent.managerQuality ?? -0.1) +
    WAVE_TREND * respondent.waveIndex +
    respondent.clientAffinity +
    respondent.disposition +
    BASELINE;

  const uses = (code: string) => respondent.productCodes.includes(code);
  const attributes = {} as Record<AttributeKey, number>;
  for (const key of attributeKeys) {
    let shift = attributeShift[key];
    if (key === 'tariffs' && uses('lending')) shift -= 0.6;
    if (key === 'manager' && respondent.managerQuality === null) shift -= 0.25;
    if (key === 'manager' && respondent.isWeakManager) shift -= 0.5;
    if (key === 'terms_speed' && respondent.isWeakManager) shift -= 0.3;
    attributes[key] = general + shift + random.normal(0, 0.5);
  }

  const products: Record<string, number> = {};
  for (const code of respondent.productCodes) {
    const related = code === 'remote_banking' ? attributes.remote_banking_quality : general;
    products[code] = 0.5 * general + 0.5 * related + (productShift[code] ?? 0) + random.normal(0, 0.5);
  }

  const overall =
    attributeKeys.reduce((total, key) => total + driverWeight[key] * attributes[key], 0) +
    random.normal(0, 0.3);
  return {
    general,
    attributes,
    importance: statedImportanceOf(random, respondent),
    products,
    overall,
    recommend: overall + random.normal(0, 0.35),
  };
}

function statedImportanceOf(random: Random, respondent: Respondent): Record<AttributeKey, number> {
  const big = respondent.sizeSegment === 'large' || respondent.sizeSegment === 'medium';
  const importance = {} as Record<AttributeKey, number>;
  for (const key of attributeKeys) {
    let mean = statedImportance[key];
    if (key === 'manager') mean += big ? 0.2 : -0.25;
    if (key === 'tariffs' && !big) mean += 0.2;
    if (key === 'remote_banking_quality' && !big) mean += 0.2;
    importance[key] = clamp(Math.round(mean + random.normal(0, 0.6)), 1, 5);
  }
  return importance;
}

interface Scale {
  min: number;
  max: number;
}

/** A latent opinion on a rating scale: LTR centres near 7.4 of 10, satisfaction near 3.8 of 5. */
export function onScale(latent: number, scale: Scale, kind: 'recommend' | 'satisfaction'): number {
  const centre = kind === 'recommend' ? 0.74 : 0.69;
  const position = centre + 0.2 * latent;
  return clamp(Math.round(scale.min + (scale.max - scale.min) * position), scale.min, scale.max);
}

function clamp(value: number, low: number, high: number): number {
  return Math.min(high, Math.max(low, value));
}
