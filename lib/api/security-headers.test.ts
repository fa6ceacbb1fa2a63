import { describe, expect, it } from 'vitest';
import { API_CSP, newNonce, pageCsp } from './security-headers';

const directives = (csp: string) =>
  new Map(
    csp.split(';').map((d) => {
      const [name, ...values] = d.trim().split(/\s+/);
      return [name!, values];
    }),
  );

describe('security headers', () => {
  it('page policy: scripts and style elements only with the nonce, no framing', () => {
    const nonce = newNonce();
    const csp = directives(pageCsp(nonce, { dev: false, https: false }));
    expect(csp.get('script-src')).toEqual(["'self'", `'nonce-${nonce}'`, "'strict-dynamic'"]);
    expect(csp.get('style-src')).toEqual(["'self'", `'nonce-${nonce}'`]);
    expect(csp.get('frame-ancestors')).toEqual(["'none'"]);
    expect(csp.get('object-src')).toEqual(["'none'"]);
    expect(csp.has('upgrade-insecure-requests')).toBe(false);
    expect([...csp.values()].flat()).not.toContain("'unsafe-eval'");
  });

  it('development allows eval and unnonced styles; HTTPS upgrades subresources', () => {
    const csp = directives(pageCsp('n', { dev: true, https: true }));
    expect(csp.get('script-src')).toContain("'unsafe-eval'");
    expect(csp.get('style-src')).toContain("'unsafe-inline'");
    expect(csp.has('upgrade-insecure-requests')).toBe(true);
  });

  it('API policy allows nothing', () => {
    const csp = directives(API_CSP);
    expect(csp.get('default-src')).toEqual(["'none'"]);
    expect(csp.get('frame-ancestors')).toEqual(["'none'"]);
  });

  it('nonces are 128 random bits, never repeated', () => {
    const nonces = new Set(Array.from({ length: 1000 }, newNonce));
    expect(nonces.size).toBe(1000);
    for (const n of nonces) expect(Buffer.from(n, 'base64')).toHaveLength(16);
  });
});
