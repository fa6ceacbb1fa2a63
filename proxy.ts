// Runs before every route and page (Next 16's proxy, formerly middleware):
// - pages get a Content-Security-Policy with a fresh nonce, which Next puts on its scripts;
// - route handlers get the query and the client's X-Forwarded-For as they arrived, in headers of
//   their own (lib/api/forwarded.ts says why);
// - requests Next would fail with a plain-text or empty answer get a JSON error here: a method no
//   route can serve (Next: an empty 400), an API path that is not valid percent-encoding (Next: a
//   500 while decoding the catch-all route's parameters).
// Imports modules without `server-only` only: the proxy is bundled apart from the app.
import { NextResponse, type NextRequest } from 'next/server';
import { forwardedRequestHeaders } from './lib/api/forwarded';
import { API_CSP, newNonce, pageCsp } from './lib/api/security-headers';
import { BadRequestError, toResponse } from './lib/errors';

const METHODS = new Set(['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS']);

const isApi = (pathname: string) => pathname === '/api' || pathname.startsWith('/api/');

function decodable(pathname: string): boolean {
  try {
    decodeURIComponent(pathname);
    return true;
  } catch {
    return false;
  }
}

function refuse(message: string): Response {
  const res = toResponse(new BadRequestError(message));
  res.headers.set('content-security-policy', API_CSP);
  return res;
}

export function proxy(request: NextRequest): Response {
  const { pathname } = request.nextUrl;
  const api = isApi(pathname);
  if (!METHODS.has(request.method))
    return refuse(`${request.method.slice(0, 32)} is not a method this server serves`);
  if (api && !decodable(pathname)) return refuse('the path is not valid percent-encoding');
  const headers = forwardedRequestHeaders(request);
  if (api) {
    const res = NextResponse.next({ request: { headers } });
    res.headers.set('content-security-policy', API_CSP);
    return res;
  }
  const https = request.nextUrl.protocol === 'https:';
  // NODE_ENV is fixed at build time by Next; it is the one setting read outside lib/env.ts here.
  const csp = pageCsp(newNonce(), { dev: process.env.NODE_ENV === 'development', https });
  headers.set('content-security-policy', csp);
  const res = NextResponse.next({ request: { headers } });
  res.headers.set('content-security-policy', csp);
  return res;
}

export const config = {
  // Everything but Next's own paths: the build's scripts and styles (no policy governs them) and,
  // in development, the hot-reload socket.
  matcher: ['/((?!_next/|favicon.ico).*)'],
};
