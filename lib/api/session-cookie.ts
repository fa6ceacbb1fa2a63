// The dashboard's session cookie: an HMAC of the health token (never the token itself), HTTP-only,
// same-site strict, and `Secure` whenever the request reached us over HTTPS.
import 'server-only';
import { createHmac } from 'node:crypto';
import { NextRequest } from 'next/server';

export const SESSION_COOKIE = 'health_session';
const MAX_AGE_S = 12 * 3600;

/** The cookie value that proves the holder knew the token. */
export function sessionValue(token: string): string {
  return createHmac('sha256', token).update('dashboard-session-v1').digest('base64url');
}

/** The session cookie's value, read with Next's cookie parser (a plain Request is wrapped). */
export function readSessionCookie(request: Request): string | undefined {
  const cookies =
    request instanceof NextRequest
      ? request.cookies
      : new NextRequest(request.url, { headers: request.headers }).cookies;
  return cookies.get(SESSION_COOKIE)?.value;
}

/**
 * True when the client reached us over HTTPS: directly, or through a proxy that terminated TLS
 * and said so in `X-Forwarded-Proto` (Next builds the request URL from it too). A client that
 * lies here only makes its own cookie stricter.
 */
export function servedOverHttps(request: Request): boolean {
  const forwarded = request.headers.get('x-forwarded-proto')?.split(',', 1)[0]?.trim();
  return new URL(request.url).protocol === 'https:' || forwarded?.toLowerCase() === 'https';
}

function serialize(request: Request, value: string, maxAgeS: number): string {
  const secure = servedOverHttps(request) ? '; Secure' : '';
  return `${SESSION_COOKIE}=${value}; Path=/; HttpOnly; SameSite=Strict; Max-Age=${maxAgeS}${secure}`;
}

/** The `Set-Cookie` value that signs the client in for 12 hours. */
export function sessionCookie(request: Request, token: string): string {
  return serialize(request, sessionValue(token), MAX_AGE_S);
}

/** The `Set-Cookie` value that signs the client out. */
export function expiredSessionCookie(request: Request): string {
  return serialize(request, '', 0);
}
