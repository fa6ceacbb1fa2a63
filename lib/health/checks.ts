// Pure judgement: turns snapshots and probe results into pass / warn / fail per measurement,
// each saying which threshold it crossed.
import type { HealthThresholds } from './health-config';

export type HealthStatus = 'pass' | 'warn' | 'fail';

export interface Measurement {
  readonly name: string;
  readonly status: HealthStatus;
  readonly observedValue: number | string | null;
  readonly observedUnit?: string;
  /** Why it is not pass, in words: which threshold it crossed, or what failed. */
  readonly output?: string;
}

export interface ComponentHealth {
  /** e.g. 'supabase-service', 'redis'. */
  readonly id: string;
  readonly componentType: 'datastore' | 'component' | 'system';
  readonly status: HealthStatus;
  readonly measurements: readonly Measurement[];
}

const RANK: Record<HealthStatus, number> = { pass: 0, warn: 1, fail: 2 };

export function worst(statuses: readonly HealthStatus[]): HealthStatus {
  return statuses.reduce<HealthStatus>((a, b) => (RANK[b] > RANK[a] ? b : a), 'pass');
}

const pct = (r: number) => `${Math.round(r * 1000) / 10}%`;
const round = (n: number, digits = 2) => Math.round(n * 10 ** digits) / 10 ** digits;

/** Higher is worse (utilization, latency). */
export function above(
  name: string,
  value: number,
  unit: string,
  warn: number,
  fail: number,
  show: (n: number) => string,
): Measurement {
  const base = { name, observedValue: round(value, 4), observedUnit: unit };
  if (value >= fail)
    return {
      ...base,
      status: 'fail',
      output: `${name} ${show(value)} ≥ fail threshold ${show(fail)}`,
    };
  if (value >= warn)
    return {
      ...base,
      status: 'warn',
      output: `${name} ${show(value)} ≥ warn threshold ${show(warn)}`,
    };
  return { ...base, status: 'pass' };
}

/** Lower is worse (success rate, hit rate). */
export function below(
  name: string,
  value: number,
  unit: string,
  warn: number,
  fail: number | undefined,
  show: (n: number) => string,
): Measurement {
  const base = { name, observedValue: round(value, 4), observedUnit: unit };
  if (fail !== undefined && value < fail)
    return {
      ...base,
      status: 'fail',
      output: `${name} ${show(value)} < fail threshold ${show(fail)}`,
    };
  if (value < warn)
    return {
      ...base,
      status: 'warn',
      output: `${name} ${show(value)} < warn threshold ${show(warn)}`,
    };
  return { ...base, status: 'pass' };
}

export interface ProbeOutcome {
  readonly ok: boolean;
  readonly ms: number;
  readonly error?: string;
}

/** A probe's round trip: pass with the time, or `onFailure` with why. */
function responseTime(
  probe: ProbeOutcome,
  onFailure: 'warn' | 'fail',
  output: string,
): Measurement {
  return probe.ok
    ? { name: 'responseTime', status: 'pass', observedValue: round(probe.ms), observedUnit: 'ms' }
    : { name: 'responseTime', status: onFailure, observedValue: null, observedUnit: 'ms', output };
}

export interface DbFigures {
  readonly kind: string;
  readonly probe: ProbeOutcome;
  readonly breaker: {
    readonly state: 'closed' | 'open' | 'half-open';
    readonly since: number;
    readonly reason?: string;
  };
  /** Peak pool utilization over the last 10 s, 0..1. */
  readonly utilization: number;
  /** The present: the last minute, or since the breaker last closed (see DbKindSnapshot). */
  readonly recent: {
    readonly calls: number;
    readonly successRate: number;
    readonly p95Ms: number;
    readonly latencyCount: number;
  };
}

export function judgeDatabase(f: DbFigures, t: HealthThresholds): ComponentHealth {
  const m: Measurement[] = [];
  m.push(responseTime(f.probe, 'fail', `probe failed: ${f.probe.error ?? 'unknown error'}`));
  const since = new Date(f.breaker.since).toISOString();
  m.push(
    f.breaker.state === 'open'
      ? {
          name: 'breaker',
          status: 'fail',
          observedValue: 'open',
          output: `circuit breaker open since ${since}${f.breaker.reason ? `: ${f.breaker.reason}` : ''}`,
        }
      : f.breaker.state === 'half-open'
        ? {
            name: 'breaker',
            status: 'warn',
            observedValue: 'half-open',
            output: `circuit breaker half-open since ${since}: probing`,
          }
        : { name: 'breaker', status: 'pass', observedValue: 'closed' },
  );
  m.push(above('utilization', f.utilization, 'ratio', t.utilization.warn, t.utilization.fail, pct));
  if (f.recent.calls >= t.minCalls) {
    const rate = below(
      'successRate',
      f.recent.successRate,
      'ratio',
      t.successRate.warn,
      t.successRate.fail,
      pct,
    );
    // Health judges the present: while the database answers its probes, past failures can make
    // it warn, never fail (an uptime checker would otherwise extend every outage by a minute).
    m.push(
      rate.status === 'fail' && f.probe.ok
        ? { ...rate, status: 'warn', output: `${rate.output}, but the database answers its probes` }
        : rate,
    );
  } else {
    m.push({
      name: 'successRate',
      status: 'pass',
      observedValue: round(f.recent.successRate, 4),
      observedUnit: 'ratio',
    });
  }
  if (f.recent.latencyCount >= t.minCalls) {
    m.push(
      above('p95', f.recent.p95Ms, 'ms', t.p95Ms.warn, t.p95Ms.fail, (n) => `${round(n, 1)} ms`),
    );
  } else {
    m.push({
      name: 'p95',
      status: 'pass',
      observedValue: round(f.recent.p95Ms),
      observedUnit: 'ms',
    });
  }
  return {
    id: `supabase-${f.kind}`,
    componentType: 'datastore',
    status: worst(m.map((x) => x.status)),
    measurements: m,
  };
}

export interface CacheFigures {
  readonly status: string;
  readonly probe: ProbeOutcome;
  readonly recent: { readonly lookups: number; readonly hitRate: number };
}

/** Redis down is a warning, never a failure: the app degrades to the database. */
export function judgeCache(f: CacheFigures, t: HealthThresholds): ComponentHealth {
  const m: Measurement[] = [];
  m.push(
    responseTime(
      f.probe,
      'warn',
      `Redis unreachable (${f.probe.error ?? 'no answer'}); reads go to the database`,
    ),
  );
  m.push(
    f.status === 'ready'
      ? { name: 'connection', status: 'pass', observedValue: f.status }
      : {
          name: 'connection',
          status: 'warn',
          observedValue: f.status,
          output: `Redis connection is ${f.status}`,
        },
  );
  if (f.recent.lookups >= t.minCalls) {
    m.push(below('hitRate', f.recent.hitRate, 'ratio', t.cacheHitRate.warn, undefined, pct));
  } else {
    m.push({
      name: 'hitRate',
      status: 'pass',
      observedValue: round(f.recent.hitRate, 4),
      observedUnit: 'ratio',
    });
  }
  return {
    id: 'redis',
    componentType: 'datastore',
    status: worst(m.map((x) => x.status)),
    measurements: m,
  };
}

/** The reasons a set of components is not pass, worst first, in words. */
export function reasons(components: readonly ComponentHealth[]): string[] {
  return components
    .flatMap((c) =>
      c.measurements
        .filter((m) => m.status !== 'pass')
        .map((m) => ({ s: m.status, text: `${c.id}: ${m.output ?? m.name}` })),
    )
    .sort((a, b) => RANK[b.s] - RANK[a.s])
    .map((r) => r.text);
}
