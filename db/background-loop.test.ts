import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { type BackgroundLoop, type BackgroundLoopOptions, startBackgroundLoop } from './background-loop.ts';

/** A promise and its resolve, to hold a round in flight. */
function deferred<T>() {
  let resolve!: (value: T) => void;
  const promise = new Promise<T>((done) => {
    resolve = done;
  });
  return { promise, resolve };
}

describe('the background loop', () => {
  let loop: BackgroundLoop | undefined;
  let started: number;
  /** When each round began, in ms after the loop started (the clock is fake). */
  let roundsAt: number[];
  /** tests/setup/per-file.ts makes console.error fail the test; the failure tests silence it. */
  let failOnConsoleError: ((...args: unknown[]) => void) | undefined;

  beforeEach(() => {
    failOnConsoleError = vi.mocked(console.error).getMockImplementation();
    vi.useFakeTimers();
    started = Date.now();
    roundsAt = [];
  });

  afterEach(async () => {
    await loop?.stop();
    loop = undefined;
    vi.useRealTimers();
    if (failOnConsoleError) vi.mocked(console.error).mockImplementation(failOnConsoleError);
  });

  function start(
    round: (index: number, signal: AbortSignal) => Promise<boolean>,
    options: Partial<BackgroundLoopOptions> = {},
  ) {
    loop = startBackgroundLoop({
      round(signal) {
        roundsAt.push(Date.now() - started);
        return round(roundsAt.length, signal);
      },
      pollIntervalMs: 100,
      maxBackoff: 4,
      failureMessage: 'Test loop: round failed',
      ...options,
    });
    return loop;
  }

  it('stops at once in the middle of a pause, with no timer left behind', async () => {
    const running = start(async () => false, { pollIntervalMs: 60_000 });
    await vi.advanceTimersByTimeAsync(1_000);
    expect(roundsAt).toEqual([0]);

    // The clock does not move: a stop that waited for the pause to run out would never resolve.
    await running.stop();
    expect(vi.getTimerCount()).toBe(0);
    await vi.advanceTimersByTimeAsync(120_000);
    expect(roundsAt).toEqual([0]);
  });

  it('lets the round in flight finish when stopped, and starts no other', async () => {
    const inFlight = deferred<boolean>();
    let roundSignal: AbortSignal | undefined;
    const running = start((_, signal) => {
      roundSignal = signal;
      return inFlight.promise;
    });
    await vi.advanceTimersByTimeAsync(0);

    let stopped = false;
    const stopping = running.stop().then(() => {
      stopped = true;
    });
    await vi.advanceTimersByTimeAsync(1_000);
    expect(roundSignal?.aborted).toBe(true);
    expect(stopped).toBe(false);

    // Even a full batch is not followed by another once the loop is stopping.
    inFlight.resolve(true);
    await stopping;
    expect(stopped).toBe(true);
    expect(roundsAt).toEqual([0]);
    expect(running.stop()).toBe(running.stop());
  });

  it('runs again at once after a full batch and pauses after a partial one', async () => {
    const fourth = deferred<void>();
    start(async (index) => {
      if (index === 4) fourth.resolve();
      return index < 4;
    });
    await fourth.promise;
    expect(roundsAt).toEqual([0, 0, 0, 0]);

    await vi.advanceTimersByTimeAsync(99);
    expect(roundsAt).toHaveLength(4);
    await vi.advanceTimersByTimeAsync(1);
    expect(roundsAt).toEqual([0, 0, 0, 0, 100]);
  });

  it('doubles the pause with every failure in a row up to maxBackoff, and logs each failure', async () => {
    const logged = vi
      .mocked(console.error)
      .mockClear()
      .mockImplementation(() => {});
    const broken = new Error('database away');
    start(async (index) => {
      if (index <= 4) throw broken;
      return false;
    });

    await vi.advanceTimersByTimeAsync(1_600);
    // Pauses of 200, 400, then 400 (4 × 100 at most) after failures; 100 again once a round succeeds.
    expect(roundsAt).toEqual([0, 200, 600, 1_000, 1_400, 1_500, 1_600]);
    expect(logged.mock.calls).toEqual(Array.from({ length: 4 }, () => ['Test loop: round failed', broken]));
  });

  it('retries at the plain interval when maxBackoff is 1', async () => {
    vi.mocked(console.error).mockImplementation(() => {});
    start(
      async () => {
        throw new Error('database away');
      },
      { maxBackoff: 1 },
    );
    await vi.advanceTimersByTimeAsync(300);
    expect(roundsAt).toEqual([0, 100, 200, 300]);
  });
});
