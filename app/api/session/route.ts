// POST /api/session: signs in to the dashboard with the health token (form or JSON body) and
// sets an HTTP-only, same-site cookie holding an HMAC of the token (never the token). Refuses
// cross-site requests, and limits failed attempts per client address.
import {
  TooManyRequestsError,
  clientAddress,
  dashboardLocked,
  handle,
  otherMethods,
  parseBody,
  parseQuery,
  requireSameOrigin,
  sessionCookie,
  signInLimiter,
  tokenMatches,
} from '@/lib/api';
import { serverEnv } from '@/lib/env';
import { UnauthorizedError } from '@/lib/errors';
import { noQuery, signInBody } from './schema';

/** A relative 303, so the browser stays on the host it used. */
const seeOther = (location: string) => new Response(null, { status: 303, headers: { location } });
const signedIn = (form: boolean) => (form ? seeOther('/') : Response.json({ signedIn: true }));

export const POST = handle('POST /api/session', async (request) => {
  requireSameOrigin(request);
  parseQuery(request, noQuery);
  const { data, form } = await parseBody(request, signInBody);
  if (!dashboardLocked()) return signedIn(form);
  const address = clientAddress(request, serverEnv().TRUSTED_PROXY_HOPS);
  const attempt = await signInLimiter().attempt(address);
  if (!attempt.allowed) {
    const seconds = Math.ceil(attempt.retryAfterMs / 1000);
    throw new TooManyRequestsError(
      `too many failed sign-ins from this address: try again in ${seconds} s`,
      { retryAfterMs: attempt.retryAfterMs },
    );
  }
  if (!tokenMatches(data.token)) {
    if (form) return seeOther('/signin?error=1');
    throw new UnauthorizedError('that token is not right');
  }
  await attempt.succeeded();
  const res = signedIn(form);
  res.headers.append('set-cookie', sessionCookie(request, data.token));
  return res;
});

export const { GET, HEAD, PUT, PATCH, DELETE, OPTIONS } = otherMethods('/api/session', ['POST']);
