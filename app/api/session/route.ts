// POST /api/session: signs in to the dashboard with the health token (form or JSON body) and
// sets an HTTP-only, same-site cookie holding an HMAC of the token (never the token).
import { handle, onlyGet } from '@/lib/api';
import { BadRequestError, UnauthorizedError } from '@/lib/errors';
import { SESSION_COOKIE, dashboardLocked, sessionValue, tokenMatches } from '@/lib/health';

const MAX_AGE_S = 12 * 3600;

/** A relative 303, so the browser stays on the host it used. */
const seeOther = (location: string) => new Response(null, { status: 303, headers: { location } });

async function readToken(request: Request): Promise<{ token: string; form: boolean }> {
  const type = request.headers.get('content-type') ?? '';
  if (type.includes('application/json')) {
    const body = (await request.json().catch(() => null)) as { token?: unknown } | null;
    if (typeof body?.token !== 'string')
      throw new BadRequestError('send {"token": "<HEALTH_TOKEN>"}');
    return { token: body.token, form: false };
  }
  if (type.includes('application/x-www-form-urlencoded') || type.includes('multipart/form-data')) {
    const token = (await request.formData()).get('token');
    if (typeof token !== 'string') throw new BadRequestError('the form needs a token field');
    return { token, form: true };
  }
  throw new BadRequestError('send a form or JSON body with the token');
}

export const POST = handle('POST /api/session', async (request) => {
  const { token, form } = await readToken(request);
  const base = new URL(request.url);
  if (!dashboardLocked()) return form ? seeOther('/') : Response.json({ signedIn: true });
  if (!tokenMatches(token)) {
    if (form) return seeOther('/signin?error=1');
    throw new UnauthorizedError('that token is not right');
  }
  const secure = base.protocol === 'https:' || request.headers.get('x-forwarded-proto') === 'https';
  const cookie = `${SESSION_COOKIE}=${sessionValue(token)}; Path=/; HttpOnly; SameSite=Strict; Max-Age=${MAX_AGE_S}${secure ? '; Secure' : ''}`;
  const res = form ? seeOther('/') : Response.json({ signedIn: true });
  res.headers.append('set-cookie', cookie);
  return res;
});

export const GET = handle('GET /api/session', () => {
  throw new BadRequestError('sign in with POST');
});

const others = onlyGet('/api/session');
export const { PUT, PATCH, DELETE } = others;
