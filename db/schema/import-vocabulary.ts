// Closed vocabularies of client-base imports, free of drizzle so the import pages can use them in
// the browser bundle too; db/schema/imports.ts builds its CHECK constraints from them.

// What a client-base file holds: one kind of record per file (clients, their contacts, client
// groups, or which products a client uses).
export const importKinds = ['clients', 'contacts', 'groups', 'products'] as const;
export type ImportKind = (typeof importKinds)[number];

export const importFormats = ['csv', 'xlsx'] as const;

// uploaded → (checked with a mapping) → importing → done | refused (all or nothing with errors) | failed.
export const importStatuses = ['uploaded', 'importing', 'done', 'refused', 'failed'] as const;
export type ImportStatus = (typeof importStatuses)[number];

// all_or_nothing: any error refuses the whole file; valid_rows: the valid rows are written and the
// rejected ones are handed back as a file to fix.
export const importModes = ['all_or_nothing', 'valid_rows'] as const;
export type ImportMode = (typeof importModes)[number];
