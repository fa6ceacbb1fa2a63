// Renders a HealthReport in the IETF health check response format (application/health+json,
// draft-inadarei-api-health-check): `status`, `checks` keyed "component:measurement", each with
// `componentType`, `observedValue`, `observedUnit`, `status`, `time` and `output`.
import type { ComponentHealth, HealthStatus } from './checks';
import type { HealthReport } from './health-service';

export const HEALTH_JSON = 'application/health+json';

export interface HealthCheckEntry {
  readonly componentId: string;
  readonly componentType: ComponentHealth['componentType'];
  readonly status: HealthStatus;
  readonly time?: string;
  readonly observedValue?: number | string | null;
  readonly observedUnit?: string;
  readonly output?: string;
}

export interface HealthJson {
  readonly status: HealthStatus;
  readonly serviceId: string;
  readonly description: string;
  readonly time: string;
  readonly output?: string;
  readonly checks: Record<string, HealthCheckEntry[]>;
}

/** Full: figures and reasons. Public: statuses only (no figures, no outputs). */
export function toHealthJson(report: HealthReport, full: boolean): HealthJson {
  const checks: Record<string, HealthCheckEntry[]> = {};
  for (const c of report.components) {
    for (const m of c.measurements) {
      const base = { componentId: c.id, componentType: c.componentType, status: m.status };
      checks[`${c.id}:${m.name}`] = [
        full
          ? {
              ...base,
              time: report.time,
              observedValue: m.observedValue,
              ...(m.observedUnit ? { observedUnit: m.observedUnit } : {}),
              ...(m.output ? { output: m.output } : {}),
            }
          : base,
      ];
    }
  }
  return {
    status: report.status,
    serviceId: 'supabase-data-layer',
    description: 'Supabase data layer and Redis cache',
    time: report.time,
    ...(full && report.reasons.length > 0 ? { output: report.reasons.join('; ') } : {}),
    checks,
  };
}

/** 200 for pass and warn, 503 for fail: a plain uptime checker needs only the status code. */
export function httpStatusFor(status: HealthStatus): number {
  return status === 'fail' ? 503 : 200;
}
