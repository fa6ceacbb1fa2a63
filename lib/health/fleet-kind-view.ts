// The fleet's figures (or one remote instance's) in the shapes the instance views already have
// (DbKindSnapshot, the history points), so the dashboard draws a fleet and an instance alike.
import 'server-only';
import type { BreakerState, BreakerTransition } from '../resilience';
import { callerFaultsIn, type DbKindSnapshot, type DbSeriesPoint, type SlowCall } from '../db';
import {
  historyPoints,
  windowTotals,
  type FleetData,
  type InstanceStatus,
  type PublishedTransition,
} from '../fleet';

const RECENT_WINDOW_MS = 60_000;
type Kind = 'service' | 'anon';

/** The same data, cut to its last `windowMs`. */
export function narrow(data: FleetData, windowMs: number): FleetData {
  const from = data.now - windowMs;
  const records = new Map(
    [...data.records].map(([id, list]) => [id, list.filter((r) => r.start >= from)] as const),
  );
  return { ...data, windowMs, records };
}

const RANK = { closed: 0, 'half-open': 1, open: 2 } as const;

/** The worst breaker of the instances: open beats half-open beats closed. */
function worstBreaker(statuses: readonly InstanceStatus[], kind: Kind): BreakerState {
  let worst: InstanceStatus['db'][Kind]['breaker'] | undefined;
  for (const s of statuses) {
    const b = s.db[kind].breaker;
    if (!worst || RANK[b.state] > RANK[worst.state]) worst = b;
  }
  if (!worst || worst.state === 'closed') return { name: 'closed', since: worst?.since ?? 0 };
  if (worst.state === 'open')
    return {
      name: 'open',
      since: worst.since,
      reason: worst.reason ?? 'open on an instance',
      halfOpenAt: worst.since,
    };
  return { name: 'half-open', since: worst.since, probesInFlight: 0, probeSuccesses: 0 };
}

/** The window's totals and the last minute's, computed once for both kinds. */
export interface FleetTotals {
  readonly window: ReturnType<typeof windowTotals>;
  readonly recent: ReturnType<typeof windowTotals>;
}

export function fleetTotals(data: FleetData, ids?: ReadonlySet<string>): FleetTotals {
  return {
    window: windowTotals(data, ids),
    recent: windowTotals(narrow(data, RECENT_WINDOW_MS), ids),
  };
}

export type FleetTransition = BreakerTransition & { readonly instance: string };
export type FleetSlowCall = SlowCall & { readonly instance: string };

/**
 * One kind over the instances of `ids` (the listed ones when absent): lifetime counts summed from
 * their statuses, recent figures and latency merged from their buckets, pools summed, the worst
 * breaker. `local` supplies what is the same everywhere (settings).
 */
export function fleetKind(
  data: FleetData,
  kind: Kind,
  local: DbKindSnapshot,
  totals: FleetTotals,
  ids?: ReadonlySet<string>,
): DbKindSnapshot & { readonly instances: number } {
  const members = data.instances.filter((i) => (ids ? ids.has(i.id) : i.listed));
  const statuses = members.flatMap((i) => (i.status ? [i.status] : []));
  const window = totals.window[kind];
  const recent = totals.recent[kind];
  const sum = (f: (s: InstanceStatus['db'][Kind]) => number) =>
    statuses.reduce((n, s) => n + f(s.db[kind]), 0);
  const life = (c: keyof InstanceStatus['db'][Kind]['lifetime']) => sum((s) => s.lifetime[c]);
  const byCode: Record<string, number> = {};
  for (const s of statuses)
    for (const [code, n] of Object.entries(s.db[kind].failuresByCode))
      byCode[code] = (byCode[code] ?? 0) + n;
  const successes = life('successes');
  const failures = life('failures');
  const inFlight = sum((s) => s.inFlight);
  const max = sum((s) => s.max);
  const recentFinished = recent.counters.successes + recent.counters.failures;
  const transitions: FleetTransition[] = data.transitions
    .filter((t: PublishedTransition & { instance: string }) => t.kind === kind)
    .filter((t) => !ids || ids.has(t.instance))
    .map(({ from, to, at, reason, instance }) => ({ from, to, at, reason, instance }));
  const slowCalls: FleetSlowCall[] = data.slowCalls
    .filter((s) => s.kind === kind && (!ids || ids.has(s.instance)))
    .map((s) => ({
      context: s.context ?? 'unlabelled',
      durationMs: s.durationMs,
      at: s.at,
      outcome: s.outcome ?? 'unknown',
      attempts: s.attempts ?? 1,
      instance: s.instance,
    }));
  return {
    kind,
    instances: statuses.length,
    lifetime: {
      calls: life('calls'),
      successes,
      failures,
      successRate: successes + failures === 0 ? 1 : successes / (successes + failures),
      failuresByCode: byCode,
      retries: life('retries'),
      timeouts: life('timeouts'),
      rejections: { breaker: life('rejectedBreaker'), pool: life('rejectedPool') },
      slowCalls: life('slow'),
      // Merged from the window's buckets: instances publish intervals, not lifetime histograms.
      latency: window.latency,
    },
    recent: {
      windowMs: RECENT_WINDOW_MS,
      since: data.now - RECENT_WINDOW_MS,
      calls: recent.counters.calls,
      successes: recent.counters.successes,
      failures: recent.counters.failures,
      callerFaults: callerFaultsIn(recent.failuresByCode),
      successRate: recent.successRate,
      retries: recent.counters.retries,
      rejected: { breaker: recent.counters.rejectedBreaker, pool: recent.counters.rejectedPool },
      latency: recent.latency,
    },
    pool: {
      inFlight,
      queued: sum((s) => s.queued),
      max,
      maxQueue: local.pool.maxQueue * Math.max(1, statuses.length),
      utilization: max === 0 ? 0 : inFlight / max,
      peakInFlight: Math.round(window.peakUtilization * max),
    },
    breaker: {
      state: worstBreaker(statuses, kind),
      window: {
        calls: recentFinished,
        failures: recent.counters.failures,
        failureRate: recentFinished === 0 ? 0 : recent.counters.failures / recentFinished,
      },
      consecutiveFailures: 0,
      transitions,
    },
    retryBudget: {
      requests: recent.counters.calls,
      retries: recent.counters.retries,
      available: local.retryBudget.available,
    },
    slowCalls,
    config: local.config,
  };
}

/** The fleet's (or the instances of `ids`') history points, in the instance views' shape. */
export function fleetHistory(data: FleetData, ids?: ReadonlySet<string>) {
  const { db, cache } = historyPoints(data, ids);
  const transitions = (kind: Kind): FleetTransition[] =>
    data.transitions
      .filter((t) => t.kind === kind && (!ids || ids.has(t.instance)))
      .map(({ from, to, at, reason, instance }) => ({ from, to, at, reason, instance }));
  return {
    db: db as Record<Kind, DbSeriesPoint[]>,
    cache,
    transitions: { service: transitions('service'), anon: transitions('anon') },
  };
}
