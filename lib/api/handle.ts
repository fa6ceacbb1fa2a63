// Wraps a route handler so every failure leaves as one safe JSON error with the right status,
// and answers the methods a route does not serve with a JSON 405 naming the ones it does.
import 'server-only';
import { after } from 'next/server';
import { MethodNotAllowedError, isAppError, toResponse } from '../errors';
import { flushFleetIfDue } from '../fleet';

type Handler<A extends unknown[]> = (request: Request, ...rest: A) => Promise<Response> | Response;

/**
 * After the response: publish this instance's figures if a flush is due. A serverless process may
 * freeze between requests, so its timer cannot be relied on; Next's after() runs while the
 * process is still alive. Outside a request (a test calling a handler) there is no after().
 */
function flushAfterResponse(): void {
  try {
    after(() => flushFleetIfDue());
  } catch {
    // Not in a request scope.
  }
}

/** Runs `handler`; errors become `toResponse(err)`, and 5xx failures are logged by code only. */
export function handle<A extends unknown[]>(route: string, handler: Handler<A>): Handler<A> {
  return async (request, ...rest) => {
    flushAfterResponse();
    try {
      let response = await handler(request, ...rest);
      // Some responses (Response.redirect) have immutable headers: copy them then.
      try {
        response.headers.set('cache-control', 'no-store');
      } catch {
        response = new Response(response.body, response);
        response.headers.set('cache-control', 'no-store');
      }
      return response;
    } catch (err) {
      // toResponse() sets Retry-After on a 429 or 503 (the breaker's remaining open time, …).
      const response = toResponse(err);
      if (response.status >= 500) {
        // Code and route only: messages may carry database details, never secrets but still noise.
        console.error(
          `[api] ${route} failed: ${isAppError(err) ? err.code : ((err as Error)?.name ?? 'unknown')}`,
        );
      }
      return response;
    }
  };
}

/** The methods a route handler module can export. */
export const HTTP_METHODS = ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS'] as const;
export type HttpMethod = (typeof HTTP_METHODS)[number];
/** What a route may serve itself; HEAD comes with GET, OPTIONS is answered for every route. */
export type ServedMethod = Exclude<HttpMethod, 'HEAD' | 'OPTIONS'>;

type Other<M extends ServedMethod> = Exclude<HttpMethod, M | (M extends 'GET' ? 'HEAD' : never)>;

/**
 * Handlers for every method the route does not serve: a JSON 405 with `Allow` and a message
 * naming the allowed methods; OPTIONS answers 204 with `Allow`. Export them beside the route's
 * own handlers: `export const { HEAD, PUT, PATCH, DELETE, OPTIONS } = otherMethods('/api/x', ['GET', 'POST'])`.
 */
export function otherMethods<const M extends ServedMethod>(
  route: string,
  allowed: readonly M[],
): Record<Other<M>, (request: Request) => Promise<Response>> {
  const served = new Set<HttpMethod>(allowed);
  if (served.has('GET')) served.add('HEAD');
  // OPTIONS is answered everywhere, so `Allow` names only what the resource itself serves.
  const allow = HTTP_METHODS.filter((m) => served.has(m)).join(', ');
  const named = allowed.join(' or ');
  const refuse = handle(route, (request) => {
    throw new MethodNotAllowedError(`${request.method} is not allowed here: use ${named}`);
  });
  const withAllow = async (request: Request) => {
    const response = await refuse(request);
    response.headers.set('allow', allow);
    return response;
  };
  const options = async () =>
    new Response(null, { status: 204, headers: { allow, 'cache-control': 'no-store' } });
  const handlers: Partial<Record<HttpMethod, (request: Request) => Promise<Response>>> = {};
  for (const method of HTTP_METHODS)
    if (!served.has(method)) handlers[method] = method === 'OPTIONS' ? options : withAllow;
  return handlers as Record<Other<M>, (request: Request) => Promise<Response>>;
}
