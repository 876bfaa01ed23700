import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';

const repositoryRoot = fileURLToPath(new URL('../../', import.meta.url));

describe('the shutdown on SIGTERM (db/client.ts)', () => {
  const cleanups: (() => void)[] = [];
  afterEach(() => {
    for (const cleanup of cleanups.splice(0)) cleanup();
  });

  // The timeout: starting a process that loads tsx and opens PGlite takes seconds on a busy machine.
  it('lets the background round in flight commit, then closes the database and exits 0', async () => {
    // PGlite in a folder of its own; with DATABASE_URL set (the PostgreSQL run) the worker uses that.
    const pgliteDir = mkdtempSync(path.join(tmpdir(), 'barometer-shutdown-'));
    cleanups.push(() => rmSync(pgliteDir, { recursive: true, force: true }));
    const worker = spawn(
      process.execPath,
      ['--import', 'tsx', 'tests/integration/fixtures/shutdown-worker.ts'],
      {
        cwd: repositoryRoot,
        env: { ...process.env, PGLITE_DIR: path.join(pgliteDir, 'data') },
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    const exit = once(worker, 'exit');
    let stdout = '';
    let stderr = '';
    worker.stderr?.on('data', (chunk) => {
      stderr += String(chunk);
    });
    await new Promise<void>((resolve, reject) => {
      worker.stdout?.on('data', (chunk) => {
        stdout += String(chunk);
        if (stdout.includes('round started')) resolve();
      });
      worker.once('exit', () => reject(new Error(`the worker exited before its round: ${stdout}${stderr}`)));
    });
    worker.kill('SIGTERM');

    const [code, signal] = (await exit) as [number | null, NodeJS.Signals | null];
    expect({ code, signal, stderr }).toEqual({ code: 0, signal: null, stderr: '' });
    // The round asked for another at once (a full batch), yet the stop came first.
    expect(stdout).toBe('round started\nround committed\n');
  }, 120_000);
});
