// The stack's read replica: a hot standby streaming from the primary, served by its own PostgREST
// under the gateway's /replicas/1, that can be stopped, and whose WAL replay can be paused.
import { createClient } from '@supabase/supabase-js';
import { afterAll, describe, expect, it } from 'vitest';
import { faults, sql, testReplicaUrls } from '../testing/stack';

const replica = () =>
  createClient(testReplicaUrls()[0]!, process.env.SUPABASE_SERVICE_ROLE_KEY!, {
    auth: { persistSession: false },
  });

const email = () => `replica-${crypto.randomUUID()}@example.test`;
const onReplica = async (address: string) =>
  (await sql(`select count(*) from auth.users where email = '${address}'`, 'replica')) === '1';

afterAll(async () => {
  await faults.resumeReplay();
  await faults.start('replica-postgrest');
});

describe('stack read replica', () => {
  it('is a hot standby that replays what the primary writes, and answers through the gateway', async () => {
    expect(await sql('select pg_is_in_recovery()', 'replica')).toBe('t');
    expect(await sql('select pg_is_in_recovery()')).toBe('f');
    const address = email();
    await sql(`insert into auth.users (id, email) values (gen_random_uuid(), '${address}')`);
    await expect.poll(() => onReplica(address), { timeout: 10_000, interval: 50 }).toBe(true);
    const { data, error } = await replica().rpc('health_replica_lag', undefined, { get: true });
    expect(error).toBeNull();
    expect(data).toMatchObject({ in_recovery: true });
    // Writes are refused by the standby itself.
    const write = await replica().from('notes').insert({ title: 'x' });
    expect(write.error).not.toBeNull();
  });

  it('replay paused: writes reach the replica but are not applied, and lag grows; resumed: it catches up', async () => {
    await faults.pauseReplay();
    const address = email();
    await sql(`insert into auth.users (id, email) values (gen_random_uuid(), '${address}')`);
    await new Promise((r) => setTimeout(r, 600));
    expect(await onReplica(address)).toBe(false);
    const lag = JSON.parse(await sql('select public.health_replica_lag()', 'replica')) as {
      lag_bytes: number;
      replay_paused: boolean;
      lag_ms: number | null;
    };
    expect(lag.replay_paused).toBe(true);
    expect(lag.lag_bytes).toBeGreaterThan(0);
    expect(lag.lag_ms === null || lag.lag_ms >= 500).toBe(true);
    await faults.resumeReplay();
    await expect.poll(() => onReplica(address), { timeout: 10_000, interval: 50 }).toBe(true);
  });

  it("the replica's PostgREST stopped: its URL answers 502 until it is started again", async () => {
    await faults.stop('replica-postgrest');
    const down = await replica().rpc('health_ping', undefined, { get: true });
    expect(down.status).toBe(502);
    await faults.start('replica-postgrest');
    const up = await replica().rpc('health_ping', undefined, { get: true });
    expect(up.data).toBe(1);
  });
});
