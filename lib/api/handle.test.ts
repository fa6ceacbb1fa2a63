import { describe, expect, it } from 'vitest';
import { handle, otherMethods } from './handle';

const call = (handler: (r: Request) => Promise<Response>, method: string) =>
  handler(new Request('http://app.test/api/x', { method }));

describe('otherMethods', () => {
  it('answers the methods a GET route does not serve with a 405 naming GET', async () => {
    const others = otherMethods('/api/x', ['GET']);
    expect(Object.keys(others).sort()).toEqual(['DELETE', 'OPTIONS', 'PATCH', 'POST', 'PUT']);
    const res = await call(others.PUT, 'PUT');
    expect(res.status).toBe(405);
    expect(res.headers.get('allow')).toBe('GET, HEAD');
    expect(res.headers.get('cache-control')).toBe('no-store');
    expect(await res.json()).toEqual({
      error: { code: 'METHOD_NOT_ALLOWED', message: 'PUT is not allowed here: use GET' },
    });
  });

  it('names POST for a POST route, HEAD included among the refused', async () => {
    const others = otherMethods('/api/x', ['POST']);
    expect(Object.keys(others).sort()).toEqual([
      'DELETE',
      'GET',
      'HEAD',
      'OPTIONS',
      'PATCH',
      'PUT',
    ]);
    const res = await call(others.GET, 'GET');
    expect(res.headers.get('allow')).toBe('POST');
    expect(((await res.json()) as { error: { message: string } }).error.message).toBe(
      'GET is not allowed here: use POST',
    );
  });

  it('answers OPTIONS with 204 and the same Allow', async () => {
    const res = await call(otherMethods('/api/x', ['GET', 'POST']).OPTIONS, 'OPTIONS');
    expect(res.status).toBe(204);
    expect(res.headers.get('allow')).toBe('GET, HEAD, POST');
    expect(await res.text()).toBe('');
  });
});

describe('handle', () => {
  it('sends Retry-After from an error that knows when to try again, in whole seconds', async () => {
    const { TooManyRequestsError } = await import('./sign-in-limiter');
    const handler = handle('/api/x', () => {
      throw new TooManyRequestsError('slow down', { retryAfterMs: 1_500 });
    });
    const res = await handler(new Request('http://app.test/api/x'));
    expect(res.status).toBe(429);
    expect(res.headers.get('retry-after')).toBe('2');
    expect(await res.json()).toEqual({ error: { code: 'RATE_LIMITED', message: 'slow down' } });
  });
});
