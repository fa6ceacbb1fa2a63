// DB_CALL_LOG: every wrapped call written as one NDJSON line (kind, label, outcome, attempts,
// duration) to a file, for offline analysis, and for tests that check the histograms' percentiles
// against every duration the data layer measured. Off unless set; writes are buffered, never on
// the request path's critical section.
import 'server-only';
import { createWriteStream, type WriteStream } from 'node:fs';
import type { DbObserver } from './db-observer';

/** An observer appending each finished call to `path`; `close()` flushes the file. */
export function callLog(path: string): DbObserver & { close(): Promise<void> } {
  const out: WriteStream = createWriteStream(path, { flags: 'a' });
  return {
    callStarted(call) {
      return {
        attemptStarted: () => ({ ended: () => {} }),
        rejected: (by) =>
          out.write(`${JSON.stringify({ kind: call.kind, label: call.label, rejected: by })}\n`),
        retryRefused: () => {},
        ended: (outcome, attempts, _error, durationMs) =>
          out.write(
            `${JSON.stringify({ kind: call.kind, label: call.label, outcome, attempts, durationMs })}\n`,
          ),
      };
    },
    close: () => new Promise<void>((resolve) => out.end(resolve)),
  };
}
