import { describe, expect, it } from 'vitest';
import { judgeCache, judgeDatabase, reasons, worst, type DbFigures } from './checks';
import { DEFAULT_THRESHOLDS as t } from './health-config';

const healthy: DbFigures = {
  kind: 'service',
  probe: { ok: true, ms: 2.5 },
  breaker: { state: 'closed', since: 0 },
  utilization: 0.1,
  recent: { calls: 100, successRate: 1, p95Ms: 10, latencyCount: 100 },
};

describe('judgeDatabase', () => {
  it('passes a healthy kind', () => {
    const c = judgeDatabase(healthy, t);
    expect(c.status).toBe('pass');
    expect(c.measurements.map((m) => m.name)).toEqual([
      'responseTime',
      'breaker',
      'utilization',
      'successRate',
      'p95',
    ]);
  });

  it.each([
    [{ utilization: 0.6 }, 'warn', /utilization 60% ≥ warn threshold 60%/],
    [{ utilization: 0.85 }, 'fail', /utilization 85% ≥ fail threshold 80%/],
    [
      { recent: { ...healthy.recent, successRate: 0.98 } },
      'warn',
      /successRate 98% < warn threshold 99%/,
    ],
    // The database answers its probes: the last minute's rate can warn, never fail.
    [
      { recent: { ...healthy.recent, successRate: 0.9 } },
      'warn',
      /successRate 90% < fail threshold 95%, but the database answers its probes/,
    ],
    [
      {
        recent: { ...healthy.recent, successRate: 0.9 },
        probe: { ok: false, ms: 1000, error: 'DB_UNAVAILABLE: down' },
      },
      'fail',
      /successRate 90% < fail threshold 95%/,
    ],
    [{ recent: { ...healthy.recent, p95Ms: 90 } }, 'warn', /p95 90 ms ≥ warn threshold 80 ms/],
    [{ recent: { ...healthy.recent, p95Ms: 200 } }, 'fail', /p95 200 ms ≥ fail threshold 150 ms/],
    [
      { probe: { ok: false, ms: 1000, error: 'DB_TIMEOUT: timed out' } },
      'fail',
      /probe failed: DB_TIMEOUT/,
    ],
    [
      { breaker: { state: 'open' as const, since: 0, reason: '5 consecutive failures' } },
      'fail',
      /breaker open since 1970.*5 consecutive/,
    ],
    [{ breaker: { state: 'half-open' as const, since: 0 } }, 'warn', /half-open/],
  ])('%o → %s, naming the threshold', (change, status, why) => {
    const c = judgeDatabase({ ...healthy, ...change }, t);
    expect(c.status).toBe(status);
    expect(reasons([c]).join('\n')).toMatch(why);
  });

  it('does not judge rates and percentiles over too few calls', () => {
    const c = judgeDatabase(
      { ...healthy, recent: { calls: 3, successRate: 0.33, p95Ms: 900, latencyCount: 3 } },
      t,
    );
    expect(c.status).toBe('pass');
  });
});

describe('judgeCache', () => {
  it('Redis down is a warning, never a failure', () => {
    const c = judgeCache(
      {
        status: 'reconnecting',
        probe: { ok: false, ms: 0, error: 'ECONNREFUSED' },
        recent: { lookups: 0, hitRate: 0 },
      },
      t,
    );
    expect(c.status).toBe('warn');
  });

  it('warns on a low hit rate over enough lookups', () => {
    expect(
      judgeCache(
        { status: 'ready', probe: { ok: true, ms: 1 }, recent: { lookups: 50, hitRate: 0.5 } },
        t,
      ).status,
    ).toBe('warn');
    expect(
      judgeCache(
        { status: 'ready', probe: { ok: true, ms: 1 }, recent: { lookups: 50, hitRate: 0.9 } },
        t,
      ).status,
    ).toBe('pass');
  });
});

describe('worst', () => {
  it('orders pass < warn < fail', () => {
    expect(worst(['pass', 'warn', 'pass'])).toBe('warn');
    expect(worst(['warn', 'fail'])).toBe('fail');
    expect(worst([])).toBe('pass');
  });
});
