import type { z } from 'zod';
import { findUnstorableText } from '#db/storable-text.ts';

export type FieldErrors = Record<string, string>;

export type Parsed<T> = { ok: true; data: T } | { ok: false; fieldErrors: FieldErrors };

/**
 * Validates submitted fields. Messages are translation keys of the `errors` namespace (or plain text
 * where none fits), keyed by field name so the form shows each beside its input.
 */
export function parseFields<Schema extends z.ZodType>(
  schema: Schema,
  input: unknown,
): Parsed<z.infer<Schema>> {
  // Before the schema: a NUL would pass any string rule and then fail the write with a server error.
  const unstorable = findUnstorableText(input);
  if (unstorable)
    return { ok: false, fieldErrors: { [unstorable.join('.') || 'form']: 'errors.unstorableText' } };
  const result = schema.safeParse(input);
  if (result.success) return { ok: true, data: result.data };
  const fieldErrors: FieldErrors = {};
  for (const issue of result.error.issues) {
    const field = issue.path.join('.') || 'form';
    fieldErrors[field] ??= issue.message;
  }
  return { ok: false, fieldErrors };
}

export function formFields(formData: FormData): Record<string, string> {
  const fields: Record<string, string> = {};
  for (const [key, value] of formData) if (typeof value === 'string') fields[key] = value;
  return fields;
}
