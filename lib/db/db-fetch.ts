// The fetch the Supabase clients use: joins each request to its attempt (abort on timeout, the
// user's access token), counts requests, and refuses supabase-js's own retries so the wrapper's
// attempt bound holds. Requests made outside a wrapped call are refused: they would escape the
// timeout, retry bound, breaker and metrics.
import 'server-only';
import { ATTEMPT_HEADER, attemptFromMarker, isMarker } from './attempt-context';

/** A query started outside any wrapped call: a programming error, never retried. */
export class UnscopedRequestError extends TypeError {
  override name = 'UnscopedRequestError';
}

const READ_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

function refusedConnection(err: unknown): boolean {
  const cause = (err as { cause?: { code?: string } } | null)?.cause;
  return cause?.code === 'ECONNREFUSED';
}

/** Wraps `base` (the global fetch by default) for a client whose key is `key`. */
export function createDbFetch(key: string, base: typeof fetch = fetch): typeof fetch {
  return async function dbFetch(input, init) {
    const headers = new Headers(init?.headers);
    if (headers.has('x-retry-count')) {
      // supabase-js retrying by itself (a query with .retry(true)): the wrapper owns retries, so
      // this request is not sent. An AbortError ends supabase-js's loop at once; the attempt then
      // fails as unavailable and the wrapper decides whether to retry.
      throw new DOMException('supabase-js retry refused by the data layer', 'AbortError');
    }
    const tag = headers.get(ATTEMPT_HEADER);
    headers.delete(ATTEMPT_HEADER);
    const authorization = headers.get('authorization');
    const ctx = attemptFromMarker(tag) ?? attemptFromMarker(authorization);
    if (!ctx) {
      if (isMarker(tag) || isMarker(authorization))
        throw new DOMException('the database call already ended', 'AbortError');
      throw new UnscopedRequestError(
        'database request outside a wrapped call: run queries inside withServiceClient/withAnonClient, ' +
          'and in a callback that is not async, return the query (or Promise.all of queries) instead of chaining .then()',
      );
    }
    headers.set('authorization', `Bearer ${ctx.accessToken ?? key}`);
    ctx.controller ??= new AbortController();
    const signal = init?.signal
      ? AbortSignal.any([init.signal, ctx.controller.signal])
      : ctx.controller.signal;
    const method = (init?.method ?? 'GET').toUpperCase();
    const write = !READ_METHODS.has(method);
    ctx.requests += 1;
    const deliveredBefore = ctx.writeMaybeDelivered;
    if (write) {
      ctx.wrote = true;
      ctx.writeMaybeDelivered = true;
    }
    try {
      return await base(input, { ...init, headers, signal });
    } catch (err) {
      // A refused connection never carried the request: that write is known not to have landed.
      if (write && refusedConnection(err)) ctx.writeMaybeDelivered = deliveredBefore;
      throw err;
    }
  };
}
