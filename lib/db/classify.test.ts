import { describe, expect, it } from 'vitest';
import { classifyResponse, classifyThrown } from './classify';

const facts = { timedOut: false, callerAborted: false, context: 'GET /api/notes' };

describe('classifyResponse', () => {
  it.each([
    // [pg code, http status, expected code, transient]
    ['PGRST001', 503, 'DB_UNAVAILABLE', true], // PostgREST cannot reach PostgreSQL
    ['PGRST003', 504, 'DB_UNAVAILABLE', true], // PostgREST pool acquisition timeout
    ['08006', 503, 'DB_UNAVAILABLE', true], // connection failure
    ['57P01', 503, 'DB_UNAVAILABLE', true], // admin shutdown
    ['53300', 503, 'DB_UNAVAILABLE', true], // too many connections
    ['40001', 500, 'DB_CONFLICT', true], // serialization failure
    ['40P01', 500, 'DB_CONFLICT', true], // deadlock
    ['57014', 500, 'DB_TIMEOUT', true], // statement timeout
    ['23505', 409, 'DB_CONSTRAINT', false], // unique violation
    ['23503', 409, 'DB_CONSTRAINT', false], // foreign key
    ['42501', 403, 'DB_PERMISSION', false], // RLS / grant
    ['42501', 401, 'DB_PERMISSION', false],
    ['PGRST116', 406, 'DB_NOT_FOUND', false],
    ['PGRST100', 400, 'DB_BAD_REQUEST', false], // bad filter
    ['22P02', 400, 'DB_BAD_REQUEST', false], // invalid input syntax
    ['P0001', 400, 'DB_BAD_REQUEST', false], // RAISE EXCEPTION answered as 400
    ['XX000', 500, 'DB_QUERY', false], // internal error from the query
    ['', 502, 'DB_UNAVAILABLE', true], // gateway: upstream refused
    ['', 503, 'DB_UNAVAILABLE', true],
    ['', 504, 'DB_TIMEOUT', true],
    ['', 429, 'DB_UNAVAILABLE', true],
    ['', 408, 'DB_TIMEOUT', true],
    ['', 0, 'DB_UNAVAILABLE', true], // fetch failed
  ] as const)('%s with HTTP %i is %s (transient: %s)', (pgCode, status, code, transient) => {
    const err = classifyResponse({ code: pgCode, message: 'boom' }, status, facts);
    expect(err.code).toBe(code);
    expect(err.transient).toBe(transient);
  });

  it('a fired deadline is a timeout whatever the response says', () => {
    const err = classifyResponse({ message: 'AbortError' }, 0, { ...facts, timedOut: true });
    expect(err.code).toBe('DB_TIMEOUT');
    expect(err.transient).toBe(true);
  });

  it("the caller's abort is not transient and not a timeout", () => {
    const err = classifyResponse({ message: 'AbortError' }, 0, {
      ...facts,
      callerAborted: true,
      timedOut: true,
    });
    expect(err.code).toBe('ABORTED');
    expect(err.transient).toBe(false);
  });

  it('keeps the database details for logs but not in the public message', () => {
    const err = classifyResponse(
      { code: '23505', message: 'duplicate key value violates unique constraint "notes_pkey"' },
      409,
      facts,
    );
    expect(err.pgCode).toBe('23505');
    expect(err.httpStatus).toBe(409);
    expect(err.message).toContain('notes_pkey');
    expect(err.publicMessage).not.toContain('notes_pkey');
  });
});

describe('classifyThrown', () => {
  it('turns a fetch failure into an unavailable error', () => {
    expect((classifyThrown(new TypeError('fetch failed'), facts) as { code: string }).code).toBe(
      'DB_UNAVAILABLE',
    );
  });

  it('leaves a bug in the callback as it is', () => {
    const bug = new TypeError("Cannot read properties of undefined (reading 'id')");
    expect(classifyThrown(bug, facts)).toBe(bug);
  });

  it('wraps a thrown non-error value', () => {
    expect((classifyThrown('oops', facts) as { code: string }).code).toBe('DB_QUERY');
  });
});
