import { describe, expect, it } from 'vitest';
import { parseServerEnv } from '../env';
import { telemetrySignals } from './telemetry-signals';

const base = {
  SUPABASE_URL: 'http://127.0.0.1:54321',
  SUPABASE_ANON_KEY: 'anon-key-anon-key-anon-key',
  SUPABASE_SERVICE_ROLE_KEY: 'service-key-service-key-service',
  REDIS_URL: 'redis://127.0.0.1:6379',
};
const signals = (vars: Record<string, string>) =>
  telemetrySignals(parseServerEnv({ ...base, ...vars }));

describe('telemetrySignals', () => {
  it('is off with no OpenTelemetry variable', () => {
    expect(signals({})).toEqual({ traces: false, metrics: false });
  });

  it('turns both signals on with an OTLP endpoint', () => {
    expect(signals({ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://127.0.0.1:4318' })).toEqual({
      traces: true,
      metrics: true,
    });
  });

  it('follows the exporter lists, `none` included', () => {
    expect(signals({ OTEL_TRACES_EXPORTER: 'console' })).toEqual({ traces: true, metrics: false });
    expect(
      signals({
        OTEL_EXPORTER_OTLP_ENDPOINT: 'http://127.0.0.1:4318',
        OTEL_METRICS_EXPORTER: 'none',
      }),
    ).toEqual({ traces: true, metrics: false });
    expect(signals({ OTEL_TRACES_EXPORTER: 'none', OTEL_METRICS_EXPORTER: 'none' })).toEqual({
      traces: false,
      metrics: false,
    });
  });

  it('is off when OTEL_SDK_DISABLED=true, whatever else is set', () => {
    expect(
      signals({ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://127.0.0.1:4318', OTEL_SDK_DISABLED: 'true' }),
    ).toEqual({ traces: false, metrics: false });
  });
});
