import { describe, expect, it } from 'vitest';
import { BadRequestError, isAppError, toResponse } from './index';

describe('toResponse', () => {
  it('renders an AppError with its status, code and message only', async () => {
    const err = new BadRequestError('limit must be 1..100', {
      cause: new Error('db password=hunter2'),
      context: { route: 'GET /x' },
    });
    const res = toResponse(err);
    expect(res.status).toBe(400);
    expect(res.headers.get('cache-control')).toBe('no-store');
    const text = await res.text();
    expect(JSON.parse(text)).toEqual({
      error: { code: 'BAD_REQUEST', message: 'limit must be 1..100' },
    });
    expect(text).not.toContain('hunter2');
    expect(text).not.toContain('GET /x');
  });

  it('hides unknown errors behind a generic 500', async () => {
    const res = toResponse(new Error('connect ECONNREFUSED 10.0.0.1:5432 at Socket...'));
    expect(res.status).toBe(500);
    expect(await res.json()).toEqual({
      error: { code: 'INTERNAL', message: 'Internal server error' },
    });
  });

  it('recognises app errors by brand, not by class identity', () => {
    expect(isAppError(new BadRequestError('x'))).toBe(true);
    expect(isAppError(new Error('x'))).toBe(false);
    expect(isAppError({ code: 'BAD_REQUEST' })).toBe(false);
  });

  it('with a code, recognises that error only, even from another copy of the module', () => {
    expect(isAppError(new BadRequestError('x'), 'BAD_REQUEST')).toBe(true);
    expect(isAppError(new BadRequestError('x'), 'UNAUTHORIZED')).toBe(false);
    // What an error thrown by a second bundle of lib/errors looks like: another class, the
    // same global brand.
    const fromOtherCopy = { [Symbol.for('app.error')]: true, code: 'CIRCUIT_OPEN' };
    expect(isAppError(fromOtherCopy, 'CIRCUIT_OPEN')).toBe(true);
    expect(isAppError({ code: 'CIRCUIT_OPEN' }, 'CIRCUIT_OPEN')).toBe(false);
  });
});
