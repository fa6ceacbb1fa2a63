// The data layer's public entry points: every database call of the app goes through these.
import 'server-only';
import type { DbClient } from './clients';
import { DeadlineTimer } from '../resilience';
import { createKindClient } from './clients';
import { dbConfig } from './db-config';
import { DbExecutor, type ClientKind, type DbCallOptions, type Unwrapped } from './db-executor';

export interface AnonCallOptions extends DbCallOptions {
  /** A signed-in user's JWT: the call runs as that user and RLS applies. */
  readonly accessToken?: string;
}

const store = globalThis as typeof globalThis & {
  __dbExecutors?: Partial<Record<ClientKind, DbExecutor>>;
  __dbDeadlineTimer?: DeadlineTimer;
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
    executors[kind] = ex;
  }
  return ex;
}

function checkOptions(opts: DbCallOptions): void {
  if (
    opts.maxAttempts !== undefined &&
    !(Number.isInteger(opts.maxAttempts) && opts.maxAttempts >= 1)
  ) {
    throw new RangeError(`maxAttempts must be a whole number ≥ 1, got ${opts.maxAttempts}`);
  }
  if (opts.timeoutMs !== undefined && !(Number.isFinite(opts.timeoutMs) && opts.timeoutMs > 0)) {
    throw new RangeError(
      `timeoutMs must be a positive number of milliseconds, got ${opts.timeoutMs}`,
    );
  }
}

/**
 * Runs `fn` with the service-role client (bypasses RLS; server only).
 * Resolves with the response's `data` when `fn` returns a supabase-js response, else with what
 * `fn` returned.
 * @throws CircuitOpenError, PoolExhaustedError, or a DbError subclass (see DbExecutor.run).
 * @throws RangeError for invalid options.
 */
export function withServiceClient<R>(
  fn: (client: DbClient) => R,
  opts: DbCallOptions = {},
): Promise<Unwrapped<Awaited<R>>> {
  checkOptions(opts);
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
  checkOptions(opts);
  if (opts.accessToken !== undefined && opts.accessToken.split('.').length !== 3) {
    throw new RangeError('accessToken must be a JWT');
  }
  return executor('anon').run(fn, opts, opts.accessToken);
}
