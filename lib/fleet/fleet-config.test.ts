import { describe, expect, it } from 'vitest';
import { parseServerEnv } from '../env';
import { defaultInstanceId, resolveFleetConfig } from './fleet-config';

const base = {
  SUPABASE_URL: 'http://127.0.0.1:54321',
  SUPABASE_ANON_KEY: 'anon-key-0123456789abcdef',
  SUPABASE_SERVICE_ROLE_KEY: 'service-key-0123456789abcdef',
  REDIS_URL: 'redis://127.0.0.1:6379',
};
const config = (extra: Record<string, string> = {}) =>
  resolveFleetConfig(parseServerEnv({ ...base, ...extra }));

describe('fleet configuration', () => {
  it('names the process by host, pid and its own start time, the same from every module copy', () => {
    const id = defaultInstanceId();
    expect(id).toMatch(new RegExp(`^[A-Za-z0-9_.-]+:${process.pid}:[0-9a-z]+$`));
    expect(defaultInstanceId()).toBe(id);
    expect(config({ INSTANCE_ID: 'pod-7' }).instanceId).toBe('pod-7');
  });

  it('defaults: 5 s flushes, 30 s TTL, keys apart from the cache, the timer on', () => {
    expect(config()).toMatchObject({
      flushMs: 5_000,
      instanceTtlMs: 30_000,
      keyPrefix: 'fleet:app:',
      timer: true,
    });
    expect(config({ REDIS_KEY_PREFIX: 'shop:' }).keyPrefix).toBe('fleet:shop:');
    expect(config({ FLEET_TIMER: '0' }).timer).toBe(false);
  });

  it('refuses an instance TTL shorter than two flushes, naming both', () => {
    expect(() => config({ FLEET_FLUSH_MS: '5000', FLEET_INSTANCE_TTL_MS: '9000' })).toThrow(
      /FLEET_INSTANCE_TTL_MS \(9000\).*FLEET_FLUSH_MS 5000/,
    );
  });
});
