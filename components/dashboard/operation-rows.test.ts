import { describe, expect, it } from 'vitest';
import {
  DEFAULT_OPERATION_SORT,
  OTHER_OPERATION,
  nextOperationSort,
  operationHealth,
  operationHref,
  operationsSearch,
  operationsStateFromParams,
  peakRate,
  sortOperations,
  worstOperations,
  type OperationRow,
} from './operation-rows';

const row = (
  name: string,
  f: { kind?: 'service' | 'anon'; calls?: number; failures?: number; p99?: number } = {},
): OperationRow => {
  const calls = f.calls ?? 100;
  const failures = f.failures ?? 0;
  const p99 = f.p99 ?? 10;
  return {
    kind: f.kind ?? 'service',
    name,
    calls,
    callsPerSecond: calls / 60,
    successes: calls - failures,
    failures,
    errorRate: calls === 0 ? 0 : failures / calls,
    failuresByCode: {},
    rejected: { breaker: 0, pool: 0 },
    retries: 0,
    latency: {
      count: calls,
      minMs: calls ? 1 : 0,
      maxMs: calls ? p99 : 0,
      meanMs: calls ? p99 / 2 : 0,
      p50Ms: calls ? p99 / 2 : 0,
      p90Ms: calls ? p99 * 0.8 : 0,
      p95Ms: calls ? p99 * 0.9 : 0,
      p99Ms: calls ? p99 : 0,
      p999Ms: calls ? p99 : 0,
    },
    share: 0,
    trend: [],
    errorTrend: [],
  };
};

const names = (rows: readonly OperationRow[]) => rows.map((r) => r.name);
const params = (q: string) => new URLSearchParams(q);

describe('operations table state in the URL', () => {
  it('reads the sort, its direction and the kind filter, and falls back on anything unknown', () => {
    expect(operationsStateFromParams(params(''))).toEqual({
      sort: DEFAULT_OPERATION_SORT,
      kind: 'all',
    });
    expect(operationsStateFromParams(params('sort=p99Ms&dir=asc&kind=anon'))).toEqual({
      sort: { key: 'p99Ms', direction: 'ascending' },
      kind: 'anon',
    });
    // No direction: the column's first one (the worst first for figures, A to Z for names).
    expect(operationsStateFromParams(params('sort=errorRate')).sort.direction).toBe('descending');
    expect(operationsStateFromParams(params('sort=name')).sort.direction).toBe('ascending');
    expect(operationsStateFromParams(params('sort=__proto__&dir=up&kind=admin'))).toEqual({
      sort: DEFAULT_OPERATION_SORT,
      kind: 'all',
    });
  });

  it('writes the state back keeping the scope, and leaves the defaults out', () => {
    const scoped = params('scope=instance&instance=web-1');
    expect(
      operationsSearch(scoped, {
        sort: { key: 'errorRate', direction: 'descending' },
        kind: 'anon',
      }),
    ).toBe('?scope=instance&instance=web-1&sort=errorRate&dir=desc&kind=anon');
    expect(
      operationsSearch(params('sort=p99Ms&dir=asc&kind=anon'), {
        sort: DEFAULT_OPERATION_SORT,
        kind: 'all',
      }),
    ).toBe('');
    const state = { sort: { key: 'p50Ms', direction: 'ascending' }, kind: 'service' } as const;
    expect(operationsStateFromParams(params(operationsSearch(params(''), state).slice(1)))).toEqual(
      state,
    );
  });

  it('a click on the sorted column turns it round; on another, that column from its first way', () => {
    const s = nextOperationSort(DEFAULT_OPERATION_SORT, 'callsPerSecond');
    expect(s).toEqual({ key: 'callsPerSecond', direction: 'ascending' });
    expect(nextOperationSort(s, 'p99Ms')).toEqual({ key: 'p99Ms', direction: 'descending' });
    expect(nextOperationSort(s, 'name')).toEqual({ key: 'name', direction: 'ascending' });
  });
});

describe('sortOperations', () => {
  const rows = [
    row('notes.list', { kind: 'anon', calls: 300, failures: 3, p99: 20 }),
    row('notes.create', { kind: 'anon', calls: 50, failures: 10, p99: 40 }),
    row('demo.slow_query', { calls: 5, p99: 700 }),
    row('admin.notes.count', { calls: 80, p99: 8 }),
    row('idle', { calls: 0 }),
  ];

  it('sorts by volume, error % and p99 either way, rows without calls as zero', () => {
    const by = (key: 'callsPerSecond' | 'errorRate' | 'p99Ms', direction = 'descending' as const) =>
      names(sortOperations(rows, { sort: { key, direction }, kind: 'all' }));
    expect(by('callsPerSecond')).toEqual([
      'notes.list',
      'admin.notes.count',
      'notes.create',
      'demo.slow_query',
      'idle',
    ]);
    expect(by('errorRate').slice(0, 2)).toEqual(['notes.create', 'notes.list']);
    expect(by('p99Ms')).toEqual([
      'demo.slow_query',
      'notes.create',
      'notes.list',
      'admin.notes.count',
      'idle',
    ]);
    expect(
      names(sortOperations(rows, { sort: { key: 'p99Ms', direction: 'ascending' }, kind: 'all' })),
    ).toEqual(['idle', 'admin.notes.count', 'notes.list', 'notes.create', 'demo.slow_query']);
  });

  it('ties keep kind and name order, so rows do not jump between polls', () => {
    const tied = [row('b'), row('a', { kind: 'anon' }), row('a')];
    const sorted = sortOperations(tied, {
      sort: { key: 'errorRate', direction: 'descending' },
      kind: 'all',
    });
    expect(sorted.map((r) => `${r.kind}:${r.name}`)).toEqual(['anon:a', 'service:a', 'service:b']);
  });

  it('filters by client kind', () => {
    const anon = sortOperations(rows, { sort: DEFAULT_OPERATION_SORT, kind: 'anon' });
    expect(names(anon)).toEqual(['notes.list', 'notes.create']);
    expect(sortOperations(rows, { sort: DEFAULT_OPERATION_SORT, kind: 'service' })).toHaveLength(3);
  });
});

describe('operationHealth', () => {
  // The default thresholds (lib/health's DEFAULT_THRESHOLDS).
  const t = {
    successRate: { warn: 0.99, fail: 0.95 },
    p95Ms: { warn: 80, fail: 150 },
    minCalls: 20,
  };
  it('judges error % and p99 against the health thresholds', () => {
    expect(operationHealth(row('ok', { calls: 100, failures: 0, p99: 20 }), t)).toBe('pass');
    expect(operationHealth(row('e', { calls: 100, failures: 2, p99: 20 }), t)).toBe('warn');
    expect(operationHealth(row('e', { calls: 100, failures: 6, p99: 20 }), t)).toBe('fail');
    expect(operationHealth(row('l', { calls: 100, p99: 100 }), t)).toBe('warn');
    expect(operationHealth(row('l', { calls: 100, p99: 400 }), t)).toBe('fail');
  });
  it('does not judge an operation on fewer calls than the checks need', () => {
    expect(operationHealth(row('few', { calls: 5, failures: 5, p99: 900 }), t)).toBe('quiet');
    expect(operationHealth(row('none', { calls: 0 }), t)).toBe('quiet');
  });
});

describe('worstOperations', () => {
  it('names the three with the highest error %, then the highest p99, never `other`', () => {
    const rows = [
      row('fast-ok', { p99: 5 }),
      row('slow-ok', { p99: 500 }),
      row('mid-ok', { p99: 50 }),
      row('flaky', { failures: 5, p99: 10 }),
      row(OTHER_OPERATION, { failures: 50 }),
      row('idle', { calls: 0 }),
    ];
    expect(names(worstOperations(rows))).toEqual(['flaky', 'slow-ok', 'mid-ok']);
    expect(worstOperations([row('idle', { calls: 0 })])).toEqual([]);
  });
});

describe('operationHref', () => {
  it('links the drill-down with the kind and the name encoded, keeping the scope', () => {
    expect(operationHref({ kind: 'anon', name: 'GET /api/notes/:id' }, '')).toBe(
      '/operations/detail?kind=anon&name=GET+%2Fapi%2Fnotes%2F%3Aid',
    );
    expect(operationHref({ kind: 'service', name: 'a&b' }, '?scope=instance&instance=web-1')).toBe(
      '/operations/detail?scope=instance&instance=web-1&kind=service&name=a%26b',
    );
  });
});

describe('peakRate', () => {
  it('is the busiest row, and never zero (the volume bars divide by it)', () => {
    expect(peakRate([row('a', { calls: 60 }), row('b', { calls: 120 })])).toBe(2);
    expect(peakRate([])).toBe(1);
  });
});
