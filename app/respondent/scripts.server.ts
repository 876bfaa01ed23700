// The URLs of a standalone browser script (see standaloneClientEntries in vite.config.ts, which
// defines this constant at build time and in the dev server). Under vitest, which builds without
// that plugin, the source path stands in: nothing loads it there.
declare const __STANDALONE_ENTRIES__: Record<string, StandaloneScript> | undefined;

export interface StandaloneScript {
  /** The entry module, for <script type="module">. */
  module: string;
  /** The chunks it imports, for <link rel="modulepreload">, so they download in parallel. */
  imports: string[];
}

export function questionnaireScript(): StandaloneScript {
  const entries = typeof __STANDALONE_ENTRIES__ === 'undefined' ? undefined : __STANDALONE_ENTRIES__;
  return entries?.questionnaire ?? { module: '/app/respondent/browser-entry.tsx', imports: [] };
}
