// The data layer's public entry points: every database call of the app goes through these.
import 'server-only';
import type { DbClient } from './clients';
import { DeadlineTimer } from '../resilience';
import { createKindClient } from './clients';
import { dbConfig } from './db-config';
import { checkCallOptions, type DbCallOptions, type Unwrapped } from './call-options';
import type { ClientKind } from './client-kind';
import { DbExecutor } from './db-executor';
import { fanOut, type DbObserver } from './db-observer';
import { checkReadOptions, type ReadOptions } from './read-options';
import { existingReadRouter } from './replica-registry';
import { routedRead } from './routed-read';

/** A service-role call's options: the executor's, and where it may read from. */
export interface ServiceCallOptions extends DbCallOptions, ReadOptions {}

export interface AnonCallOptions extends DbCallOptions, ReadOptions {
  /** A signed-in user's JWT: the call runs as that user and RLS applies. */
  readonly accessToken?: string;
}

const store = globalThis as typeof globalThis & {
  __dbExecutors?: Partial<Record<ClientKind, DbExecutor>>;
  __dbDeadlineTimer?: DeadlineTimer;
  __dbObserver?: DbObserver;
  __dbObservers?: DbObserver[];
};

/** The process's executor for `kind`, created on first use. */
export function executor(kind: ClientKind): DbExecutor {
  const executors = (store.__dbExecutors ??= {});
  let ex = executors[kind];
  if (!ex) {
    store.__dbDeadlineTimer ??= new DeadlineTimer({ resolutionMs: 5 });
    ex = new DbExecutor(kind, dbConfig(), {
      client: createKindClient(kind),
      timer: store.__dbDeadlineTimer,
    });
    ex.observer = store.__dbObserver;
    executors[kind] = ex;
  }
  return ex;
}

/**
 * Stops admitting calls on every client kind and waits for those in flight, up to `deadlineMs`
 * (graceful shutdown). Resolves with the calls still running at the deadline.
 */
export async function drainDataLayer(deadlineMs: number): Promise<number> {
  const running = await Promise.all(allExecutors().map((ex) => ex.close(deadlineMs)));
  return running.reduce((a, b) => a + b, 0);
}

/** Forgets every figure of the data layer (counters, histograms, history, slow calls). */
export function resetDbMetrics(): void {
  for (const ex of allExecutors()) ex.metrics.reset();
}

/** The primary's executors made so far, and the replicas'. */
function allExecutors(): DbExecutor[] {
  const replicas = existingReadRouter()?.replicas.map((r) => r.executor) ?? [];
  return [...Object.values(store.__dbExecutors ?? {}), ...replicas];
}

function applyObservers(): void {
  const list = store.__dbObservers ?? [];
  store.__dbObserver = list.length <= 1 ? list[0] : fanOut(list);
  for (const ex of allExecutors()) ex.observer = store.__dbObserver;
}

/**
 * Adds an observer of every wrapped call of the process (tracing, the call log); returns the
 * function that removes it. With none, the data layer pays one property check per call.
 */
export function addDbObserver(observer: DbObserver): () => void {
  store.__dbObservers = [...(store.__dbObservers ?? []), observer];
  applyObservers();
  return () => {
    store.__dbObservers = (store.__dbObservers ?? []).filter((o) => o !== observer);
    applyObservers();
  };
}

/**
 * Runs `fn` with the service-role client (bypasses RLS; server only). With `read: 'replica-ok'`
 * it may run on a read replica (see ReadOptions and README "Read replicas").
 * Resolves with the response's `data` when `fn` returns a supabase-js response, else with what
 * `fn` returned.
 * @throws CircuitOpenError, PoolExhaustedError, or a DbError subclass (see DbExecutor.run).
 * @throws RangeError for invalid options.
 */
export function withServiceClient<R>(
  fn: (client: DbClient) => R,
  opts: ServiceCallOptions = {},
): Promise<Unwrapped<Awaited<R>>> {
  checkCallOptions(opts);
  checkReadOptions(opts);
  if (opts.read === 'replica-ok')
    return routedRead('service', executor('service'), fn, opts, undefined);
  opts.pin?.wrote();
  return executor('service').run(fn, opts);
}

/**
 * Runs `fn` with the anon client; with `opts.accessToken` it runs as that user (RLS applies).
 * @throws CircuitOpenError, PoolExhaustedError, or a DbError subclass (see DbExecutor.run).
 * @throws RangeError for invalid options.
 */
export function withAnonClient<R>(
  fn: (client: DbClient) => R,
  opts: AnonCallOptions = {},
): Promise<Unwrapped<Awaited<R>>> {
  checkCallOptions(opts);
  if (opts.accessToken !== undefined && opts.accessToken.split('.').length !== 3) {
    throw new RangeError('accessToken must be a JWT');
  }
  checkReadOptions(opts);
  if (opts.read === 'replica-ok')
    return routedRead('anon', executor('anon'), fn, opts, opts.accessToken);
  opts.pin?.wrote();
  return executor('anon').run(fn, opts, opts.accessToken);
}
