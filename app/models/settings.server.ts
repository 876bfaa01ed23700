import { desc, eq } from 'drizzle-orm';
import { DEFAULT_SIZE_THRESHOLDS, type SizeThresholds } from '#analytics/metrics/size-segment.ts';
import { type Executor, getDb } from '#db/client.ts';
import { settings } from '#db/schema/index.ts';

/** The value of a setting's newest version, or the fallback when it was never set. */
export async function currentSetting<Value>(
  key: string,
  fallback: Value,
  executor: Executor = getDb(),
): Promise<Value> {
  const [row] = await executor
    .select({ value: settings.value })
    .from(settings)
    .where(eq(settings.key, key))
    .orderBy(desc(settings.version))
    .limit(1);
  return row ? (row.value as Value) : fallback;
}

export function currentSizeThresholds(executor?: Executor): Promise<SizeThresholds> {
  return currentSetting('size_thresholds', DEFAULT_SIZE_THRESHOLDS, executor);
}
