// Row-level security through supabase-js and the gateway, as the app's clients will see it.
import { createClient } from '@supabase/supabase-js';
import { beforeAll, describe, expect, it } from 'vitest';
import { createUser, sql } from '../scripts/testing/stack';

const url = () => process.env.SUPABASE_URL!;
const opts = { auth: { persistSession: false, autoRefreshToken: false } } as const;

describe('notes with RLS', () => {
  let alice: { id: string; accessToken: string };
  let bob: { id: string; accessToken: string };

  beforeAll(async () => {
    alice = await createUser();
    bob = await createUser();
    await sql(`insert into public.notes (user_id, title) values
      ('${alice.id}', 'alice 1'), ('${alice.id}', 'alice 2'), ('${bob.id}', 'bob 1')`);
  });

  it('the service-role client reads every row', async () => {
    const service = createClient(url(), process.env.SUPABASE_SERVICE_ROLE_KEY!, opts);
    const { data, error } = await service
      .from('notes')
      .select('title')
      .in('user_id', [alice.id, bob.id]);
    expect(error).toBeNull();
    expect(data!.map((r) => r.title).sort()).toEqual(['alice 1', 'alice 2', 'bob 1']);
  });

  it("the anon client with a user's JWT reads only that user's rows", async () => {
    const asAlice = createClient(url(), process.env.SUPABASE_ANON_KEY!, {
      ...opts,
      accessToken: async () => alice.accessToken,
    });
    const { data, error } = await asAlice.from('notes').select('title, user_id');
    expect(error).toBeNull();
    expect(data!.map((r) => r.title).sort()).toEqual(['alice 1', 'alice 2']);
    expect(new Set(data!.map((r) => r.user_id))).toEqual(new Set([alice.id]));
  });

  it('the anon client without a user reads none', async () => {
    const anon = createClient(url(), process.env.SUPABASE_ANON_KEY!, opts);
    const { data, error } = await anon.from('notes').select('title');
    expect(error).toBeNull();
    expect(data).toEqual([]);
  });

  it('a user cannot insert a note owned by someone else', async () => {
    const asBob = createClient(url(), process.env.SUPABASE_ANON_KEY!, {
      ...opts,
      accessToken: async () => bob.accessToken,
    });
    const { error } = await asBob.from('notes').insert({ user_id: alice.id, title: 'forged' });
    expect(error?.code).toBe('42501');
    expect(await sql(`select count(*) from public.notes where title = 'forged'`)).toBe('0');
  });

  it('the connection report is for service_role only; the ping is public', async () => {
    const anon = createClient(url(), process.env.SUPABASE_ANON_KEY!, opts);
    const service = createClient(url(), process.env.SUPABASE_SERVICE_ROLE_KEY!, opts);
    const denied = await anon.rpc('health_db_connections');
    expect(denied.error?.code).toBe('42501');
    const report = await service.rpc('health_db_connections');
    expect(report.error).toBeNull();
    expect(report.data).toMatchObject({ max_connections: 100 });
    expect(report.data.total).toBeGreaterThanOrEqual(1);
    expect((await anon.rpc('health_ping')).data).toBe(1);
  });

  it('the gateway refuses requests without a known API key', async () => {
    const res = await fetch(`${url()}/rest/v1/notes`, { headers: { apikey: 'not-a-key' } });
    expect(res.status).toBe(401);
  });
});
