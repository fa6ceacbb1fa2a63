// The pool summary from hand-made snapshots: per-kind figures as the snapshot has them, overall
// figures summed (never averaged percentiles), status and reasons from the health checks.
import { describe, expect, it } from 'vitest';
import type { DbKindSnapshot } from '@/lib/db';
import type { ComponentHealth } from '@/lib/health';
import { poolSummary } from './pool-summary';

const latency = (meanMs: number, p95Ms: number, p99Ms: number, count: number) => ({
  count,
  minMs: 1,
  meanMs,
  p50Ms: meanMs,
  p90Ms: p95Ms,
  p95Ms,
  p99Ms,
  p999Ms: p99Ms,
  maxMs: p99Ms,
});

function snapshot(kind: 'service' | 'anon', o: Partial<DbKindSnapshot> = {}): DbKindSnapshot {
  return {
    kind,
    lifetime: {
      calls: 100,
      successes: 97,
      failures: 3,
      successRate: 0.97,
      failuresByCode: { DB_UNAVAILABLE: 3 },
      retries: 4,
      timeouts: 0,
      rejections: { breaker: 0, pool: 0 },
      slowCalls: 1,
      latency: latency(12.345, 40.04, 80.06, 100),
    },
    recent: {
      windowMs: 60_000,
      since: 0,
      rejected: { breaker: 0, pool: 0 },
      calls: 20,
      successes: 20,
      failures: 0,
      callerFaults: 0,
      successRate: 1,
      retries: 0,
      latency: latency(10, 30, 35, 20),
    },
    pool: { inFlight: 2, queued: 0, max: 10, maxQueue: 100, utilization: 0.2, peakInFlight: 5 },
    breaker: {
      state: { name: 'closed', since: Date.UTC(2026, 0, 1) },
      window: { calls: 20, failures: 0, failureRate: 0 },
      consecutiveFailures: 0,
      transitions: [],
    },
    retryBudget: { requests: 100, retries: 4, available: 10 },
    slowCalls: [],
    config: {} as DbKindSnapshot['config'],
    ...o,
  };
}

const pass = (kind: string): ComponentHealth => ({
  id: `supabase-${kind}`,
  componentType: 'datastore',
  status: 'pass',
  measurements: [{ name: 'breaker', status: 'pass', observedValue: 'closed' }],
});

const now = new Date(Date.UTC(2026, 0, 1, 12));

describe('poolSummary', () => {
  it('gives each kind its status, utilization, success rate, response times, circuit and requests', () => {
    const s = poolSummary(
      { service: snapshot('service'), anon: snapshot('anon') },
      [pass('service'), pass('anon'), { ...pass('x'), id: 'redis', status: 'warn' }],
      now,
    );
    expect(s.status).toBe('pass'); // Redis is not the pool's business
    expect(s.time).toBe('2026-01-01T12:00:00.000Z');
    expect(s.kinds.service).toEqual({
      status: 'pass',
      reasons: [],
      circuit: { state: 'closed', since: '2026-01-01T00:00:00.000Z' },
      pool: { inFlight: 2, queued: 0, max: 10, maxQueue: 100, peakInFlight: 5 },
      utilization: 0.2,
      requests: {
        total: 100,
        successes: 97,
        failures: 3,
        retries: 4,
        rejected: { breaker: 0, pool: 0 },
      },
      successRate: 0.97,
      responseTimeMs: { average: 12.3, p95: 40, p99: 80.1 },
      lastMinute: {
        requests: 20,
        successRate: 1,
        responseTimeMs: { average: 10, p95: 30, p99: 35 },
      },
    });
  });

  it('counts refused calls as requests, and says why an open circuit is open', () => {
    const open = snapshot('anon', {
      lifetime: {
        ...snapshot('anon').lifetime,
        failures: 23,
        successRate: 97 / 120,
        rejections: { breaker: 20, pool: 0 },
      },
      breaker: {
        ...snapshot('anon').breaker,
        state: {
          name: 'open',
          since: Date.UTC(2026, 0, 1, 11, 59),
          reason: '10 consecutive failures (last: DB_UNAVAILABLE)',
          halfOpenAt: Date.UTC(2026, 0, 1, 12, 0, 15),
        },
      },
    });
    const anonHealth: ComponentHealth = {
      ...pass('anon'),
      status: 'fail',
      measurements: [
        { name: 'breaker', status: 'fail', observedValue: 'open', output: 'circuit breaker open' },
        { name: 'utilization', status: 'pass', observedValue: 0.2 },
        { name: 'successRate', status: 'warn', observedValue: 0.97 },
      ],
    };
    const s = poolSummary(
      { service: snapshot('service'), anon: open },
      [pass('service'), anonHealth],
      now,
    );
    expect(s.status).toBe('fail');
    expect(s.kinds.anon.status).toBe('fail');
    expect(s.kinds.anon.reasons).toEqual(['circuit breaker open', 'successRate']);
    expect(s.kinds.anon.circuit).toEqual({
      state: 'open',
      since: '2026-01-01T11:59:00.000Z',
      reason: '10 consecutive failures (last: DB_UNAVAILABLE)',
    });
    expect(s.kinds.anon.requests.total).toBe(120);
    expect(s.kinds.anon.successRate).toBe(0.8083);
  });

  it('overall: sums the counts, in-flight over max, and a call-weighted average; no merged percentiles', () => {
    const service = snapshot('service', {
      pool: { inFlight: 8, queued: 3, max: 20, maxQueue: 200, utilization: 0.4, peakInFlight: 12 },
      lifetime: { ...snapshot('service').lifetime, latency: latency(10, 20, 30, 300) },
    });
    const anon = snapshot('anon', {
      lifetime: { ...snapshot('anon').lifetime, latency: latency(30, 60, 90, 100) },
    });
    const s = poolSummary({ service, anon }, [pass('service'), pass('anon')], now);
    expect(s.overall).toEqual({
      requests: { total: 200, successes: 194, failures: 6 },
      successRate: 0.97,
      utilization: 0.3333, // (8 + 2) / (20 + 10), not the mean of 0.4 and 0.2
      averageResponseTimeMs: 15, // (10 × 300 + 30 × 100) / 400
    });
    expect(Object.keys(s.overall)).not.toContain('p95');
  });

  it('with no calls yet: a success rate of 1 and zero times, never NaN', () => {
    const idle = snapshot('service', {
      lifetime: {
        ...snapshot('service').lifetime,
        calls: 0,
        successes: 0,
        failures: 0,
        successRate: 1,
        latency: latency(0, 0, 0, 0),
      },
    });
    const s = poolSummary({ service: idle, anon: idle }, [], now);
    expect(s.status).toBe('pass');
    expect(s.overall.successRate).toBe(1);
    expect(s.overall.averageResponseTimeMs).toBe(0);
    expect(JSON.stringify(s)).not.toContain('null');
  });
});
