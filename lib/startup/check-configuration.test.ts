import { describe, expect, it } from 'vitest';
import { DB_PRESETS, presetName, resolveDbConfig } from '../db';
import { parseServerEnv } from '../env';
import { checkConfiguration } from './check-configuration';

const base = {
  SUPABASE_URL: 'http://127.0.0.1:54321',
  SUPABASE_ANON_KEY: 'anon-key-0123456789abcdef',
  SUPABASE_SERVICE_ROLE_KEY: 'service-key-0123456789abcdef',
  REDIS_URL: 'redis://127.0.0.1:6379',
};

describe('checkConfiguration', () => {
  it('accepts every preset as it is', () => {
    for (const APP_ENV of ['development', 'staging', 'production']) {
      expect(
        checkConfiguration({ ...base, APP_ENV, HEALTH_TOKEN: 'health-token-0123456789' }),
      ).toEqual([]);
    }
  });

  it('picks the preset from APP_ENV, else NODE_ENV; the slow-call threshold is 100 ms in each', () => {
    const env = (extra: Record<string, string>) => parseServerEnv({ ...base, ...extra });
    expect(presetName(env({}))).toBe('development');
    expect(
      presetName(env({ NODE_ENV: 'production', HEALTH_TOKEN: 'health-token-0123456789' })),
    ).toBe('production');
    expect(presetName(env({ APP_ENV: 'staging' }))).toBe('staging');
    expect(resolveDbConfig(env({ APP_ENV: 'staging' }))).toEqual(DB_PRESETS.staging);
    for (const p of Object.values(DB_PRESETS)) expect(p.slowCallMs).toBe(100);
    expect(resolveDbConfig(env({ DB_SLOW_CALL_MS: '250' })).slowCallMs).toBe(250);
  });

  it('names every contradiction at once, at start-up rather than at the first query', () => {
    const problems = checkConfiguration({
      ...base,
      DB_POOL_SIZE: '2',
      DB_BREAKER_HALF_OPEN_PROBES: '5',
      HEALTH_UTILIZATION_WARN: '0.9',
      HEALTH_UTILIZATION_FAIL: '0.5',
      FLEET_FLUSH_MS: '10000',
      FLEET_INSTANCE_TTL_MS: '15000',
    });
    expect(problems).toHaveLength(3);
    expect(problems.join('\n')).toMatch(/DB_BREAKER_HALF_OPEN_PROBES \(5\) must be ≤ DB_POOL_SIZE/);
    expect(problems.join('\n')).toMatch(/HEALTH_UTILIZATION_WARN/);
    expect(problems.join('\n')).toMatch(/FLEET_INSTANCE_TTL_MS \(15000\)/);
  });

  it('reports a bad variable by name (never its value), and an unknown preset', () => {
    const [problem] = checkConfiguration({ ...base, APP_ENV: 'qa', REDIS_URL: 'http://secret@x' });
    expect(problem).toMatch(/APP_ENV must be development, staging or production/);
    expect(problem).toMatch(/REDIS_URL must be a redis/);
    expect(problem).not.toContain('secret');
  });
});
