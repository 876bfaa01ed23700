import { readdirSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

// npm run bench [name …] — runs the named benchmark modules of bench/ (e.g. `invitations`), or all
// of them. Each module exports `run()`, which prints its own figures. Benchmarks never fail the
// test run; a crash is reported and the next one still runs.

const directory = path.dirname(new URL(import.meta.url).pathname);
const available = readdirSync(directory)
  .filter((file) => file.endsWith('.ts') && file !== 'run.ts' && !file.endsWith('.test.ts'))
  .map((file) => file.replace(/\.ts$/, ''))
  .sort();

const requested = process.argv.slice(2).map((name) => name.replace(/^bench\//, '').replace(/\.ts$/, ''));
const unknown = requested.filter((name) => !available.includes(name));
if (unknown.length > 0) {
  console.error(`Unknown benchmark ${unknown.join(', ')}; available: ${available.join(', ')}`);
  process.exit(2);
}

let failed = false;
for (const name of requested.length > 0 ? requested : available) {
  console.log(`\n▶ ${name}`);
  try {
    const module = (await import(pathToFileURL(path.join(directory, `${name}.ts`)).href)) as {
      run?: () => Promise<void>;
      default?: () => Promise<void>;
    };
    const run = module.run ?? module.default;
    if (!run) throw new Error(`bench/${name}.ts exports no run()`);
    await run();
  } catch (error) {
    failed = true;
    console.error(`✖ ${name}:`, error);
  }
}
process.exit(failed ? 1 : 0);
