import { readFileSync } from 'node:fs';
import path from 'node:path';
import { vitePlugin as remix } from '@remix-run/dev';
import { defineConfig, type Manifest, type Plugin } from 'vite';
import remixConfig from './remix.config.js';

declare module '@remix-run/node' {
  interface Future {
    v3_singleFetch: true;
  }
}

/**
 * Browser scripts that are not Remix's: pages that render on the server without the Remix client
 * runtime (their route's `handle.hydrate` is false) and load one of these instead. Name → source.
 */
const standaloneEntries = { questionnaire: 'app/respondent/browser-entry.tsx' };

/**
 * Builds each standalone entry as an extra chunk of Remix's client build, and tells the server its
 * URL as the constant `__STANDALONE_ENTRIES__` ({ name: { module, imports } }, read by
 * app/respondent/scripts.server.ts):
 * - `vite build` (client): emitted as an entry chunk, so it shares React with Remix's chunks and
 *   appears in the client's Vite manifest (build/client/.vite/manifest.json);
 * - `vite build --ssr`, which the Remix plugin runs after the client build and before it deletes
 *   that manifest: the hashed file of each entry and every chunk it imports, from the manifest;
 * - `vite dev`: the source path, which the dev server compiles on request.
 */
function standaloneClientEntries(entries: Record<string, string>): Plugin {
  let emit = false;
  let root = process.cwd();
  return {
    name: 'barometer:standalone-client-entries',
    config(config, env) {
      root = path.resolve(config.root ?? process.cwd());
      const base = config.base ?? '/';
      emit = env.command === 'build' && !env.isSsrBuild;
      if (emit) return;
      const scripts =
        env.command === 'build'
          ? fromClientManifest(
              entries,
              base,
              path.join(root, remixConfig.buildDirectory ?? 'build', 'client'),
            )
          : Object.fromEntries(
              Object.entries(entries).map(([name, file]) => [
                name,
                { module: `${base}${file}`, imports: [] },
              ]),
            );
      return { define: { __STANDALONE_ENTRIES__: JSON.stringify(scripts) } };
    },
    buildStart() {
      if (!emit) return;
      for (const [name, file] of Object.entries(entries)) {
        this.emitFile({ type: 'chunk', id: path.resolve(root, file), name });
      }
    },
  };
}

function fromClientManifest(entries: Record<string, string>, base: string, clientDirectory: string) {
  const manifestPath = path.join(clientDirectory, '.vite', 'manifest.json');
  let manifest: Manifest;
  try {
    manifest = JSON.parse(readFileSync(manifestPath, 'utf8'));
  } catch (error) {
    throw new Error(`The server build needs the client build's ${manifestPath}: ${error}`);
  }
  return Object.fromEntries(
    Object.entries(entries).map(([name, file]) => {
      const chunk = manifest[file];
      if (!chunk) throw new Error(`${file} is not in the client build (${manifestPath})`);
      // Every chunk the entry imports, however deep, so the page can ask for them all at once.
      const imports = new Set<string>();
      const visit = (key: string) => {
        for (const imported of manifest[key]?.imports ?? []) {
          const importedFile = `${base}${manifest[imported].file}`;
          if (imports.has(importedFile)) continue;
          imports.add(importedFile);
          visit(imported);
        }
      };
      visit(file);
      return [name, { module: `${base}${chunk.file}`, imports: [...imports] }];
    }),
  );
}

export default defineConfig({
  plugins: [remix(remixConfig), standaloneClientEntries(standaloneEntries)],
  server: { port: 3000 },
  // PGlite must stay external: bundling it loses its pglite.data asset (see docs/decisions/001).
  ssr: { external: ['@electric-sql/pglite', 'postgres', '@node-rs/argon2'] },
  optimizeDeps: {
    include: ['react', 'react-dom', 'react-dom/client', 'd3', 'i18next', 'react-i18next'],
    exclude: ['@electric-sql/pglite', 'postgres', '@node-rs/argon2', 'drizzle-orm'],
  },
});
