import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { gzipSync } from 'node:zlib';
import { connectPglite } from '#db/client.ts';
import { createRespondentFixture } from '#tests/factories/responses.ts';

// The JavaScript a respondent's browser downloads for the open questionnaire /s/<token> (issue 3:
// ≤ 450 KB gzip), and a check that no staff page loads SurveyJS with it. What counts is what the
// served HTML asks for — <script src>, <link rel="modulepreload">, imports in inline module
// scripts — and everything those files import, statically (eager) or through import() (lazy,
// loaded later by the page), read from the production build in build/client.
//
// `npm run bench respondent-js` builds (skip with RESPONDENT_JS_BUILD=0; run it under
// .cache/locks/build.lock, which guards build/), serves the build on a throwaway PGlite database
// with one open invitation on RESPONDENT_JS_PORT (3412), and measures. The ingest benchmark prints
// the same figures for its own server.

export const TARGET_JS_KB = 450;

const clientDir = path.resolve('build/client');
const assetPath = (url: string) => path.join(clientDir, decodeURIComponent(url).replace(/^\//, ''));

const attribute = (tag: string, name: string) => tag.match(new RegExp(`\\b${name}="([^"]*)"`))?.[1];

/** The scripts a page's HTML loads by itself: script elements, module preloads, inline imports. */
function scriptsOfHtml(html: string): Set<string> {
  const urls = new Set<string>();
  for (const [tag] of html.matchAll(/<script\b[^>]*>/g)) {
    const src = attribute(tag, 'src');
    if (src) urls.add(src);
  }
  for (const [tag] of html.matchAll(/<link\b[^>]*>/g)) {
    const href = attribute(tag, 'href');
    if (href && /\brel="modulepreload"/.test(tag)) urls.add(href);
  }
  for (const [, code] of html.matchAll(/<script\b[^>]*type="module"[^>]*>([\s\S]*?)<\/script>/g)) {
    for (const specifier of staticImportsOf(code)) urls.add(specifier);
    for (const specifier of dynamicImportsOf(code)) urls.add(specifier);
  }
  return new Set([...urls].map((url) => new URL(url, 'http://page/').pathname));
}

const staticImport =
  /(?:\bimport|\bexport\b[^"';]*?\bfrom)\s*(?:[\w*{}\s,$]*?\bfrom\s*)?["']([^"']+\.js)["']/g;
const dynamicImport = /\bimport\(\s*["']([^"']+\.js)["']\s*\)/g;
// Vite's preload list for import() (`__vite__mapDeps`): paths from the base, loaded with the import.
const preloadList = /\bm\.f=\[([^\]]*)\]/g;

const staticImportsOf = (code: string) => [...code.matchAll(staticImport)].map((match) => match[1]);
function dynamicImportsOf(code: string): string[] {
  const lists = [...code.matchAll(preloadList)].flatMap((match) =>
    [...match[1].matchAll(/["']([^"']+)["']/g)].map((item) => `/${item[1]}`),
  );
  return [...[...code.matchAll(dynamicImport)].map((match) => match[1]), ...lists];
}

const resolveFrom = (from: string, specifier: string) => new URL(specifier, `http://page${from}`).pathname;

/** The files reachable from `roots` by static imports, and those loaded later through import(). */
function closure(roots: Iterable<string>): { eager: Set<string>; lazy: Set<string> } {
  const eager = new Set<string>();
  const lazy = new Set<string>();
  const walk = (url: string, into: Set<string>, dynamic: string[]) => {
    if (eager.has(url) || into.has(url)) return;
    into.add(url);
    const code = readFileSync(assetPath(url), 'utf8');
    for (const specifier of staticImportsOf(code)) walk(resolveFrom(url, specifier), into, dynamic);
    for (const specifier of dynamicImportsOf(code)) dynamic.push(resolveFrom(url, specifier));
  };
  const pending: string[] = [];
  for (const root of roots) walk(root, eager, pending);
  while (pending.length > 0) walk(pending.pop() as string, lazy, pending);
  for (const url of eager) lazy.delete(url);
  return { eager, lazy };
}

// A string that occurs in survey-core's code and nowhere else in the bundle.
const SURVEYJS_MARKER = 'surveyjs.io';
const loadsSurveyJs = (files: Iterable<string>) =>
  [...files].some((url) => readFileSync(assetPath(url), 'utf8').includes(SURVEYJS_MARKER));
const gzipKb = (files: Iterable<string>) =>
  [...files].reduce((total, url) => total + gzipSync(readFileSync(assetPath(url))).length, 0) / 1024;

interface RemixManifest {
  entry: { module: string; imports?: string[] };
  routes: Record<string, { id: string; parentId?: string; module: string; imports?: string[] }>;
}

function readRemixManifest(): RemixManifest {
  const assets = path.join(clientDir, 'assets');
  const file = readdirSync(assets).find((name) => /^manifest-[\w-]+\.js$/.test(name));
  if (!file) throw new Error('build/client/assets has no Remix manifest: run `npm run build` first');
  const text = readFileSync(path.join(assets, file), 'utf8');
  return JSON.parse(text.slice(text.indexOf('{'), text.lastIndexOf('}') + 1));
}

/** What a hydrated (staff) page loads up front: the entry, and each matched route's module and imports. */
function hydratedPageScripts(manifest: RemixManifest, routeId: string): Set<string> {
  const files = new Set([manifest.entry.module, ...(manifest.entry.imports ?? [])]);
  for (let id: string | undefined = routeId; id; id = manifest.routes[id]?.parentId) {
    const route = manifest.routes[id];
    if (!route) break;
    files.add(route.module);
    for (const imported of route.imports ?? []) files.add(imported);
  }
  return files;
}

export interface RespondentJavaScript {
  /** Loaded with the page. */
  eagerKb: number;
  /** Loaded by the page later, through import(). */
  lazyKb: number;
  files: number;
  surveyJsEager: boolean;
  surveyJsLazy: boolean;
  /** The Remix client runtime's entry is among the files (it should not be: the page is not hydrated by Remix). */
  remixRuntime: boolean;
  staffRoutes: number;
  /** Staff routes whose page loads SurveyJS up front (must be none). */
  staffLoading: string[];
  /** Staff routes that can load SurveyJS on demand (the survey preview). */
  staffLazy: string[];
}

/** Measures the questionnaire page served at `origin` for an open invitation's token. */
export async function measureRespondentJavaScript(
  origin: string,
  token: string,
): Promise<RespondentJavaScript> {
  const response = await fetch(`${origin}/s/${token}`);
  if (!response.ok) throw new Error(`/s/<token> answered ${response.status}`);
  const html = await response.text();
  if (!html.includes('id="questionnaire"')) throw new Error('/s/<token> did not show an open questionnaire');
  const { eager, lazy } = closure(scriptsOfHtml(html));

  const manifest = readRemixManifest();
  const staffRoutes = Object.keys(manifest.routes).filter((id) => /^routes\/(_staff|login)/.test(id));
  const staffLoading = staffRoutes.filter((id) => loadsSurveyJs(hydratedPageScripts(manifest, id)));
  const staffLazy = staffRoutes.filter((id) =>
    loadsSurveyJs(closure(hydratedPageScripts(manifest, id)).lazy),
  );
  return {
    eagerKb: gzipKb(eager),
    lazyKb: gzipKb(lazy),
    files: eager.size + lazy.size,
    surveyJsEager: loadsSurveyJs(eager),
    surveyJsLazy: loadsSurveyJs(lazy),
    remixRuntime: eager.has(manifest.entry.module) || lazy.has(manifest.entry.module),
    staffRoutes: staffRoutes.length,
    staffLoading,
    staffLazy,
  };
}

const format = (value: number) => value.toFixed(1);

export function printRespondentJavaScript(weight: RespondentJavaScript): void {
  const total = weight.eagerKb + weight.lazyKb;
  const surveyJs = weight.surveyJsEager || weight.surveyJsLazy ? '' : ' (SurveyJS not found!)';
  console.log(
    `respondent JS   ${format(total)} KB gzip in ${weight.files} files: with the page ${format(weight.eagerKb)} KB + loaded later ${format(weight.lazyKb)} KB${surveyJs}${weight.remixRuntime ? ', includes the Remix runtime' : ''} (target ≤ ${TARGET_JS_KB}) ${total <= TARGET_JS_KB ? 'OK' : 'MISSED'}`,
  );
  console.log(
    `staff pages     ${weight.staffLoading.length === 0 ? `none of ${weight.staffRoutes} loads SurveyJS with the page` : `LOAD SurveyJS: ${weight.staffLoading.join(', ')} — FAIL`}${weight.staffLazy.length > 0 ? `; loaded on demand by ${weight.staffLazy.join(', ')}` : ''}`,
  );
}

/** The environment minus DATABASE_URL: the server is to use the embedded database in `PGLITE_DIR`. */
function withoutServerDatabase(environment: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  const { DATABASE_URL: _ignored, ...rest } = environment;
  return rest;
}

async function serve(port: number, dataDir: string): Promise<ChildProcess> {
  const server = spawn(
    process.execPath,
    ['node_modules/@remix-run/serve/dist/cli.js', 'build/server/index.js'],
    {
      env: {
        ...withoutServerDatabase(process.env),
        PGLITE_DIR: dataDir,
        MAIL_SENDER: 'off',
        PORT: String(port),
        NODE_ENV: 'production',
      },
      stdio: ['ignore', 'ignore', 'inherit'],
    },
  );
  for (let attempt = 0; attempt < 150; attempt++) {
    if (server.exitCode !== null) throw new Error(`the server exited with code ${server.exitCode}`);
    try {
      if ((await fetch(`http://127.0.0.1:${port}/login`)).ok) return server;
    } catch {
      // Not listening yet.
    }
    await sleep(200);
  }
  server.kill('SIGTERM');
  throw new Error('the server did not start within 30 s');
}

export async function run(): Promise<void> {
  console.log('\n== Respondent page JavaScript (production build) ==');
  if (process.env.RESPONDENT_JS_BUILD !== '0') {
    const build = spawnSync('npm', ['run', 'build'], {
      stdio: ['ignore', 'ignore', 'pipe'],
      encoding: 'utf8',
    });
    if (build.status !== 0) throw new Error(`npm run build failed:\n${build.stderr}`);
  } else if (!existsSync('build/server/index.js')) {
    throw new Error('No production build: run `npm run build` first, or leave RESPONDENT_JS_BUILD unset.');
  }
  const port = Number(process.env.RESPONDENT_JS_PORT ?? 3412);
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'barometer-respondent-js-'));
  let server: ChildProcess | undefined;
  try {
    const connection = connectPglite(dataDir);
    await connection.migrate();
    const { token } = await createRespondentFixture(connection.db);
    await connection.close();
    server = await serve(port, dataDir);
    printRespondentJavaScript(await measureRespondentJavaScript(`http://127.0.0.1:${port}`, token));
  } finally {
    if (server && server.exitCode === null) {
      const exited = new Promise((resolve) => server?.once('exit', resolve));
      server.kill('SIGTERM');
      await Promise.race([exited, sleep(5_000)]);
    }
    rmSync(dataDir, { recursive: true, force: true });
  }
}

// Run directly: `npx tsx bench/respondent-js.ts`.
if (process.argv[1] && path.resolve(process.argv[1]) === path.resolve('bench/respondent-js.ts')) {
  await run();
}
