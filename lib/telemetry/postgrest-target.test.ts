import { describe, expect, it } from 'vitest';
import { postgrestTarget, redactUrl } from './postgrest-target';

const base = 'http://127.0.0.1:54321';

describe('postgrestTarget', () => {
  it('names a table operation by its SQL verb', () => {
    expect(postgrestTarget('GET', `${base}/rest/v1/notes?select=id&id=eq.4`, 'public')).toEqual({
      operation: 'SELECT',
      collection: 'notes',
      procedure: undefined,
      namespace: 'public',
      summary: 'SELECT notes',
    });
    expect(postgrestTarget('HEAD', `${base}/rest/v1/notes`, undefined)?.summary).toBe(
      'SELECT notes',
    );
    expect(postgrestTarget('POST', `${base}/rest/v1/notes`, 'public')?.operation).toBe('INSERT');
    expect(postgrestTarget('PUT', `${base}/rest/v1/notes?id=eq.1`, 'public')?.operation).toBe(
      'INSERT',
    );
    expect(postgrestTarget('PATCH', `${base}/rest/v1/notes?id=eq.1`, 'public')?.summary).toBe(
      'UPDATE notes',
    );
    expect(postgrestTarget('DELETE', `${base}/rest/v1/notes?id=eq.1`, 'app')).toMatchObject({
      summary: 'DELETE notes',
      namespace: 'app',
    });
  });

  it('names a function call through /rpc as EXECUTE of the stored procedure', () => {
    expect(postgrestTarget('GET', `${base}/rest/v1/rpc/health_ping`, undefined)).toEqual({
      operation: 'EXECUTE',
      collection: undefined,
      procedure: 'health_ping',
      namespace: 'public',
      summary: 'EXECUTE health_ping',
    });
    expect(postgrestTarget('POST', `${base}/rest/v1/rpc/db_report#x`, 'public')?.summary).toBe(
      'EXECUTE db_report',
    );
  });

  it('decodes the table name and knows nothing of other routes', () => {
    expect(postgrestTarget('GET', `${base}/rest/v1/my%20table`, 'public')?.collection).toBe(
      'my table',
    );
    expect(postgrestTarget('GET', `${base}/rest/v1/`, 'public')).toBeUndefined();
    expect(postgrestTarget('GET', `${base}/auth/v1/user`, 'public')).toBeUndefined();
    expect(postgrestTarget('GET', `${base}/rest/v1/notes/extra`, 'public')).toBeUndefined();
    expect(postgrestTarget('TRACE', `${base}/rest/v1/notes`, 'public')).toBeUndefined();
  });
});

describe('redactUrl', () => {
  it("redacts filter values and keeps PostgREST's own parameters", () => {
    expect(
      redactUrl(`${base}/rest/v1/notes?select=id,title&user_id=eq.abc&order=created_at.desc`),
    ).toBe(`${base}/rest/v1/notes?select=id,title&user_id=REDACTED&order=created_at.desc`);
    expect(redactUrl(`${base}/rest/v1/rpc/f?a=1&limit=5#frag`)).toBe(
      `${base}/rest/v1/rpc/f?a=REDACTED&limit=5#frag`,
    );
    expect(redactUrl(`${base}/rest/v1/notes`)).toBe(`${base}/rest/v1/notes`);
  });

  it('redacts credentials in the authority', () => {
    expect(redactUrl('https://user:secret@db.example.com/rest/v1/notes')).toBe(
      'https://REDACTED:REDACTED@db.example.com/rest/v1/notes',
    );
  });
});
