import { sql } from 'drizzle-orm';
import type { Executor } from '../../db/client.ts';
import { selectRows } from '../../db/raw-query.ts';
import { type ContactRole, contactRoles } from '../../db/schema/domain.ts';
import { DEFAULT_BASE_THRESHOLDS, DEFAULT_ROLE_WEIGHTS } from '../metrics/index.ts';
import type { Thresholds } from './types.ts';

/** Role weights keyed by the contacts table's roles. */
type ContactRoleWeights = Record<ContactRole, number>;

/** The newest version of each setting asked for; settings are versioned rows. */
async function latestSettings(db: Executor, keys: readonly string[]): Promise<Map<string, unknown>> {
  const rows = await selectRows<{ key: string; value: unknown }>(
    db,
    sql`SELECT DISTINCT ON (key) key, value FROM settings
        WHERE key IN (${sql.join(
          keys.map((key) => sql`${key}`),
          sql`, `,
        )})
        ORDER BY key, version DESC`,
  );
  return new Map(rows.map((row) => [row.key, row.value]));
}

export async function loadThresholds(db: Executor): Promise<Thresholds> {
  const values = await latestSettings(db, ['suppression_threshold', 'low_base_threshold']);
  const number = (value: unknown, fallback: number) =>
    typeof value === 'number' && Number.isFinite(value) ? value : fallback;
  return {
    suppressBelow: number(values.get('suppression_threshold'), DEFAULT_BASE_THRESHOLDS.suppressBelow),
    lowBaseBelow: number(values.get('low_base_threshold'), DEFAULT_BASE_THRESHOLDS.lowBaseBelow),
  };
}

export async function loadRoleWeights(db: Executor): Promise<ContactRoleWeights> {
  const stored = (await latestSettings(db, ['role_weights'])).get('role_weights');
  const weights: ContactRoleWeights = { ...DEFAULT_ROLE_WEIGHTS };
  if (stored && typeof stored === 'object') {
    for (const role of contactRoles) {
      const weight = (stored as Record<string, unknown>)[role];
      if (typeof weight === 'number' && weight >= 0) weights[role] = weight;
    }
  }
  return weights;
}
