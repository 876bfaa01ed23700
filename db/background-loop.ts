import { beforeDatabaseClose } from './client.ts';

/**
 * The loop every background worker runs (mail sender, webhook dispatcher, rollup folder,
 * follow-up escalation): one round, then at once another when the round had more to do (a full
 * batch), otherwise a pause; a round that throws is logged and the pause doubles with every
 * failure in a row, up to `maxBackoff` times the interval. While running, the loop is stopped by
 * db/client.ts's shutdown before the database closes, so a round in flight commits first. Lives in
 * db/ because analytics/ runs one and must not import app/.
 */

export interface BackgroundLoopOptions {
  /**
   * One round of work; resolves true when it did a full batch, so the next round starts at once.
   * `signal` aborts when the loop is stopped: a long round may hand back what it has not begun.
   */
  round(signal: AbortSignal): Promise<boolean>;
  pollIntervalMs: number;
  /** The longest pause after failures, as a multiple of pollIntervalMs; 1 retries at the interval. */
  maxBackoff: number;
  /** Logged with the error of a failed round, e.g. 'Mail sender: batch failed'. */
  failureMessage: string;
}

export interface BackgroundLoop {
  /** Lets the round in flight finish, then stops; the same promise on every call. */
  stop(): Promise<void>;
}

/** Waits `ms`, or less when `signal` aborts first. */
function pause(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(done, ms);
    signal.addEventListener('abort', done, { once: true });
    function done() {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    }
  });
}

export function startBackgroundLoop(options: BackgroundLoopOptions): BackgroundLoop {
  const controller = new AbortController();
  const running = (async () => {
    let failuresInARow = 0;
    while (!controller.signal.aborted) {
      let more = false;
      try {
        more = await options.round(controller.signal);
        failuresInARow = 0;
      } catch (error) {
        // The database is away or the round broke; its work is left for a later round.
        failuresInARow += 1;
        console.error(options.failureMessage, error);
      }
      if (!more)
        await pause(
          options.pollIntervalMs * Math.min(2 ** failuresInARow, options.maxBackoff),
          controller.signal,
        );
    }
  })();
  let stopping: Promise<void> | undefined;
  const stop = () => {
    stopping ??= (async () => {
      controller.abort();
      await running;
      forgetOnClose();
    })();
    return stopping;
  };
  const forgetOnClose = beforeDatabaseClose(stop);
  return { stop };
}
