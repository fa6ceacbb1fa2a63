// Work a traced call leaves for after it has answered its caller: setting the attributes its
// requests told, ending its spans, recording its duration. Times are read when things happen;
// only the bookkeeping waits, run in one batch per turn of the event loop (setImmediate), so a
// caller never waits for its own telemetry and the work overlaps the next call's I/O.
import { diag } from '@opentelemetry/api';

let queue: (() => void)[] = [];
let scheduled = false;

function drain(): void {
  const jobs = queue;
  queue = [];
  scheduled = false;
  for (const job of jobs) {
    try {
      job();
    } catch (err) {
      diag.error('lib/telemetry: finishing a span failed', err);
    }
  }
}

/** Runs `job` once the current turn of the event loop is over. */
export function afterReply(job: () => void): void {
  queue.push(job);
  if (!scheduled) {
    scheduled = true;
    setImmediate(drain);
  }
}

/** Resolves once the jobs queued so far have run (for tests and shutdown). */
export function repliesSettled(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}
