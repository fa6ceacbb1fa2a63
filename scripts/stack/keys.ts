// HS256 keys minted from the stack's JWT secret, shaped like Supabase's anon and service keys.
import { randomBytes } from 'node:crypto';
import { SignJWT } from 'jose';

const TEN_YEARS_S = 10 * 365 * 24 * 3600;

export function newSecret(bytes = 32): string {
  return randomBytes(bytes).toString('base64url');
}

async function sign(
  secret: string,
  claims: Record<string, unknown>,
  ttlS: number,
): Promise<string> {
  const now = Math.floor(Date.now() / 1000);
  return new SignJWT(claims)
    .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
    .setIssuer('supabase-local')
    .setIssuedAt(now)
    .setExpirationTime(now + ttlS)
    .sign(new TextEncoder().encode(secret));
}

export function mintRoleKey(secret: string, role: 'anon' | 'service_role'): Promise<string> {
  return sign(secret, { role }, TEN_YEARS_S);
}

/** A signed-in user's access token, as GoTrue would issue it. */
export function mintUserToken(secret: string, userId: string, ttlS = 3600): Promise<string> {
  return sign(secret, { sub: userId, role: 'authenticated', aud: 'authenticated' }, ttlS);
}
