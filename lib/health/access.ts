// Who may see health details: anyone when HEALTH_TOKEN is unset (development), else a request
// with `Authorization: Bearer <HEALTH_TOKEN>` or the dashboard's session cookie. Compared in
// constant time; the cookie holds an HMAC of the token, never the token itself.
import 'server-only';
import { createHmac } from 'node:crypto';
import { safeEqual } from '../api/auth';
import { serverEnv } from '../env';
import { UnauthorizedError } from '../errors';

export const SESSION_COOKIE = 'health_session';

/** The cookie value that proves the holder knew the token. */
export function sessionValue(token: string): string {
  return createHmac('sha256', token).update('dashboard-session-v1').digest('base64url');
}

function cookie(request: Request, name: string): string | undefined {
  for (const part of (request.headers.get('cookie') ?? '').split(';')) {
    const [k, ...v] = part.trim().split('=');
    if (k === name) return v.join('=');
  }
  return undefined;
}

export function tokenMatches(candidate: string): boolean {
  const expected = serverEnv().HEALTH_TOKEN;
  return expected !== undefined && safeEqual(candidate, expected);
}

/** True when the request may see details. */
export function hasHealthAccess(request: Request): boolean {
  const expected = serverEnv().HEALTH_TOKEN;
  if (!expected) return true;
  const header = request.headers.get('authorization') ?? '';
  if (header.startsWith('Bearer ') && safeEqual(header.slice(7), expected)) return true;
  const session = cookie(request, SESSION_COOKIE);
  return session !== undefined && safeEqual(session, sessionValue(expected));
}

/** @throws UnauthorizedError unless the request may see details. */
export function requireHealthAccess(request: Request): void {
  if (!hasHealthAccess(request))
    throw new UnauthorizedError(
      'send Authorization: Bearer <HEALTH_TOKEN>, or sign in to the dashboard',
    );
}

/** Whether a dashboard page may be shown for this session cookie value. */
export function hasDashboardSession(cookieValue: string | undefined): boolean {
  const expected = serverEnv().HEALTH_TOKEN;
  if (!expected) return true;
  return cookieValue !== undefined && safeEqual(cookieValue, sessionValue(expected));
}

/** True when a token is configured (the dashboard asks to sign in). */
export function dashboardLocked(): boolean {
  return serverEnv().HEALTH_TOKEN !== undefined;
}
