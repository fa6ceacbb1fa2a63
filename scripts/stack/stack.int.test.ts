// The stack helpers really stop, pause, crash and restart each service.
import { createClient } from '@supabase/supabase-js';
import Redis from 'ioredis';
import { describe, expect, it } from 'vitest';
import { faults, gatewayStats, resetGatewayStats, testStack } from '../testing/stack';
import { isAlive } from './index.ts';

const service = () =>
  createClient(process.env.SUPABASE_URL!, process.env.SUPABASE_SERVICE_ROLE_KEY!, {
    auth: { persistSession: false },
  });

async function ping(timeoutMs = 3000) {
  return service().rpc('health_ping').abortSignal(AbortSignal.timeout(timeoutMs));
}

describe('stack fault helpers', () => {
  it('a query fails while PostgREST is stopped and succeeds after restart', async () => {
    expect((await ping()).data).toBe(1);
    const before = testStack().pids.postgrest;
    await faults.stop('postgrest');
    expect(isAlive(before)).toBe(false);
    const down = await ping();
    expect(down.error).not.toBeNull();
    expect(down.status).toBe(502);
    await faults.start('postgrest');
    expect(testStack().pids.postgrest).not.toBe(before);
    expect((await ping()).data).toBe(1);
  });

  it('a paused PostgreSQL hangs queries until it is resumed', async () => {
    await ping();
    faults.pause('postgres');
    try {
      const started = Date.now();
      const hung = await ping(1000);
      expect(hung.error).not.toBeNull();
      expect(Date.now() - started).toBeGreaterThanOrEqual(900);
    } finally {
      faults.resume('postgres');
    }
    await expect.poll(async () => (await ping()).data, { timeout: 15_000, interval: 250 }).toBe(1);
  });

  it('PostgreSQL restarted: PostgREST reconnects and queries succeed again', async () => {
    await faults.restart('postgres');
    await expect.poll(async () => (await ping()).data, { timeout: 20_000, interval: 250 }).toBe(1);
  });

  it('Redis killed refuses commands; restarted it answers', async () => {
    const url = process.env.REDIS_URL!;
    const probe = async () => {
      const redis = new Redis(url, {
        lazyConnect: true,
        maxRetriesPerRequest: 0,
        retryStrategy: () => null,
        connectTimeout: 500,
      });
      redis.on('error', () => {});
      try {
        await redis.connect();
        return await redis.ping();
      } catch {
        return 'down';
      } finally {
        redis.disconnect();
      }
    };
    expect(await probe()).toBe('PONG');
    await faults.kill('redis');
    expect(await probe()).toBe('down');
    await faults.start('redis');
    expect(await probe()).toBe('PONG');
  });

  it('the gateway counts forwarded requests per route', async () => {
    await resetGatewayStats();
    await ping();
    await ping();
    await service().from('notes').select('id').limit(1);
    const stats = await gatewayStats();
    expect(stats.routes['POST /rest/v1/rpc/health_ping']).toBe(2);
    expect(stats.routes['GET /rest/v1/notes']).toBe(1);
    expect(stats.total).toBe(3);
  });
});
