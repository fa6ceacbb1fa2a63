// The security headers of every answer. Pages get a Content-Security-Policy with a per-request
// nonce (Next reads it from the request's policy and puts it on its own scripts), API answers a
// policy that allows nothing, and both forbid framing. The static headers are set for every path
// in next.config.mjs, which imports them from here.
//
// No `server-only` here: proxy.ts and next.config.mjs import this module.

/** Headers that do not depend on the request, for pages, API answers and static files alike. */
export const STATIC_SECURITY_HEADERS = [
  { key: 'X-Content-Type-Options', value: 'nosniff' },
  // Not no-referrer: browsers then send `Origin: null` with the sign-in form, which is refused.
  { key: 'Referrer-Policy', value: 'same-origin' },
  // For browsers that predate CSP's frame-ancestors.
  { key: 'X-Frame-Options', value: 'DENY' },
] as const;

/** API answers are data, never documents: nothing may load from or frame them. */
export const API_CSP =
  "default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'";

/** A fresh, unguessable nonce (128 random bits, base64). */
export function newNonce(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return btoa(String.fromCharCode(...bytes));
}

/**
 * The policy for a page rendered with `nonce`. Scripts run only with the nonce (and what they
 * load, `strict-dynamic`); style elements need it too, while style attributes (charts size
 * their boxes with them) are allowed as they cannot run code. Development adds what React's dev
 * build needs (`eval` for error overlays, styles injected without a nonce).
 */
export function pageCsp(nonce: string, opts: { dev: boolean; https: boolean }): string {
  const directives = [
    "default-src 'self'",
    `script-src 'self' 'nonce-${nonce}' 'strict-dynamic'${opts.dev ? " 'unsafe-eval'" : ''}`,
    opts.dev ? "style-src 'self' 'unsafe-inline'" : `style-src 'self' 'nonce-${nonce}'`,
    "style-src-attr 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self'",
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
    ...(opts.https ? ['upgrade-insecure-requests'] : []),
  ];
  return directives.join('; ');
}
