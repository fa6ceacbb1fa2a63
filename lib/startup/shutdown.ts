// Graceful shutdown (SIGTERM from Kubernetes or a deploy, SIGINT from Ctrl-C): stop admitting
// database calls, let the ones in flight finish up to a deadline, publish this instance's last
// figures to the fleet, close Redis, and exit.
import 'server-only';
import { closeRedisClient } from '../cache';
import { drainDataLayer } from '../db';
import { stopFleet } from '../fleet';

export interface ShutdownReport {
  /** Calls still running at the deadline (0: all finished). */
  readonly unfinishedCalls: number;
  /** Whether the last fleet flush reached Redis. */
  readonly published: boolean;
  readonly ms: number;
}

let running: Promise<ShutdownReport> | undefined;

/**
 * Shuts the server's layers down once (later calls get the same promise). Never rejects.
 * @param deadlineMs the longest wait for calls in flight.
 */
export function shutdown(
  deadlineMs = 5_000,
  alsoClose: () => Promise<void> | void = () => {},
): Promise<ShutdownReport> {
  running ??= (async () => {
    const started = performance.now();
    const unfinishedCalls = await drainDataLayer(deadlineMs).catch(() => -1);
    const published = await stopFleet().catch(() => false);
    await closeRedisClient().catch(() => {});
    await Promise.resolve(alsoClose()).catch(() => {});
    return { unfinishedCalls, published, ms: performance.now() - started };
  })();
  return running;
}

/**
 * Runs shutdown() on SIGTERM and SIGINT. With NEXT_MANUAL_SIG_HANDLE set (as `npm start` does),
 * Next leaves the signals to the app and this exits once shutdown is done; without it, Next's own
 * handler exits once its server has closed, and shutdown() runs beside it (its flush is one round
 * trip, so it usually finishes first).
 */
export function installShutdown(
  log: (line: string) => void = console.log,
  alsoClose: () => Promise<void> | void = () => {},
): void {
  const manual = Boolean(process.env.NEXT_MANUAL_SIG_HANDLE);
  for (const [signal, code] of [
    ['SIGTERM', 143],
    ['SIGINT', 130],
  ] as const) {
    process.once(signal, () => {
      void shutdown(5_000, alsoClose).then((r) => {
        log(
          `[shutdown] ${signal}: ${r.unfinishedCalls === 0 ? 'calls drained' : `${r.unfinishedCalls} calls unfinished`}, fleet ${r.published ? 'published' : 'not published'}, ${Math.round(r.ms)} ms`,
        );
        if (manual) process.exit(code);
      });
    });
  }
}
