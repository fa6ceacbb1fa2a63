// The pool summary of GET /api/admin/health/db-pool, the shape the connection-pool manager this
// project replaces offered: status, utilization, success rate, response times and circuit state
// per client kind, and the figures that add up across kinds. Pure: snapshots in, JSON out.
import type { ClientKind, DbKindSnapshot } from '@/lib/db';
import type { ComponentHealth, HealthStatus } from '@/lib/health';

export interface ResponseTimes {
  readonly average: number;
  readonly p95: number;
  readonly p99: number;
}

export interface KindPoolSummary {
  readonly status: HealthStatus;
  /** Why the status is not pass, in words (the health checks' own). */
  readonly reasons: readonly string[];
  readonly circuit: { readonly state: string; readonly since: string; readonly reason?: string };
  readonly pool: {
    readonly inFlight: number;
    readonly queued: number;
    readonly max: number;
    readonly maxQueue: number;
    readonly peakInFlight: number;
  };
  /** In flight / max, now. */
  readonly utilization: number;
  /** Since the server started. */
  readonly requests: {
    readonly total: number;
    readonly successes: number;
    readonly failures: number;
    readonly retries: number;
    readonly rejected: { readonly breaker: number; readonly pool: number };
  };
  readonly successRate: number;
  /** Since the server started, milliseconds (calls that ran; refused ones have no time). */
  readonly responseTimeMs: ResponseTimes;
  readonly lastMinute: {
    readonly requests: number;
    readonly successRate: number;
    readonly responseTimeMs: ResponseTimes;
  };
}

export interface PoolSummary {
  readonly status: HealthStatus;
  readonly time: string;
  readonly kinds: Record<ClientKind, KindPoolSummary>;
  /**
   * What adds up across kinds: totals, the success rate from summed counts, utilization as summed
   * in-flight over summed max, the average weighted by calls. Percentiles are per kind only: they
   * cannot be merged from two summaries.
   */
  readonly overall: {
    readonly requests: {
      readonly total: number;
      readonly successes: number;
      readonly failures: number;
    };
    readonly successRate: number;
    readonly utilization: number;
    readonly averageResponseTimeMs: number;
  };
}

const RANK: Record<HealthStatus, number> = { pass: 0, warn: 1, fail: 2 };
const ms = (n: number) => Math.round(n * 10) / 10;
const ratio = (n: number) => Math.round(n * 10_000) / 10_000;

function kindSummary(snap: DbKindSnapshot, health: ComponentHealth | undefined): KindPoolSummary {
  const { lifetime, recent, pool, breaker } = snap;
  const state = breaker.state;
  return {
    // A kind the health checks did not judge has nothing against it.
    status: health?.status ?? 'pass',
    reasons: (health?.measurements ?? [])
      .filter((m) => m.status !== 'pass')
      .map((m) => m.output ?? m.name),
    circuit: {
      state: state.name,
      since: new Date(state.since).toISOString(),
      ...(state.name === 'open' ? { reason: state.reason } : {}),
    },
    pool: {
      inFlight: pool.inFlight,
      queued: pool.queued,
      max: pool.max,
      maxQueue: pool.maxQueue,
      peakInFlight: pool.peakInFlight,
    },
    utilization: ratio(pool.utilization),
    requests: {
      total: lifetime.calls + lifetime.rejections.breaker + lifetime.rejections.pool,
      successes: lifetime.successes,
      failures: lifetime.failures,
      retries: lifetime.retries,
      rejected: lifetime.rejections,
    },
    successRate: ratio(lifetime.successRate),
    responseTimeMs: {
      average: ms(lifetime.latency.meanMs),
      p95: ms(lifetime.latency.p95Ms),
      p99: ms(lifetime.latency.p99Ms),
    },
    lastMinute: {
      requests: recent.successes + recent.failures,
      successRate: ratio(recent.successRate),
      responseTimeMs: {
        average: ms(recent.latency.meanMs),
        p95: ms(recent.latency.p95Ms),
        p99: ms(recent.latency.p99Ms),
      },
    },
  };
}

/** The summary for both kinds; `components` are the health report's (ids `supabase-<kind>`). */
export function poolSummary(
  snapshots: Record<ClientKind, DbKindSnapshot>,
  components: readonly ComponentHealth[],
  now: Date,
): PoolSummary {
  const kinds = {
    service: kindSummary(
      snapshots.service,
      components.find((c) => c.id === 'supabase-service'),
    ),
    anon: kindSummary(
      snapshots.anon,
      components.find((c) => c.id === 'supabase-anon'),
    ),
  };
  const all = [snapshots.service, snapshots.anon];
  const sum = (f: (s: DbKindSnapshot) => number) => all.reduce((n, s) => n + f(s), 0);
  const successes = sum((s) => s.lifetime.successes);
  const failures = sum((s) => s.lifetime.failures);
  const timed = sum((s) => s.lifetime.latency.count);
  return {
    status: [kinds.service.status, kinds.anon.status].reduce((a, b) => (RANK[b] > RANK[a] ? b : a)),
    time: now.toISOString(),
    kinds,
    overall: {
      requests: {
        total: kinds.service.requests.total + kinds.anon.requests.total,
        successes,
        failures,
      },
      successRate: ratio(successes + failures === 0 ? 1 : successes / (successes + failures)),
      utilization: ratio(
        sum((s) => s.pool.inFlight) /
          Math.max(
            1,
            sum((s) => s.pool.max),
          ),
      ),
      averageResponseTimeMs: ms(
        timed === 0 ? 0 : sum((s) => s.lifetime.latency.meanMs * s.lifetime.latency.count) / timed,
      ),
    },
  };
}
