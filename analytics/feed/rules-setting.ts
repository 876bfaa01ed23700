import { sql } from 'drizzle-orm';
import type { Executor } from '#db/client.ts';
import { selectRows } from '#db/raw-query.ts';
import { DEFAULT_LOYALTY_RULES, type LoyaltyRules, parseLoyaltyRules } from './loyalty-rules.ts';

export const LOYALTY_RULES_SETTING = 'loyalty_rules';

export interface RulesInForce {
  rules: LoyaltyRules;
  /** The setting version the rules come from; 0 for the built-in defaults. */
  version: number;
}

/**
 * The newest version of the loyalty_rules setting. A stored value that is not a complete rule set
 * (an older shape, a hand edit) falls back to the defaults, recorded as version 0 so the history
 * says which rules were really applied.
 */
export async function loadLoyaltyRules(db: Executor): Promise<RulesInForce> {
  const [row] = await selectRows<{ version: number; value: unknown }>(
    db,
    sql`SELECT version, value FROM settings WHERE key = ${LOYALTY_RULES_SETTING} ORDER BY version DESC LIMIT 1`,
  );
  const rules = row ? parseLoyaltyRules(row.value) : null;
  return rules ? { rules, version: Number(row.version) } : { rules: DEFAULT_LOYALTY_RULES, version: 0 };
}
