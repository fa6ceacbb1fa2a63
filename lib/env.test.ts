import { describe, expect, it } from 'vitest';
import { EnvError, parseServerEnv } from './env';

const good = {
  SUPABASE_URL: 'http://127.0.0.1:54321',
  SUPABASE_ANON_KEY: 'anon-key-anon-key-anon-key',
  SUPABASE_SERVICE_ROLE_KEY: 'service-key-service-key-service',
  REDIS_URL: 'redis://127.0.0.1:6379',
};

describe('parseServerEnv', () => {
  it('accepts a complete configuration and defaults NODE_ENV', () => {
    expect(parseServerEnv(good).NODE_ENV).toBe('development');
  });

  it('names every missing variable', () => {
    expect(() =>
      parseServerEnv({ ...good, SUPABASE_URL: undefined, REDIS_URL: undefined }),
    ).toThrow(/SUPABASE_URL is not set.*REDIS_URL is not set/);
  });

  it('says what is wrong without echoing the value', () => {
    const secret = 'postgres://user:hunter2@db';
    try {
      parseServerEnv({ ...good, REDIS_URL: secret });
      expect.unreachable();
    } catch (err) {
      expect(err).toBeInstanceOf(EnvError);
      expect((err as Error).message).toMatch(/REDIS_URL must be a redis/);
      expect((err as Error).message).not.toContain('hunter2');
    }
  });

  it('requires HEALTH_TOKEN in production, and says why', () => {
    expect(() => parseServerEnv({ ...good, NODE_ENV: 'production' })).toThrow(
      /HEALTH_TOKEN must be set in production/,
    );
    expect(
      parseServerEnv({ ...good, NODE_ENV: 'production', HEALTH_TOKEN: 'a-long-enough-token-123' })
        .HEALTH_TOKEN,
    ).toBe('a-long-enough-token-123');
  });

  it('checks thresholds as ratios', () => {
    expect(() => parseServerEnv({ ...good, HEALTH_UTILIZATION_WARN: '1.5' })).toThrow(
      /HEALTH_UTILIZATION_WARN must be ≤ 1/,
    );
  });

  it('reads the OpenTelemetry switches: exporter lists checked by name, the endpoint as a URL', () => {
    const env = parseServerEnv({
      ...good,
      OTEL_EXPORTER_OTLP_ENDPOINT: 'http://127.0.0.1:4318',
      OTEL_TRACES_EXPORTER: 'otlp, console',
      OTEL_SDK_DISABLED: 'false',
    });
    expect(env.OTEL_TRACES_EXPORTER).toEqual(['otlp', 'console']);
    expect(env.OTEL_METRICS_EXPORTER).toBeUndefined();
    expect(env.OTEL_SDK_DISABLED).toBe(false);
    expect(() => parseServerEnv({ ...good, OTEL_METRICS_EXPORTER: 'otlp,statsd' })).toThrow(
      /OTEL_METRICS_EXPORTER must be a comma-separated list of otlp, console, prometheus, none/,
    );
    expect(() => parseServerEnv({ ...good, OTEL_EXPORTER_OTLP_ENDPOINT: 'collector' })).toThrow(
      /OTEL_EXPORTER_OTLP_ENDPOINT must be the OTLP base URL/,
    );
  });
});
