// Shared-secret checks for operator routes, compared in constant time.
import 'server-only';
import { createHash, timingSafeEqual } from 'node:crypto';
import { serverEnv } from '../env';
import { AppError, UnauthorizedError } from '../errors';

/** Compares two secrets in time independent of where they differ (hashing evens the lengths). */
export function safeEqual(a: string, b: string): boolean {
  const ha = createHash('sha256').update(a).digest();
  const hb = createHash('sha256').update(b).digest();
  return timingSafeEqual(ha, hb);
}

export class ForbiddenError extends AppError {
  readonly code = 'UNAUTHORIZED' as const;
  readonly transient = false;
  readonly status = 403;
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
  const header = request.headers.get('authorization') ?? '';
  const token = header.startsWith('Bearer ') ? header.slice(7) : '';
  if (!token || !safeEqual(token, expected))
    throw new UnauthorizedError('a valid admin token is required');
}
