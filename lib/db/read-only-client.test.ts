import { describe, expect, it } from 'vitest';
import { createClient } from '@supabase/supabase-js';
import type { Database } from './database.types';
import type { DbClient } from './clients';
import { isDbReadOnlyError } from './db-errors';
import { readOnlyClient } from './read-only-client';

// Builders only: nothing here sends a request (no await, no then).
const client = createClient<Database>('http://127.0.0.1:9', 'anon-key-0123456789abcdef', {
  auth: { persistSession: false },
}) as DbClient;
const ro = readOnlyClient(client);

const thrown = (f: () => unknown) => {
  try {
    f();
  } catch (e) {
    return e;
  }
  return undefined;
};

describe('readOnlyClient', () => {
  it('refuses insert, update, upsert and delete with DbReadOnlyError', () => {
    for (const write of [
      () => ro.from('notes').insert({ title: 't' }),
      () => ro.from('notes').update({ title: 't' }),
      () => ro.from('notes').upsert({ title: 't' }),
      () => ro.from('notes').delete(),
    ]) {
      const err = thrown(write);
      expect(isDbReadOnlyError(err)).toBe(true);
      expect((err as Error).message).toMatch(/notes in a read-only call/);
    }
  });

  it('refuses an RPC unless it is called read-only (GET or HEAD)', () => {
    expect(isDbReadOnlyError(thrown(() => ro.rpc('health_ping')))).toBe(true);
    expect(thrown(() => ro.rpc('health_ping', undefined, { get: true }))).toBeUndefined();
    expect(thrown(() => ro.rpc('health_ping', undefined, { head: true }))).toBeUndefined();
  });

  it('lets reads through unchanged, in any schema, and is one proxy per client', () => {
    expect(thrown(() => ro.from('notes').select('id').eq('id', 1))).toBeUndefined();
    expect(isDbReadOnlyError(thrown(() => ro.schema('public').from('notes').delete()))).toBe(true);
    expect(readOnlyClient(client)).toBe(ro);
  });
});
