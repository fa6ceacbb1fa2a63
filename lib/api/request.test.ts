import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { isAppError } from '../errors';
import { parseBody, parseQuery } from './request';

const strict = z.strictObject({ window: z.string().optional() });

async function failure(run: () => unknown): Promise<{ status: number; message: string }> {
  try {
    await run();
  } catch (err) {
    if (!isAppError(err)) throw err;
    return { status: err.status, message: err.publicMessage };
  }
  throw new Error('expected the call to throw');
}

describe('parseQuery', () => {
  it.each(['__proto__', 'constructor', 'prototype', 'hasOwnProperty', 'toString'])(
    'refuses a parameter named %s like any unknown one',
    async (name) => {
      const request = new Request(`http://app.test/x?${name}=1`);
      expect(await failure(() => parseQuery(request, strict))).toEqual({
        status: 400,
        message: expect.stringContaining(name),
      });
    },
  );

  it('refuses a repeated parameter instead of keeping the last one', async () => {
    const request = new Request('http://app.test/x?window=5m&window=1h');
    expect(await failure(() => parseQuery(request, strict))).toEqual({
      status: 400,
      message: expect.stringContaining('window'),
    });
  });

  it('hands the schema every parameter the client sent', () => {
    const seen: unknown[] = [];
    const spy = z.custom((v) => (seen.push(v), true));
    parseQuery(new Request('http://app.test/x?a=1&b=&__proto__=p'), spy);
    expect(seen).toHaveLength(1);
    expect(Object.keys(seen[0] as object).sort()).toEqual(['__proto__', 'a', 'b']);
    expect(Object.getPrototypeOf(seen[0])).toBeNull();
  });

  it('reads a valid query', () => {
    expect(parseQuery(new Request('http://app.test/x?window=5m'), strict)).toEqual({
      window: '5m',
    });
  });
});

const tokenBody = z.strictObject({ token: z.string() });
const post = (body: BodyInit, type?: string) =>
  new Request('http://app.test/x', {
    method: 'POST',
    body,
    headers: type ? { 'content-type': type } : {},
  });

describe('parseBody', () => {
  it('reads JSON, URL-encoded and multipart bodies, telling forms apart', async () => {
    expect(await parseBody(post('{"token":"a"}', 'application/json'), tokenBody)).toEqual({
      data: { token: 'a' },
      form: false,
    });
    expect(
      await parseBody(post('token=b', 'application/x-www-form-urlencoded'), tokenBody),
    ).toEqual({ data: { token: 'b' }, form: true });
    const multipart = new FormData();
    multipart.set('token', 'c');
    const request = new Request('http://app.test/x', { method: 'POST', body: multipart });
    expect(await parseBody(request, tokenBody)).toEqual({ data: { token: 'c' }, form: true });
  });

  it.each([
    ['multipart without a boundary', 'garbage', 'multipart/form-data'],
    ['multipart with a boundary and a garbage body', 'garbage', 'multipart/form-data; boundary=x'],
    [
      'a truncated multipart body',
      '--x\r\nContent-Disposition: form-data; name="token"\r\n\r\nabc',
      'multipart/form-data; boundary=x',
    ],
    ['JSON that does not parse', '{"token":', 'application/json'],
    ['JSON of the wrong shape', '["token"]', 'application/json'],
    ['a number for the token', '{"token":1}', 'application/json'],
    ['an unknown field', '{"token":"a","admin":true}', 'application/json'],
    ['a prototype-named field', '{"token":"a","__proto__":{"x":1}}', 'application/json'],
    ['a repeated form field', 'token=a&token=b', 'application/x-www-form-urlencoded'],
    ['a prototype-named form field', 'token=a&constructor=b', 'application/x-www-form-urlencoded'],
    ['no content type', 'token=a', undefined],
    ['another content type', 'token=a', 'text/plain'],
  ])('answers 400 for %s', async (_name, body, type) => {
    const result = await failure(() => parseBody(post(body, type), tokenBody));
    expect(result.status).toBe(400);
    expect(result.message.length).toBeGreaterThan(0);
  });

  it('refuses a file where a text field is expected', async () => {
    const multipart = new FormData();
    multipart.set('token', new Blob(['abc']), 'token.txt');
    const request = new Request('http://app.test/x', { method: 'POST', body: multipart });
    expect((await failure(() => parseBody(request, tokenBody))).status).toBe(400);
  });

  it('stops reading a body past the limit, whatever Content-Length says', async () => {
    const big = 'x'.repeat(64 * 1024 + 1);
    const declared = await failure(() =>
      parseBody(post(JSON.stringify({ token: big }), 'application/json'), tokenBody),
    );
    expect(declared).toEqual({ status: 400, message: expect.stringMatching(/at most \d+ bytes/) });
    let pulled = 0;
    const endless = new ReadableStream<Uint8Array>({
      pull(controller) {
        pulled += 16 * 1024;
        controller.enqueue(new Uint8Array(16 * 1024).fill(120));
      },
    });
    const streamed = new Request('http://app.test/x', {
      method: 'POST',
      body: endless,
      headers: { 'content-type': 'application/json' },
      duplex: 'half',
    } as RequestInit);
    expect((await failure(() => parseBody(streamed, tokenBody))).status).toBe(400);
    expect(pulled).toBeLessThan(256 * 1024);
  });
});
