import { desc, eq, sql } from 'drizzle-orm';
import { z } from 'zod';
import { DEFAULT_BASE_THRESHOLDS, DEFAULT_ROLE_WEIGHTS } from '#analytics/metrics/index.ts';
import {
  DEFAULT_SIZE_THRESHOLDS,
  type SizeThresholds,
  sizeSegment,
} from '#analytics/metrics/size-segment.ts';
import { DEFAULT_LOYALTY_RULES, type LoyaltyRules } from '#analytics/feed/loyalty-rules.ts';
import { rebuildSatisfactionFeed } from '#analytics/feed/satisfaction-feed.ts';
import { type Executor, getDb } from '#db/client.ts';
import { selectRows } from '#db/raw-query.ts';
import { contactRoles, type SizeSegment } from '#db/schema/domain.ts';
import { clients, settings, users } from '#db/schema/index.ts';
import type { StaffUser } from '#app/auth/session.server.ts';
import type { FieldErrors } from '#app/utils/forms.ts';
import { recordAudit } from './audit.server.ts';

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

// ---------------------------------------------------------------------------------------------
// The registry of editable settings. Each entry says how its value is validated (zod, with messages
// that are keys of the `errors` namespace or of `settings:errors`), which form fields edit it
// (dotted names mirror the value's shape: `revenueRub.micro` edits value.revenueRub.micro) and,
// optionally, what else has to change in the same transaction as a new version. Another area adds a
// setting by adding one entry here and its labels to app/i18n/resources/settings.ts.

export interface SettingField {
  /** Dotted path into the value (SCALAR for a plain number); also the form field's name and its error's key. */
  name: string;
  kind: 'integer' | 'number';
  /** Shown after the input: 'rub', 'people', 'days', 'responses', 'weight'. */
  unit?: string;
}

export interface SettingChangeContext {
  tx: Executor;
  actor: StaffUser;
}

export interface SettingDefinition<Value = unknown> {
  key: string;
  /** Which registry group the setting is listed under on the page. */
  section: 'segments' | 'analytics' | 'campaigns' | 'followUps' | (string & {});
  fields: SettingField[];
  schema: z.ZodType<Value>;
  fallback: Value;
  /** Runs in the transaction of the new version; its result goes into the audit record. */
  // Method syntax on purpose: the registry holds entries of different value types side by side.
  afterChange?(value: Value, context: SettingChangeContext): Promise<Record<string, unknown>>;
}

/** The one field of a setting whose value is a plain number. */
export const SCALAR = 'value';

/** A required number from a form field, with the errors namespace's messages. */
const numberInput = (options: { integer?: boolean; min?: number; max?: number } = {}) => {
  let schema = z
    .number({ error: (issue) => (issue.input === undefined ? 'errors.required' : 'errors.number') })
    .finite('errors.number');
  if (options.integer) schema = schema.int('errors.integer');
  if (options.min !== undefined)
    schema = schema.min(options.min, options.min === 0 ? 'errors.negative' : 'settings:errors.tooSmall');
  if (options.max !== undefined) schema = schema.max(options.max, 'settings:errors.tooLarge');
  // Forms send text: blank is missing, spaces and a decimal comma are how people type numbers.
  return z.preprocess((value) => {
    if (typeof value !== 'string') return value;
    const text = value.trim();
    return text === '' ? undefined : Number(text.replace(/\s/g, '').replace(',', '.'));
  }, schema) as unknown as z.ZodType<number>;
};

const ascendingBounds = (integer: boolean) =>
  z
    .object({
      micro: numberInput({ integer, min: 1 }),
      small: numberInput({ integer, min: 1 }),
      medium: numberInput({ integer, min: 1 }),
    })
    .superRefine((bounds, context) => {
      if (bounds.small <= bounds.micro)
        context.addIssue({ code: 'custom', path: ['small'], message: 'settings:errors.aboveMicro' });
      if (bounds.medium <= bounds.small)
        context.addIssue({ code: 'custom', path: ['medium'], message: 'settings:errors.aboveSmall' });
    });

const sizeThresholdsSchema = z.object({
  revenueRub: ascendingBounds(false),
  headcount: ascendingBounds(true),
}) as z.ZodType<SizeThresholds>;

const roleWeightsSchema = z
  .object(Object.fromEntries(contactRoles.map((role) => [role, numberInput({ min: 0, max: 1 })])))
  .refine((weights) => Object.values(weights).some((weight) => weight > 0), {
    message: 'settings:errors.someWeight',
    path: ['decision_maker'],
  }) as z.ZodType<Record<string, number>>;

export const settingRegistry: SettingDefinition[] = [
  {
    key: 'size_thresholds',
    section: 'segments',
    fields: [
      ...(['micro', 'small', 'medium'] as const).map((size) => ({
        name: `revenueRub.${size}`,
        kind: 'number' as const,
        unit: 'rub',
      })),
      ...(['micro', 'small', 'medium'] as const).map((size) => ({
        name: `headcount.${size}`,
        kind: 'integer' as const,
        unit: 'people',
      })),
    ],
    schema: sizeThresholdsSchema,
    fallback: DEFAULT_SIZE_THRESHOLDS,
    afterChange: (value: SizeThresholds, { tx }) => reclassifyClients(tx, value),
  } satisfies SettingDefinition<SizeThresholds>,
  {
    key: 'suppression_threshold',
    section: 'analytics',
    fields: [{ name: SCALAR, kind: 'integer', unit: 'responses' }],
    schema: numberInput({ integer: true, min: 1, max: 1000 }),
    fallback: DEFAULT_BASE_THRESHOLDS.suppressBelow,
  } satisfies SettingDefinition<number>,
  {
    key: 'low_base_threshold',
    section: 'analytics',
    fields: [{ name: SCALAR, kind: 'integer', unit: 'responses' }],
    schema: numberInput({ integer: true, min: 1, max: 10_000 }),
    fallback: DEFAULT_BASE_THRESHOLDS.lowBaseBelow,
  } satisfies SettingDefinition<number>,
  {
    key: 'role_weights',
    section: 'analytics',
    fields: contactRoles.map((role) => ({ name: role, kind: 'number' as const, unit: 'weight' })),
    schema: roleWeightsSchema,
    fallback: DEFAULT_ROLE_WEIGHTS,
  } satisfies SettingDefinition<Record<string, number>>,
  {
    key: 'frequency_caps',
    section: 'campaigns',
    fields: [
      { name: 'contactDays', kind: 'integer', unit: 'days' },
      { name: 'clientDays', kind: 'integer', unit: 'days' },
    ],
    schema: z.object({
      contactDays: numberInput({ integer: true, min: 0, max: 3650 }),
      clientDays: numberInput({ integer: true, min: 0, max: 3650 }),
    }),
    fallback: { contactDays: 90, clientDays: 30 },
  } satisfies SettingDefinition<{ contactDays: number; clientDays: number }>,
  {
    key: 'follow_up_sla_days',
    section: 'followUps',
    fields: [{ name: SCALAR, kind: 'integer', unit: 'days' }],
    schema: numberInput({ integer: true, min: 1, max: 60 }),
    fallback: 2,
  } satisfies SettingDefinition<number>,
  {
    // The satisfaction feed's loyalty states (docs/loyalty.md); saving recomputes every client's states.
    key: 'loyalty_rules',
    section: 'segments',
    fields: [
      { name: 'champion.minCsi', kind: 'number' },
      { name: 'satisfied.minCsi', kind: 'number' },
      { name: 'atRisk.csiBelow', kind: 'number' },
      { name: 'atRisk.csiDrop', kind: 'number' },
      { name: 'lostContact.silentWaves', kind: 'integer' },
    ],
    schema: z
      .object({
        champion: z.object({ minCsi: numberInput({ min: 0, max: 100 }) }),
        satisfied: z.object({ minCsi: numberInput({ min: 0, max: 100 }) }),
        atRisk: z.object({
          csiBelow: numberInput({ min: 0, max: 100 }),
          csiDrop: numberInput({ min: 1, max: 100 }),
        }),
        lostContact: z.object({ silentWaves: numberInput({ integer: true, min: 1, max: 20 }) }),
      })
      .refine((rules) => rules.atRisk.csiBelow <= rules.satisfied.minCsi, {
        message: 'loyalty:errors.floorAboveSatisfied',
        path: ['atRisk', 'csiBelow'],
      }),
    fallback: DEFAULT_LOYALTY_RULES,
    afterChange: async (_value, { tx }) => ({ loyalty: await rebuildSatisfactionFeed(tx) }),
  } satisfies SettingDefinition<LoyaltyRules>,
];

export function settingDefinition(key: string): SettingDefinition | undefined {
  return settingRegistry.find((entry) => entry.key === key);
}

const isScalar = (definition: SettingDefinition) =>
  definition.fields.length === 1 && definition.fields[0].name === SCALAR;

/** A form's fields as the value's shape: `a.b` → { a: { b } }; a SCALAR field is the value itself. */
export function valueFromFields(definition: SettingDefinition, fields: Record<string, string>): unknown {
  if (isScalar(definition)) return fields[SCALAR] ?? '';
  const value: Record<string, unknown> = {};
  for (const field of definition.fields) {
    const path = field.name.split('.');
    let node = value;
    for (const part of path.slice(0, -1)) {
      node[part] ??= {};
      node = node[part] as Record<string, unknown>;
    }
    node[path.at(-1)!] = fields[field.name] ?? '';
  }
  return value;
}

/** The value as form fields (the reverse of valueFromFields). */
export function fieldsFromValue(definition: SettingDefinition, value: unknown): Record<string, string> {
  const read = (path: string): unknown =>
    isScalar(definition)
      ? value
      : path
          .split('.')
          .reduce<unknown>((node, part) => (node as Record<string, unknown> | null)?.[part], value);
  return Object.fromEntries(
    definition.fields.map((field) => {
      const found = read(field.name);
      return [field.name, found === undefined || found === null ? '' : String(found)];
    }),
  );
}

// ---------------------------------------------------------------------------------------------
// Reading and changing

export interface SettingVersion {
  version: number;
  value: unknown;
  createdAt: string;
  createdByName: string | null;
}

export interface SettingOverview {
  key: string;
  section: string;
  fields: SettingField[];
  /** The value in force: the newest version, or the built-in default when never set. */
  current: SettingVersion | null;
  formValues: Record<string, string>;
  /** Newest first, the current one included. */
  history: SettingVersion[];
}

const HISTORY_SHOWN = 10;

export async function listSettings(): Promise<SettingOverview[]> {
  const keys = settingRegistry.map((entry) => entry.key);
  const rows = await getDb()
    .select({
      key: settings.key,
      version: settings.version,
      value: settings.value,
      createdAt: settings.createdAt,
      createdByName: users.fullName,
    })
    .from(settings)
    .leftJoin(users, eq(users.id, settings.createdBy))
    .where(
      sql`${settings.key} IN (${sql.join(
        keys.map((key) => sql`${key}`),
        sql`, `,
      )})`,
    )
    .orderBy(settings.key, desc(settings.version));
  return settingRegistry.map((definition) => {
    const history = rows
      .filter((row) => row.key === definition.key)
      .slice(0, HISTORY_SHOWN)
      .map((row) => ({
        version: row.version,
        value: row.value,
        createdAt: row.createdAt.toISOString(),
        createdByName: row.createdByName,
      }));
    const current = history[0] ?? null;
    return {
      key: definition.key,
      section: definition.section,
      fields: definition.fields,
      current,
      formValues: fieldsFromValue(definition, current ? current.value : definition.fallback),
      history,
    };
  });
}

export type SettingChangeResult =
  | { ok: true; version: number; unchanged: false; detail: Record<string, unknown> }
  | { ok: true; unchanged: true }
  | { ok: false; fieldErrors: FieldErrors };

/**
 * Saves a setting's new value as its next version, with whatever the setting implies (size
 * thresholds re-classify the clients) and the audit record, all in one transaction. Submitting the
 * value in force changes nothing.
 */
export async function changeSetting({
  key,
  fields,
  actor,
  ipAddress,
}: {
  key: string;
  fields: Record<string, string>;
  actor: StaffUser;
  ipAddress: string;
}): Promise<SettingChangeResult> {
  const definition = settingDefinition(key);
  if (!definition) return { ok: false, fieldErrors: { key: 'errors.unknown' } };
  const parsed = definition.schema.safeParse(valueFromFields(definition, fields));
  if (!parsed.success) {
    const fieldErrors: FieldErrors = {};
    for (const issue of parsed.error.issues) fieldErrors[issue.path.join('.') || SCALAR] ??= issue.message;
    return { ok: false, fieldErrors };
  }
  const value = parsed.data;
  return getDb().transaction(async (tx) => {
    // The newest row is locked, so two simultaneous changes cannot both read the same version.
    const [latest] = await selectRows<{ version: number; value: unknown }>(
      tx,
      sql`SELECT version, value FROM settings WHERE key = ${key} ORDER BY version DESC LIMIT 1 FOR UPDATE`,
    );
    const previous = latest ? latest.value : definition.fallback;
    if (JSON.stringify(previous) === JSON.stringify(value))
      return { ok: true as const, unchanged: true as const };
    const version = (latest ? Number(latest.version) : 0) + 1;
    await tx.insert(settings).values({ key, version, value, createdBy: actor.id });
    const detail = (await definition.afterChange?.(value, { tx, actor })) ?? {};
    await recordAudit(tx, {
      actorUserId: actor.id,
      action: 'setting_changed',
      entityType: 'setting',
      entityId: key,
      detail: { version, previous, value, ...detail },
      ipAddress,
    });
    return { ok: true as const, version, unchanged: false as const, detail };
  });
}

const RECLASSIFY_BATCH = 1000;

/**
 * Every client's size class under new thresholds (the same sizeSegment as everywhere else), written
 * where it changed. Responses keep the size they were answered with (their snapshot), so past waves
 * do not move. Returns the number of clients per move, e.g. { 'micro→small': 12 }.
 */
export async function reclassifyClients(
  tx: Executor,
  thresholds: SizeThresholds,
): Promise<{ reclassified: number; moves: Record<string, number> }> {
  const rows = await tx
    .select({
      id: clients.id,
      revenueRub: clients.revenueRub,
      headcount: clients.headcount,
      sizeSegment: clients.sizeSegment,
    })
    .from(clients);
  const changes: Array<{ id: string; size: SizeSegment }> = [];
  const moves: Record<string, number> = {};
  for (const row of rows) {
    const size = sizeSegment({ revenueRub: Number(row.revenueRub), headcount: row.headcount }, thresholds);
    if (size === null || size === row.sizeSegment) continue;
    changes.push({ id: row.id, size });
    const move = `${row.sizeSegment}→${size}`;
    moves[move] = (moves[move] ?? 0) + 1;
  }
  for (let start = 0; start < changes.length; start += RECLASSIFY_BATCH) {
    const batch = changes.slice(start, start + RECLASSIFY_BATCH);
    await tx.execute(sql`UPDATE clients SET size_segment = v.size, updated_at = now()
      FROM (VALUES ${sql.join(
        batch.map((change) => sql`(${change.id}::uuid, ${change.size})`),
        sql`, `,
      )}) AS v(id, size)
      WHERE clients.id = v.id`);
  }
  return { reclassified: changes.length, moves };
}
