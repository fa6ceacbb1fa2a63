// The fetch the Supabase clients use. It joins each request to its attempt (the marker header a
// builder was tagged with), sends it with the attempt's Authorization and abort signal, refuses
// supabase-js's own retries so the wrapper's attempt bound holds, and refuses requests made
// outside a wrapped call: they would escape the timeout, retry bound, breaker and metrics.
// Requests go through undici's request() on a keep-alive agent of the data layer's own, which
// costs a fraction of the global fetch per request (see bench/db-wrapper.bench.ts); the answer is
// a standard Response, so supabase-js reads it unchanged.
import 'server-only';
import { STATUS_CODES } from 'node:http';
import { Agent, request, type Dispatcher } from 'undici';
import { ATTEMPT_HEADER, attemptFor, isMarker } from './attempt-context';
import type { Attempt } from './attempt';

/** A query started outside any wrapped call: a programming error, never retried. */
export class UnscopedRequestError extends TypeError {
  override name = 'UnscopedRequestError';
}

/** Statuses whose Response may not have a body. */
const NULL_BODY = new Set([101, 103, 204, 205, 304]);

const store = globalThis as typeof globalThis & { __dbDispatcher?: Dispatcher };

/** The process's connection pool for PostgREST (kept across Next's dev reloads). */
function dispatcher(): Dispatcher {
  return (store.__dbDispatcher ??= new Agent({ keepAliveTimeout: 10_000 }));
}

type HeaderSource = Headers | Record<string, string> | readonly (readonly [string, string])[];

interface OutgoingHeaders {
  readonly headers: Record<string, string>;
  readonly marker: string | null;
  readonly supabaseRetry: boolean;
}

/** One pass over the request's headers: a plain record for undici, minus the marker. */
function outgoing(source: HeaderSource | undefined): OutgoingHeaders {
  const headers: Record<string, string> = {};
  let marker: string | null = null;
  let supabaseRetry = false;
  const take = (value: string, name: string) => {
    const key = name.toLowerCase();
    if (key === ATTEMPT_HEADER) marker = value;
    else if (key === 'x-retry-count') supabaseRetry = true;
    else headers[key] = value;
  };
  if (source instanceof Headers) source.forEach(take);
  else if (Array.isArray(source)) for (const [k, v] of source) take(v, k);
  else if (source)
    for (const k of Object.keys(source)) take((source as Record<string, string>)[k]!, k);
  return { headers, marker, supabaseRetry };
}

function responseHeaders(raw: Record<string, string | string[] | undefined>): Headers {
  const out = new Headers();
  for (const key of Object.keys(raw)) {
    const value = raw[key];
    if (value === undefined) continue;
    if (typeof value === 'string') out.append(key, value);
    else for (const v of value) out.append(key, v);
  }
  return out;
}

/** How a request leaves: undici's request() on the data layer's own keep-alive agent. */
export const sendRequest: typeof request = (url, options) =>
  request(url, { ...options, dispatcher: dispatcher() });

/** The fetch of a client whose key is `key`, sending through `send`. */
export function createDbFetch(key: string, send: typeof request = sendRequest): typeof fetch {
  const keyAuthorization = `Bearer ${key}`;
  return async function dbFetch(input, init) {
    const { headers, marker, supabaseRetry } = outgoing(init?.headers as HeaderSource | undefined);
    if (supabaseRetry) {
      // supabase-js retrying by itself (a query with .retry(true)): the wrapper owns retries, so
      // this request is not sent. An AbortError ends supabase-js's loop at once; the attempt then
      // fails as unavailable and the wrapper decides whether to retry.
      throw new DOMException('supabase-js retry refused by the data layer', 'AbortError');
    }
    const attempt = attemptFor<Attempt>(marker);
    if (!attempt) {
      if (isMarker(marker)) throw new DOMException('the database call already ended', 'AbortError');
      throw new UnscopedRequestError(
        'database request outside a wrapped call: run queries inside withServiceClient/withAnonClient, ' +
          'and in a callback that is not async, return the query (or Promise.all of queries) instead of chaining .then()',
      );
    }
    headers.authorization = attempt.authorization || keyAuthorization;
    if (attempt.headers) Object.assign(headers, attempt.headers);
    const method = (init?.method ?? 'GET').toUpperCase() as Dispatcher.HttpMethod;
    const write = method !== 'GET' && method !== 'HEAD' && method !== 'OPTIONS';
    const deliveredBefore = attempt.writeMaybeDelivered;
    const url = input instanceof Request ? input.url : String(input);
    const signal = attempt.beginRequest(write, method, url);
    const seen = attempt.observation;
    seen?.requestSent?.({
      method,
      url,
      schema: headers['accept-profile'] ?? headers['content-profile'],
    });
    let status: number;
    let raw: Dispatcher.ResponseData['headers'];
    let text: string;
    try {
      const res = await send(url, {
        method,
        headers,
        body: (init?.body ?? null) as string | null,
        signal,
      });
      status = res.statusCode;
      raw = res.headers;
      seen?.responseReceived?.(status);
      // The whole body is read inside the attempt, so its deadline covers it.
      text = await res.body.text();
    } catch (err) {
      if (signal.aborted) throw err;
      // A refused connection never carried the request: that write is known not to have landed.
      if ((err as { code?: string }).code === 'ECONNREFUSED')
        attempt.requestNotDelivered(write, deliveredBefore);
      // The shape the global fetch gives network failures, which supabase-js expects.
      throw new TypeError('fetch failed', { cause: err });
    }
    return new Response(NULL_BODY.has(status) || method === 'HEAD' ? null : text, {
      status,
      statusText: STATUS_CODES[status] ?? '',
      headers: responseHeaders(raw),
    });
  };
}
