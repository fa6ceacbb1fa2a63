import { describe, expect, it } from 'vitest';
import { EnvError, parseServerEnv } from '../env';
import { CACHE_DEFAULTS, checkConnectionConfig, resolveCacheConfig } from './cache-config';

const base = {
  SUPABASE_URL: 'http://127.0.0.1:54321',
  SUPABASE_ANON_KEY: 'anon-key-anon-key-anon-key',
  SUPABASE_SERVICE_ROLE_KEY: 'service-key-service-key-service',
  REDIS_URL: 'redis://:pw-pw-pw-pw@127.0.0.1:6379',
};

describe('resolveCacheConfig', () => {
  it('takes the defaults for unset variables', () => {
    expect(resolveCacheConfig(parseServerEnv(base))).toEqual({
      keyPrefix: 'app:',
      connectTimeoutMs: 2_000,
      commandTimeoutMs: 250,
      maxRetriesPerRequest: 1,
      reconnectCapMs: 2_000,
      maxPendingCommands: 1_000,
    });
    expect(CACHE_DEFAULTS.keyPrefix).toBe('app:');
  });

  it('reads every REDIS_* setting', () => {
    const env = parseServerEnv({
      ...base,
      REDIS_KEY_PREFIX: 'shop:',
      REDIS_CONNECT_TIMEOUT_MS: '500',
      REDIS_COMMAND_TIMEOUT_MS: '100',
      REDIS_MAX_RETRIES_PER_REQUEST: '0',
      REDIS_RECONNECT_CAP_MS: '3000',
      REDIS_MAX_PENDING_COMMANDS: '50',
    });
    expect(resolveCacheConfig(env)).toEqual({
      keyPrefix: 'shop:',
      connectTimeoutMs: 500,
      commandTimeoutMs: 100,
      maxRetriesPerRequest: 0,
      reconnectCapMs: 3_000,
      maxPendingCommands: 50,
    });
  });

  it('fails at start-up naming the bad variable, never its value', () => {
    expect(() => parseServerEnv({ ...base, REDIS_COMMAND_TIMEOUT_MS: '0' })).toThrow(
      /REDIS_COMMAND_TIMEOUT_MS must be > 0/,
    );
    expect(() => parseServerEnv({ ...base, REDIS_KEY_PREFIX: 'a*b' })).toThrow(EnvError);
    expect(() => parseServerEnv({ ...base, REDIS_MAX_PENDING_COMMANDS: '1.5' })).toThrow(
      /REDIS_MAX_PENDING_COMMANDS must be a whole number/,
    );
  });
});

describe('checkConnectionConfig', () => {
  it('names the bad setting', () => {
    const ok = {
      connectTimeoutMs: 1,
      commandTimeoutMs: 1,
      maxRetriesPerRequest: 0,
      reconnectCapMs: 1,
    };
    expect(() => checkConnectionConfig(ok)).not.toThrow();
    expect(() => checkConnectionConfig({ ...ok, commandTimeoutMs: 0 })).toThrow(
      /commandTimeoutMs must be a positive whole number, got 0/,
    );
    expect(() => checkConnectionConfig({ ...ok, maxRetriesPerRequest: -1 })).toThrow(RangeError);
    expect(() => checkConnectionConfig({ ...ok, reconnectCapMs: Number.NaN })).toThrow(RangeError);
  });
});
