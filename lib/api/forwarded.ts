// What proxy.ts tells route handlers about the request as it arrived, and the client address
// read back from it.
//
// Next gives route handlers no socket address. It only fills `X-Forwarded-For` with it when the
// request has none, after the proxy ran, so a client that sends the header would choose its own
// address. The proxy therefore moves the client's `X-Forwarded-For` to a header of its own: the
// route then finds the socket address in `X-Forwarded-For`, and the chain the client (or the
// proxies in front of the app) sent in `x-app-forwarded-for`.
//
// No `server-only` here: proxy.ts imports this module.

/** The query string exactly as sent (Next rebuilds route URLs from an object that drops `__proto__`). */
export const RAW_QUERY_HEADER = 'x-app-raw-query';
/** The `X-Forwarded-For` the request arrived with, if any. */
export const FORWARDED_FOR_HEADER = 'x-app-forwarded-for';

const MAX_ADDRESS_LENGTH = 64;

/**
 * The request headers a route handler should see: the original query and the client's
 * forwarding chain moved to headers of their own, so that nothing the client sends can pass for
 * what the proxy saw.
 */
export function forwardedRequestHeaders(request: Request): Headers {
  const headers = new Headers(request.headers);
  const query = request.url.indexOf('?');
  headers.set(RAW_QUERY_HEADER, query < 0 ? '' : request.url.slice(query + 1));
  const chain = headers.get('x-forwarded-for');
  headers.delete('x-forwarded-for'); // Next fills it with the socket address
  if (chain === null) headers.delete(FORWARDED_FOR_HEADER);
  else headers.set(FORWARDED_FOR_HEADER, chain);
  return headers;
}

/**
 * The client's address under the trust rule: the chain is the `X-Forwarded-For` entries the
 * request arrived with followed by the socket address; with `trustedHops` reverse proxies in
 * front of the app, each appending the address it saw, the client is the entry `trustedHops`
 * places from the right (the leftmost when the chain is shorter). With 0 it is the socket
 * address, and nothing the client sends changes it.
 */
export function clientAddress(request: Request, trustedHops: number): string {
  const socket = request.headers.get('x-forwarded-for')?.split(',').at(-1)?.trim() || 'unknown';
  const sent = (request.headers.get(FORWARDED_FOR_HEADER) ?? '')
    .split(',')
    .map((entry) => entry.trim())
    .filter(Boolean);
  const chain = [...sent, socket];
  const address = chain[Math.max(0, chain.length - 1 - trustedHops)]!;
  return address.toLowerCase().slice(0, MAX_ADDRESS_LENGTH);
}
