// Who may do what: the admin token for operator routes, the health token (or the dashboard's
// session cookie) for health details and the dashboard, and the user's access token for their
// own data. Secrets are compared in constant time; `Authorization` is parsed here only.
import 'server-only';
import { createHash, timingSafeEqual } from 'node:crypto';
import { serverEnv } from '../env';
import { AppError, UnauthorizedError } from '../errors';
import { readSessionCookie, sessionValue } from './session-cookie';

/** Compares two secrets in time independent of where they differ (hashing evens the lengths). */
export function safeEqual(a: string, b: string): boolean {
  const ha = createHash('sha256').update(a).digest();
  const hb = createHash('sha256').update(b).digest();
  return timingSafeEqual(ha, hb);
}

/** A request that is understood but not allowed, whoever sends it (e.g. a cross-site sign-in). */
export class ForbiddenError extends AppError {
  readonly code = 'FORBIDDEN' as const;
  readonly transient = false;
  readonly status = 403;
}

/** The credentials of `Authorization: Bearer <credentials>`, if the request has them. */
function bearerCredentials(request: Request): string | undefined {
  const header = request.headers.get('authorization') ?? '';
  return /^bearer /i.test(header) && header.length > 7 ? header.slice(7) : undefined;
}

/** A compact JWT: three base64url segments (the signature may be empty, the database decides). */
const ACCESS_TOKEN = /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*$/;

/**
 * The user's access token (a JWT) from `Authorization: Bearer …`. Only its shape is checked here;
 * the database verifies its signature and claims.
 * @throws UnauthorizedError when it is missing or is not a JWT.
 */
export function bearerToken(request: Request): string {
  const token = bearerCredentials(request);
  if (!token || !ACCESS_TOKEN.test(token))
    throw new UnauthorizedError('sign in: send Authorization: Bearer <access token (a JWT)>');
  return token;
}

/**
 * Lets the request through only with `Authorization: Bearer <ADMIN_TOKEN>`.
 * @throws ForbiddenError when ADMIN_TOKEN is not configured (the admin API is off).
 * @throws UnauthorizedError when the token is missing or wrong.
 */
export function requireAdmin(request: Request): void {
  const expected = serverEnv().ADMIN_TOKEN;
  if (!expected)
    throw new ForbiddenError('the admin API is disabled: set ADMIN_TOKEN to enable it');
  const token = bearerCredentials(request);
  if (!token || !safeEqual(token, expected))
    throw new UnauthorizedError('a valid admin token is required');
}

/** True when a health token is configured (the dashboard and health details then need it). */
export function dashboardLocked(): boolean {
  return serverEnv().HEALTH_TOKEN !== undefined;
}

/** True when `candidate` is the configured health token. */
export function tokenMatches(candidate: string): boolean {
  const expected = serverEnv().HEALTH_TOKEN;
  return expected !== undefined && safeEqual(candidate, expected);
}

/** Whether a dashboard page may be shown for this session cookie value. */
export function hasDashboardSession(cookieValue: string | undefined): boolean {
  const expected = serverEnv().HEALTH_TOKEN;
  if (!expected) return true;
  return cookieValue !== undefined && safeEqual(cookieValue, sessionValue(expected));
}

/**
 * True when the request may see health details: no token configured (development), or
 * `Authorization: Bearer <HEALTH_TOKEN>`, or the dashboard's session cookie.
 */
export function hasHealthAccess(request: Request): boolean {
  if (!dashboardLocked()) return true;
  const token = bearerCredentials(request);
  if (token !== undefined && tokenMatches(token)) return true;
  const session = readSessionCookie(request);
  return session !== undefined && hasDashboardSession(session);
}

/** @throws UnauthorizedError unless the request may see health details. */
export function requireHealthAccess(request: Request): void {
  if (!hasHealthAccess(request))
    throw new UnauthorizedError(
      'send Authorization: Bearer <HEALTH_TOKEN>, or sign in to the dashboard',
    );
}
