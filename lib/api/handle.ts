// Wraps a route handler so every failure leaves as one safe JSON error with the right status.
import 'server-only';
import { MethodNotAllowedError, isAppError, toResponse } from '../errors';

type Handler<A extends unknown[]> = (request: Request, ...rest: A) => Promise<Response> | Response;

/** Runs `handler`; errors become `toResponse(err)`, and 5xx failures are logged by code only. */
export function handle<A extends unknown[]>(route: string, handler: Handler<A>): Handler<A> {
  return async (request, ...rest) => {
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

/**
 * Handlers for the methods a route does not serve: a JSON 405 with `Allow`, instead of Next's
 * empty one.
 */
export function onlyGet(route: string) {
  const refuse = handle(route, () => {
    throw new MethodNotAllowedError('only GET is allowed here');
  });
  const withAllow = async (request: Request) => {
    const res = await refuse(request);
    res.headers.set('allow', 'GET, HEAD');
    return res;
  };
  return { POST: withAllow, PUT: withAllow, PATCH: withAllow, DELETE: withAllow };
}
