import { describe, expect, it } from 'vitest';
import { requireSameOrigin } from './same-origin';

const from = (headers: Record<string, string>) =>
  new Request('http://localhost:3000/api/session', { method: 'POST', headers });

describe('requireSameOrigin', () => {
  it.each([
    ['no Origin (a non-browser client)', {}],
    ['the same host', { host: 'dash.example:8443', origin: 'https://dash.example:8443' }],
    [
      'the public host behind a proxy',
      { host: '10.0.0.5:3000', 'x-forwarded-host': 'dash.example', origin: 'https://dash.example' },
    ],
    ['a same-origin fetch', { 'sec-fetch-site': 'same-origin', origin: 'http://localhost:3000' }],
  ])('lets through %s', (_name, headers) => {
    expect(() => requireSameOrigin(from(headers))).not.toThrow();
  });

  it.each([
    ['another site', { host: 'dash.example', origin: 'https://evil.example' }],
    ['another port', { host: 'dash.example', origin: 'https://dash.example:8443' }],
    ['a null Origin', { host: 'dash.example', origin: 'null' }],
    ['a malformed Origin', { host: 'dash.example', origin: 'dash.example' }],
    ['a non-HTTP Origin', { host: 'dash.example', origin: 'file://dash.example' }],
    ['Sec-Fetch-Site cross-site without Origin', { 'sec-fetch-site': 'cross-site' }],
    [
      'Sec-Fetch-Site same-site',
      { 'sec-fetch-site': 'same-site', origin: 'http://localhost:3000' },
    ],
  ])('refuses %s with a 403', (_name, headers) => {
    expect(() => requireSameOrigin(from(headers))).toThrow(
      expect.objectContaining({ status: 403, code: 'FORBIDDEN' }),
    );
  });
});
