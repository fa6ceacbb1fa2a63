import { describe, expect, it } from 'vitest';
import { normaliseOperation, operationOfRequest } from './operation-name';

describe('normaliseOperation', () => {
  it.each([
    ['GET /api/notes', 'GET /api/notes'],
    ['GET /api/notes/123', 'GET /api/notes/:n'],
    ['notes.create', 'notes.create'],
    ['health.probe', 'health.probe'],
    ['user 3f2b1c9a-8d7e-4f6a-9b5c-1d2e3f4a5b6c notes', 'user :id notes'],
    ['invite alice.smith+x@example.co.uk', 'invite :email'],
    ['session 9f86d081884c7d659a2feaa0c55ad015a3bf4f1b', 'session :id'],
    ['page 2 of notes limit=20', 'page :n of notes limit=:n'],
    ['api v2 sha256', 'api v2 sha256'],
    ['  spaced\tout  ', 'spaced out'],
    ['', 'unlabelled'],
  ])('%j → %j', (label, expected) => {
    expect(normaliseOperation(label)).toBe(expected);
  });

  it('cuts a label that is a payload rather than a name', () => {
    expect(normaliseOperation('x'.repeat(500))).toHaveLength(80);
  });
});

describe('operationOfRequest', () => {
  it.each([
    ['GET', 'http://127.0.0.1:1/rest/v1/notes?select=id&user_id=eq.5', 'SELECT notes'],
    ['HEAD', 'https://x.supabase.co/rest/v1/notes?select=id', 'SELECT notes'],
    ['POST', 'http://h/rest/v1/notes?select=*', 'INSERT notes'],
    ['PATCH', 'http://h/rest/v1/notes?id=eq.9', 'UPDATE notes'],
    ['DELETE', 'http://h/rest/v1/notes?id=eq.9', 'DELETE notes'],
    ['POST', 'http://h/rest/v1/rpc/health_ping', 'RPC health_ping'],
    ['GET', 'http://h/rest/v1/rpc/demo_slow_query?ms=5', 'RPC demo_slow_query'],
  ])('%s %s → %s', (method, url, expected) => {
    expect(operationOfRequest(method, url)).toBe(expected);
  });
});
