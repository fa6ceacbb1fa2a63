// THE table of the app's Prometheus metrics: every name, help, type and label is declared here
// once. These names are the contract of monitoring/ (alert rules, recording rules, the Grafana
// dashboard): rename one there too. Labels are bounded: client kind, outcome (an error code from a
// closed set), breaker state, rejection reason, cache result, health component.
import 'server-only';
import { CALL_LATENCY_BOUNDS_MS, COMMAND_LATENCY_BOUNDS_MS } from '../metrics';
import { CLIENT_KINDS, type ClientKind, type DbKindSnapshot } from '../db';
import { specsReading, type Sample } from './metric-spec';
import type { ScrapeSources } from './scrape-sources';

const metric = specsReading<ScrapeSources>();

const BREAKER_STATES = ['closed', 'open', 'half-open'] as const;
const STATUS_VALUE = { pass: 0, warn: 1, fail: 2 } as const;
/** Error codes are a closed union; anything else (never expected) is folded, keeping labels bounded. */
const OUTCOME = /^[A-Z][A-Z0-9_]{0,39}$/;

/** One sample per client kind. */
function perKind(s: ScrapeSources, value: (k: DbKindSnapshot) => number): Sample<'kind'>[] {
  const db = s.db();
  return CLIENT_KINDS.map((kind: ClientKind) => ({ labels: { kind }, value: value(db[kind]) }));
}

/**
 * Seconds since the breaker last left `closed`: an open → half-open → open cycle is one spell,
 * so a breaker whose probes keep failing shows a growing figure. 0 while closed.
 */
export function notClosedSeconds(k: DbKindSnapshot, now: number): number {
  const { state, transitions } = k.breaker;
  if (state.name === 'closed') return 0;
  const left = transitions.findLast((t) => t.from === 'closed');
  // The log is bounded: if the opening fell off it, its oldest entry is a lower bound.
  const since = left?.at ?? transitions[0]?.at ?? state.since;
  return Math.max(0, (now - since) / 1000);
}

export const METRIC_SPECS = [
  // The data layer, per client kind (service, anon).
  metric({
    name: 'db_calls_total',
    help: 'Wrapped database calls that ended, by operation (its context, or table and operation; at most DB_MAX_OPERATIONS, then "other") and outcome: success, or the error code (CIRCUIT_OPEN and POOL_EXHAUSTED for calls refused by the breaker or the pool).',
    type: 'counter',
    labelNames: ['kind', 'operation', 'outcome'] as const,
    read: (s) => {
      const ops = s.dbOperations();
      return CLIENT_KINDS.flatMap((kind) =>
        ops[kind].flatMap((op) => {
          // Refusals are kept apart from failures in the data layer's figures; here they are
          // outcomes of their own, so the availability SLO counts them.
          const byOutcome = new Map<string, number>([
            ['success', op.counts.successes],
            ['CIRCUIT_OPEN', op.counts.rejectedBreaker],
            ['POOL_EXHAUSTED', op.counts.rejectedPool],
          ]);
          for (const [code, n] of op.failuresByCode) {
            const outcome = OUTCOME.test(code) ? code : 'OTHER';
            byOutcome.set(outcome, (byOutcome.get(outcome) ?? 0) + n);
          }
          return [...byOutcome].map(([outcome, value]) => ({
            labels: { kind, operation: op.name, outcome },
            value,
          }));
        }),
      );
    },
  }),
  metric({
    name: 'db_call_duration_seconds',
    help: 'Duration of wrapped database calls that ran (queueing, attempts and backoff included; refused calls are not in it), by operation (at most DB_MAX_OPERATIONS, then "other").',
    type: 'histogram',
    labelNames: ['kind', 'operation'] as const,
    boundsMs: CALL_LATENCY_BOUNDS_MS,
    read: (s) => {
      const ops = s.dbOperations();
      return CLIENT_KINDS.flatMap((kind) =>
        ops[kind].map((op) => ({
          labels: { kind, operation: op.name },
          buckets: op.durations.snapshot(),
        })),
      );
    },
  }),
  metric({
    name: 'db_retries_total',
    help: 'Retries made by the data layer (attempts after the first).',
    type: 'counter',
    labelNames: ['kind'] as const,
    read: (s) => perKind(s, (k) => k.lifetime.retries),
  }),
  metric({
    name: 'db_timeouts_total',
    help: 'Wrapped calls that ended in a timeout (also counted in db_calls_total{outcome="DB_TIMEOUT"}).',
    type: 'counter',
    labelNames: ['kind'] as const,
    read: (s) => perKind(s, (k) => k.lifetime.timeouts),
  }),
  metric({
    name: 'db_rejections_total',
    help: 'Calls refused before running, by reason: breaker (circuit open) or pool (queue full or wait timed out).',
    type: 'counter',
    labelNames: ['kind', 'reason'] as const,
    read: (s) => {
      const db = s.db();
      return CLIENT_KINDS.flatMap((kind) =>
        (['breaker', 'pool'] as const).map((reason) => ({
          labels: { kind, reason },
          value: db[kind].lifetime.rejections[reason],
        })),
      );
    },
  }),
  metric({
    name: 'db_slow_calls_total',
    help: 'Wrapped calls at least as long as the slow-call threshold (DB_SLOW_CALL_MS).',
    type: 'counter',
    labelNames: ['kind'] as const,
    read: (s) => perKind(s, (k) => k.lifetime.slowCalls),
  }),
  metric({
    name: 'db_pool_in_flight',
    help: 'Calls running now (holding a pool slot).',
    type: 'gauge',
    labelNames: ['kind'] as const,
    read: (s) => perKind(s, (k) => k.pool.inFlight),
  }),
  metric({
    name: 'db_pool_queued',
    help: 'Calls waiting for a pool slot now.',
    type: 'gauge',
    labelNames: ['kind'] as const,
    read: (s) => perKind(s, (k) => k.pool.queued),
  }),
  metric({
    name: 'db_pool_max',
    help: 'Pool size: calls in flight at most (DB_POOL_SIZE).',
    type: 'gauge',
    labelNames: ['kind'] as const,
    read: (s) => perKind(s, (k) => k.pool.max),
  }),
  metric({
    name: 'db_pool_utilization_ratio',
    help: 'Calls in flight / pool size, from 0 to 1. For a fleet, divide summed db_pool_in_flight by summed db_pool_max.',
    type: 'gauge',
    labelNames: ['kind'] as const,
    read: (s) => perKind(s, (k) => k.pool.utilization),
  }),
  metric({
    name: 'db_breaker_state',
    help: 'Circuit breaker state as a state set: 1 on the current state (closed, open or half-open), 0 on the others.',
    type: 'gauge',
    labelNames: ['kind', 'state'] as const,
    read: (s) => {
      const db = s.db();
      return CLIENT_KINDS.flatMap((kind) =>
        BREAKER_STATES.map((state) => ({
          labels: { kind, state },
          value: db[kind].breaker.state.name === state ? 1 : 0,
        })),
      );
    },
  }),
  metric({
    name: 'db_breaker_not_closed_seconds',
    help: 'Seconds since the breaker last left closed (open and half-open in a row count as one spell); 0 while closed.',
    type: 'gauge',
    labelNames: ['kind'] as const,
    read: (s) => {
      const now = Date.now();
      return perKind(s, (k) => notClosedSeconds(k, now));
    },
  }),
  metric({
    name: 'db_breaker_reset_timeout_seconds',
    help: 'How long the breaker stays open before letting probes through (DB_BREAKER_RESET_MS).',
    type: 'gauge',
    labelNames: ['kind'] as const,
    read: (s) => perKind(s, (k) => k.config.breakerResetMs / 1000),
  }),
  metric({
    name: 'db_retry_budget_available',
    help: 'Retries the retry budget would allow now (DB_RETRY_BUDGET_RATIO of recent calls, plus a floor per second).',
    type: 'gauge',
    labelNames: ['kind'] as const,
    read: (s) => perKind(s, (k) => k.retryBudget.available),
  }),
  // Read replicas (SUPABASE_READ_REPLICA_URLS): per replica (replica-1, replica-2, …, at most 10).
  metric({
    name: 'db_replica_lag_seconds',
    help: 'Replay lag of each read replica, from its latest health_replica_lag() probe; absent while unknown.',
    type: 'gauge',
    labelNames: ['replica'] as const,
    read: (s) =>
      s
        .replicas()
        .replicas.filter((r) => r.lag.ok && r.lag.lagMs !== null)
        .map((r) => ({ labels: { replica: r.name }, value: r.lag.lagMs! / 1000 })),
  }),
  metric({
    name: 'db_replica_eligible',
    help: 'Whether each read replica takes reads now: 1 yes, 0 no (lag above DB_REPLICA_MAX_LAG_MS, probe failed or stale, breaker open).',
    type: 'gauge',
    labelNames: ['replica'] as const,
    read: (s) =>
      s
        .replicas()
        .replicas.map((r) => ({ labels: { replica: r.name }, value: r.eligible ? 1 : 0 })),
  }),
  metric({
    name: 'db_replica_calls_total',
    help: 'Calls each read replica ran, by outcome: success or failure (its lag probes included).',
    type: 'counter',
    labelNames: ['replica', 'outcome'] as const,
    read: (s) =>
      s.replicas().replicas.flatMap((r) => [
        { labels: { replica: r.name, outcome: 'success' }, value: r.client.lifetime.successes },
        { labels: { replica: r.name, outcome: 'failure' }, value: r.client.lifetime.failures },
      ]),
  }),
  metric({
    name: 'db_replica_pool_utilization_ratio',
    help: 'Calls in flight / pool size of each read replica, from 0 to 1.',
    type: 'gauge',
    labelNames: ['replica'] as const,
    read: (s) =>
      s
        .replicas()
        .replicas.map((r) => ({ labels: { replica: r.name }, value: r.client.pool.utilization })),
  }),
  metric({
    name: 'db_replica_breaker_state',
    help: "Each read replica's circuit breaker as a state set: 1 on the current state, 0 on the others.",
    type: 'gauge',
    labelNames: ['replica', 'state'] as const,
    read: (s) =>
      s.replicas().replicas.flatMap((r) =>
        BREAKER_STATES.map((state) => ({
          labels: { replica: r.name, state },
          value: r.client.breaker.state.name === state ? 1 : 0,
        })),
      ),
  }),
  metric({
    name: 'db_read_routes_total',
    help: 'Replica-ok reads by where they were sent: primary, or a replica (replica-1, …).',
    type: 'counter',
    labelNames: ['target'] as const,
    read: (s) => {
      const snap = s.replicas();
      if (!snap.configured) return [];
      const primary = Object.values(snap.primaryReads).reduce((a, b) => a + b, 0);
      return [
        { labels: { target: 'primary' }, value: primary },
        ...snap.replicas.map((r) => ({ labels: { target: r.name }, value: r.reads })),
      ];
    },
  }),
  metric({
    name: 'db_failover_active',
    help: "Whether each client kind's replica-ok reads go to replicas now (primary pool ≥ DB_FAILOVER_UTILIZATION or its breaker not closed): 1 yes, 0 no.",
    type: 'gauge',
    labelNames: ['kind'] as const,
    read: (s) => {
      const snap = s.replicas();
      if (!snap.configured) return [];
      return CLIENT_KINDS.map((kind) => ({
        labels: { kind },
        value: snap.failover.kinds[kind].name === 'failover' ? 1 : 0,
      }));
    },
  }),
  metric({
    name: 'db_failover_activations_total',
    help: 'Times replica-ok reads moved from the primary to replicas.',
    type: 'counter',
    labelNames: [] as const,
    read: (s) => {
      const snap = s.replicas();
      return snap.configured ? [{ labels: {}, value: snap.failover.activations }] : [];
    },
  }),
  // The cache (one Redis client per process).
  metric({
    name: 'cache_lookups_total',
    help: 'Cache lookups by result: hit (answered from Redis), miss (loader called, value stored), bypass (Redis down or slow, loader called).',
    type: 'counter',
    labelNames: ['result'] as const,
    read: (s) => {
      const { hits, misses, bypasses } = s.cache().lifetime;
      return [
        { labels: { result: 'hit' }, value: hits },
        { labels: { result: 'miss' }, value: misses },
        { labels: { result: 'bypass' }, value: bypasses },
      ];
    },
  }),
  metric({
    name: 'cache_command_duration_seconds',
    help: 'Round trip of the cache’s Redis commands.',
    type: 'histogram',
    labelNames: [] as const,
    boundsMs: COMMAND_LATENCY_BOUNDS_MS,
    read: (s) => [{ labels: {}, buckets: s.cacheDurations() }],
  }),
  metric({
    name: 'cache_sets_total',
    help: 'Values written to the cache.',
    type: 'counter',
    labelNames: [] as const,
    read: (s) => [{ labels: {}, value: s.cache().lifetime.sets }],
  }),
  metric({
    name: 'cache_deletes_total',
    help: 'Keys removed by invalidation.',
    type: 'counter',
    labelNames: [] as const,
    read: (s) => [{ labels: {}, value: s.cache().lifetime.deletes }],
  }),
  metric({
    name: 'cache_errors_total',
    help: 'Redis command errors seen by the cache, by type: timeout, connection or other.',
    type: 'counter',
    labelNames: ['type'] as const,
    read: (s) =>
      Object.entries(s.cache().lifetime.errorsByKind).map(([type, value]) => ({
        labels: { type },
        value,
      })),
  }),
  metric({
    name: 'cache_reconnects_total',
    help: 'Times the Redis connection was lost and reconnecting began.',
    type: 'counter',
    labelNames: [] as const,
    read: (s) => [{ labels: {}, value: s.cache().reconnects }],
  }),
  metric({
    name: 'cache_pending_commands',
    help: 'Redis commands sent and awaiting replies (bounded by REDIS_MAX_PENDING_COMMANDS).',
    type: 'gauge',
    labelNames: [] as const,
    read: (s) => [{ labels: {}, value: s.cache().queues.command }],
  }),
  metric({
    name: 'redis_up',
    help: '1 when Redis answered the last PING and INFO (shared probe), 0 otherwise.',
    type: 'gauge',
    labelNames: [] as const,
    read: async (s) => [{ labels: {}, value: (await s.redis()).reachable ? 1 : 0 }],
  }),
  metric({
    name: 'redis_memory_used_bytes',
    help: 'Memory Redis reports as used (INFO used_memory); absent while Redis is unreachable.',
    type: 'gauge',
    labelNames: [] as const,
    read: async (s) => {
      const info = await s.redis();
      return info.reachable && info.usedMemoryBytes !== null
        ? [{ labels: {}, value: info.usedMemoryBytes }]
        : [];
    },
  }),
  metric({
    name: 'redis_memory_max_bytes',
    help: 'Redis maxmemory (0: no limit); absent while Redis is unreachable.',
    type: 'gauge',
    labelNames: [] as const,
    read: async (s) => {
      const info = await s.redis();
      return info.reachable && info.maxMemoryBytes !== null
        ? [{ labels: {}, value: info.maxMemoryBytes }]
        : [];
    },
  }),
  // The health API's own judgement of this instance.
  metric({
    name: 'health_status',
    help: 'Health as GET /api/health judges it, overall and per component: 0 pass, 1 warn, 2 fail.',
    type: 'gauge',
    labelNames: ['component'] as const,
    read: async (s) => {
      const report = await s.health();
      return [
        { labels: { component: 'overall' }, value: STATUS_VALUE[report.status] },
        ...report.components.map((c) => ({
          labels: { component: c.id },
          value: STATUS_VALUE[c.status],
        })),
      ];
    },
  }),
  metric({
    name: 'health_ready',
    help: 'Readiness as GET /api/health/ready judges it: 1 ready, 0 not (database unreachable or a breaker open).',
    type: 'gauge',
    labelNames: [] as const,
    read: async (s) => [{ labels: {}, value: (await s.readiness()).ready ? 1 : 0 }],
  }),
];
