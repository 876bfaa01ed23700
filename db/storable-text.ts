// PostgreSQL stores neither the NUL character (in text or jsonb) nor an unpaired UTF-16 surrogate
// (in jsonb; text silently turns it into U+FFFD). Input carrying either is refused where it enters,
// naming where it sits, instead of failing the write later with a server error.

// biome-ignore lint/suspicious/noControlCharactersInRegex: NUL is exactly what is looked for
const unstorable = /\u0000|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

export function isStorableText(text: string): boolean {
  return !unstorable.test(text);
}

/**
 * The path (`contacts.0.fullName`) of the first string or object key in a parsed JSON value that
 * PostgreSQL cannot store, or null when there is none.
 */
export function findUnstorableText(value: unknown, path: string[] = []): string[] | null {
  if (typeof value === 'string') return isStorableText(value) ? null : path;
  if (Array.isArray(value)) {
    for (const [index, item] of value.entries()) {
      const found = findUnstorableText(item, [...path, String(index)]);
      if (found) return found;
    }
    return null;
  }
  if (typeof value === 'object' && value !== null) {
    for (const [key, item] of Object.entries(value)) {
      if (!isStorableText(key)) return [...path, key];
      const found = findUnstorableText(item, [...path, key]);
      if (found) return found;
    }
  }
  return null;
}
