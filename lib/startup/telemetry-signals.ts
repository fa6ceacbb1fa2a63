// Which OpenTelemetry signals the configuration asks for, decided before anything of
// OpenTelemetry is loaded: with none, lib/telemetry is never imported and the data layer's
// observer stays unset.
import type { ServerEnv } from '../env';

export interface TelemetrySignals {
  readonly traces: boolean;
  readonly metrics: boolean;
}

/**
 * A signal is on when its exporter list names anything but `none`, or, with no list, when
 * OTEL_EXPORTER_OTLP_ENDPOINT is set (the SDK's default exporter is OTLP); OTEL_SDK_DISABLED=true
 * turns both off.
 */
export function telemetrySignals(env: ServerEnv): TelemetrySignals {
  if (env.OTEL_SDK_DISABLED) return { traces: false, metrics: false };
  const endpoint = env.OTEL_EXPORTER_OTLP_ENDPOINT !== undefined;
  const on = (list: readonly string[] | undefined) =>
    list === undefined ? endpoint : list.some((name) => name !== 'none');
  return { traces: on(env.OTEL_TRACES_EXPORTER), metrics: on(env.OTEL_METRICS_EXPORTER) };
}
