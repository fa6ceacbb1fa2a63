// What a wrapped call accepts and resolves to: its options (checked once, at the entry points),
// and the unwrapping of a supabase-js response into its data.

export interface DbCallOptions {
  /** A short label such as 'GET /api/notes': shown in slow-call logs and metrics, never parameters. */
  readonly context?: string;
  /** Per-attempt timeout; defaults to DB_TIMEOUT_MS. */
  readonly timeoutMs?: number;
  /** Writes are retried only when true (e.g. an upsert on a unique key). */
  readonly idempotent?: boolean;
  /** The caller's signal: aborting it cancels the request and any retry. */
  readonly signal?: AbortSignal;
  /** Fewer attempts than configured (e.g. 1 for a health probe); never more. */
  readonly maxAttempts?: number;
}

/** The label of a call that gave no `context`, in messages. */
export const DEFAULT_LABEL = 'database call';

/** The operation of a call with no `context` that sent no request (refused, or it failed first). */
export const UNLABELLED = 'unlabelled';

/**
 * Refuses options that cannot be meant.
 * @throws RangeError naming the bad value.
 */
export function checkCallOptions(opts: DbCallOptions): void {
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

/** What a supabase-js response resolves to: its `data` when there is no error. */
export type Unwrapped<R> = R extends { error: null; data: infer D }
  ? D
  : R extends { error: unknown; data: unknown }
    ? never
    : R;

/** The parts of a supabase-js response the executor reads. */
export interface ResponseLike {
  error: { code?: string | null; message?: string | null } | null;
  data: unknown;
  status?: number;
}

export function isResponse(value: unknown): value is ResponseLike {
  return typeof value === 'object' && value !== null && 'error' in value && 'data' in value;
}

export function isThenable(value: unknown): value is PromiseLike<unknown> {
  return (
    value !== null &&
    (typeof value === 'object' || typeof value === 'function') &&
    typeof (value as { then?: unknown }).then === 'function'
  );
}
