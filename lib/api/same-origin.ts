// Cross-site request refusal for state-changing routes (the sign-in sets a cookie). Browsers send
// `Origin` with every POST and `Sec-Fetch-Site` with most requests; a page on another site cannot
// forge either. A request with neither comes from a non-browser client (curl, a script), which
// gains nothing from a cross-site forgery, so it may pass.
import 'server-only';
import { ForbiddenError } from './auth';

/** The host the client addressed: the proxy's `X-Forwarded-Host` (Next sets it from `Host`). */
function targetHost(request: Request): string {
  const forwarded = request.headers.get('x-forwarded-host')?.split(',', 1)[0]?.trim();
  return (forwarded || request.headers.get('host') || new URL(request.url).host).toLowerCase();
}

function originHost(origin: string): string | undefined {
  try {
    const url = new URL(origin);
    return url.protocol === 'http:' || url.protocol === 'https:' ? url.host : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Lets through requests from this site's own pages and from non-browser clients.
 * @throws ForbiddenError when `Sec-Fetch-Site` says another site sent it, or when `Origin` is
 * present and is not this host (`null` included: sandboxed frames, cross-site redirects).
 */
export function requireSameOrigin(request: Request): void {
  const site = request.headers.get('sec-fetch-site');
  if (site !== null && site !== 'same-origin' && site !== 'none')
    throw new ForbiddenError(`cross-site requests are refused here (Sec-Fetch-Site: ${site})`);
  const origin = request.headers.get('origin');
  if (origin === null) return;
  if (originHost(origin) !== targetHost(request))
    throw new ForbiddenError('cross-site requests are refused here: Origin is not this site');
}
