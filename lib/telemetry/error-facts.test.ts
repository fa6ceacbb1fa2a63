import { describe, expect, it } from 'vitest';
import { CircuitOpenError, DbConstraintError, DbUnavailableError } from '../db';
import { errorFacts } from './error-facts';

describe('errorFacts', () => {
  it('prefers the SQLSTATE, and describes with the public message only', () => {
    const err = new DbConstraintError('notes: duplicate key value (id)=(42)', {
      details: { pgCode: '23505', httpStatus: 409 },
    });
    expect(errorFacts(err)).toEqual({
      type: '23505',
      sqlstate: '23505',
      description: 'The data violates a constraint',
    });
  });

  it("uses the typed error's code when there is no SQLSTATE (PostgREST codes are not one)", () => {
    const err = new DbUnavailableError('x', { details: { pgCode: 'PGRST001', httpStatus: 503 } });
    expect(errorFacts(err)).toMatchObject({ type: 'DB_UNAVAILABLE', sqlstate: undefined });
    expect(errorFacts(new CircuitOpenError('open', { retryAfterMs: 10 })).type).toBe(
      'CIRCUIT_OPEN',
    );
  });

  it('names any other error by its name, never by its message', () => {
    expect(errorFacts(new TypeError('secret in message'))).toEqual({
      type: 'TypeError',
      sqlstate: undefined,
      description: 'TypeError',
    });
  });
});
