import { DEFAULT_LOYALTY_RULES } from '../../analytics/feed/loyalty-rules.ts';
import { DEFAULT_BASE_THRESHOLDS, DEFAULT_SIZE_THRESHOLDS } from '../../analytics/metrics/index.ts';
import type { ContactRole } from '../schema/domain.ts';
import type { settings } from '../schema/index.ts';

// Keyed by the contacts table's role names; finance counts like a user or other contact.
const roleWeights: Record<ContactRole, number> = {
  decision_maker: 0.5,
  influencer: 0.3,
  user: 0.2,
  other: 0.2,
  finance: 0.2,
};

/** Working days a manager has to act on a follow-up. */
export const FOLLOW_UP_SLA_DAYS = 2;

/** Version 1 of each setting, with the methodology's defaults. */
export function planSettings(createdBy: string): (typeof settings.$inferInsert)[] {
  const values: Record<string, unknown> = {
    size_thresholds: DEFAULT_SIZE_THRESHOLDS,
    suppression_threshold: DEFAULT_BASE_THRESHOLDS.suppressBelow,
    low_base_threshold: DEFAULT_BASE_THRESHOLDS.lowBaseBelow,
    frequency_caps: { contactDays: 90, clientDays: 30 },
    role_weights: roleWeights,
    follow_up_sla_days: FOLLOW_UP_SLA_DAYS,
    loyalty_rules: DEFAULT_LOYALTY_RULES,
  };
  return Object.entries(values).map(([key, value]) => ({ key, version: 1, value, createdBy }));
}
