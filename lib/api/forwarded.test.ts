import { describe, expect, it } from 'vitest';
import {
  FORWARDED_FOR_HEADER,
  RAW_QUERY_HEADER,
  clientAddress,
  forwardedRequestHeaders,
} from './forwarded';

/** A request as a route handler sees it after proxy.ts: Next put the socket address in XFF. */
const routed = (socket: string, sent?: string) =>
  new Request('http://app.test/api/session', {
    headers: { 'x-forwarded-for': socket, ...(sent ? { [FORWARDED_FOR_HEADER]: sent } : {}) },
  });

describe('forwardedRequestHeaders', () => {
  it('moves the client’s X-Forwarded-For aside and passes the raw query along', () => {
    const headers = forwardedRequestHeaders(
      new Request('http://app.test/api/x?__proto__=1&a=%20b', {
        headers: { 'x-forwarded-for': '203.0.113.9, 10.0.0.1' },
      }),
    );
    expect(headers.get('x-forwarded-for')).toBeNull();
    expect(headers.get(FORWARDED_FOR_HEADER)).toBe('203.0.113.9, 10.0.0.1');
    expect(headers.get(RAW_QUERY_HEADER)).toBe('__proto__=1&a=%20b');
  });

  it('overwrites what a client sent in the proxy’s own headers', () => {
    const headers = forwardedRequestHeaders(
      new Request('http://app.test/api/x', {
        headers: { [FORWARDED_FOR_HEADER]: '1.2.3.4', [RAW_QUERY_HEADER]: 'a=1' },
      }),
    );
    expect(headers.get(FORWARDED_FOR_HEADER)).toBeNull();
    expect(headers.get(RAW_QUERY_HEADER)).toBe('');
  });
});

describe('clientAddress', () => {
  it('with no trusted proxy, is the socket address whatever the client sends', () => {
    expect(clientAddress(routed('10.0.0.1'), 0)).toBe('10.0.0.1');
    expect(clientAddress(routed('10.0.0.1', '203.0.113.9'), 0)).toBe('10.0.0.1');
  });

  it('with N trusted proxies, is the entry N places from the right of the chain', () => {
    // client 198.51.100.7 → CDN (adds it) → load balancer 10.0.0.2 (adds the CDN's) → app
    const request = routed('10.0.0.2', 'spoofed, 198.51.100.7, 192.0.2.50');
    expect(clientAddress(request, 1)).toBe('192.0.2.50');
    expect(clientAddress(request, 2)).toBe('198.51.100.7');
  });

  it('takes the leftmost entry when the chain is shorter than the trusted hops', () => {
    expect(clientAddress(routed('10.0.0.2'), 2)).toBe('10.0.0.2');
    expect(clientAddress(routed('10.0.0.2', '198.51.100.7'), 3)).toBe('198.51.100.7');
  });

  it('names an unknown socket and bounds what it returns', () => {
    expect(clientAddress(new Request('http://app.test/'), 0)).toBe('unknown');
    expect(clientAddress(routed('10.0.0.1', 'A'.repeat(500)), 1)).toBe('a'.repeat(64));
  });
});
