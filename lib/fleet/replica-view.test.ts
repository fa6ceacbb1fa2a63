// Property-style tests of the replica merge: random instances, replicas, counts, lags and
// breakers. Whatever the fleet looks like, counts are sums, percentiles equal those of one
// histogram fed every value, lag is the highest latest reading, the breaker the worst, the share
// failing over stays in [0, 1], and every instance's failover transitions are kept apart.
import { describe, expect, it } from 'vitest';
import { LatencyHistogram } from '../metrics';
import type { InstanceReplicasStatus, InstanceStatus } from './fleet-keys';
import type { FleetData } from './fleet-reader';
import {
  CACHE_COUNTERS,
  DB_COUNTERS,
  FINE_PRECISION_BITS,
  decodeRecord,
  type FleetRecord,
  type KindRecord,
} from './fleet-record';
import { BREAKER_BY_RANK, REPLICA_COUNTERS, type ReplicaRecord } from './replica-record';
import { replicasView } from './replica-view';

function lcg(seed: number) {
  let x = seed >>> 0;
  return () => (x = (Math.imul(x, 1664525) + 1013904223) >>> 0) / 2 ** 32;
}

const BUCKET = 5_000;
const empty = new LatencyHistogram({ precisionBits: FINE_PRECISION_BITS }).sparseSince();
const idleKind: KindRecord = { c: DB_COUNTERS.map(() => 0), e: {}, h: empty, g: [0, 0, 10] };

interface Expected {
  values: Map<string, number[]>;
  counts: Map<string, number[]>;
  lags: Map<string, number[]>;
  worst: Map<string, number>;
  failingOver: number;
  transitions: Map<string, number>;
  routed: { primary: number; replica: number };
}

function fixture(seed: number): { data: FleetData; want: Expected } {
  const random = lcg(seed);
  const int = (n: number) => Math.floor(random() * n);
  const now = 1_700_000_000_000;
  const n = 1 + int(5);
  const names = Array.from({ length: 1 + int(3) }, (_, i) => `replica-${i + 1}`);
  const want: Expected = {
    values: new Map(names.map((r) => [r, []])),
    counts: new Map(names.map((r) => [r, REPLICA_COUNTERS.map(() => 0)])),
    lags: new Map(names.map((r) => [r, []])),
    worst: new Map(names.map((r) => [r, 0])),
    failingOver: 0,
    transitions: new Map(),
    routed: { primary: 0, replica: 0 },
  };
  const records = new Map<string, Array<{ start: number; record: FleetRecord }>>();
  const instances: FleetData['instances'][number][] = [];
  const failover: Array<FleetData['failover'][number]> = [];
  for (let i = 0; i < n; i++) {
    const id = `i-${i}`;
    // Some instances are older versions: records and statuses without replicas.
    const old = i > 0 && random() < 0.2;
    const list: Array<{ start: number; record: FleetRecord }> = [];
    for (let b = 0; b < 12; b++) {
      const start = Math.floor(now / BUCKET) * BUCKET - b * BUCKET;
      const r: Record<string, ReplicaRecord> = {};
      for (const name of names) {
        const h = new LatencyHistogram({ precisionBits: FINE_PRECISION_BITS });
        const calls = int(40);
        for (let k = 0; k < calls; k++) {
          const ms = random() < 0.9 ? 0.5 + random() * 8 : 30 + random() ** 2 * 3_000;
          h.record(ms);
          if (!old) want.values.get(name)!.push(ms);
        }
        const failures = int(calls + 1);
        const c = [calls, calls - failures, failures, int(5), int(5), calls + int(3)];
        if (!old) want.counts.get(name)!.forEach((_, k, a) => (a[k]! += c[k]!));
        r[name] = {
          c,
          ...(failures ? { e: { DB_UNAVAILABLE: failures } } : {}),
          h: h.sparseSince(),
          g: [int(5), 10, int(3), random() < 0.2 ? -1 : int(20_000), int(2)],
        };
      }
      const rt = { c: [int(50), int(50), int(2), int(3)], f: int(2) };
      if (!old) {
        want.routed.primary += rt.c[0]!;
        want.routed.replica += rt.c[1]!;
      }
      const record: FleetRecord = {
        v: 1,
        t0: start,
        t1: start + BUCKET,
        db: { service: idleKind, anon: idleKind },
        cache: { c: CACHE_COUNTERS.map(() => 0), h: empty, up: 1 },
        ...(old ? {} : { r, rt }),
      };
      // Through JSON, as Redis holds it.
      list.push({ start, record: decodeRecord(JSON.stringify(record))! });
    }
    records.set(id, list.reverse());
    let replicas: InstanceReplicasStatus | undefined;
    if (!old) {
      const failingOver = random() < 0.5;
      if (failingOver) want.failingOver += 1;
      replicas = {
        failingOver,
        readsGoTo: failingOver ? names[0]! : 'primary',
        kinds: {
          service: failingOver
            ? { name: 'failover', since: now - 1_000, reason: 'primary breaker open' }
            : { name: 'primary', since: 0 },
          anon: { name: 'primary', since: 0 },
        },
        activations: int(4),
        fallbacks: int(4),
        primaryReads: int(100),
        list: names.map((name) => {
          const lagMs = random() < 0.2 ? null : int(20_000);
          const rank = int(3);
          if (lagMs !== null) want.lags.get(name)!.push(lagMs);
          want.worst.set(name, Math.max(want.worst.get(name)!, rank));
          return {
            name,
            host: '127.0.0.1:1',
            inFlight: int(5),
            max: 10,
            breaker: { state: BREAKER_BY_RANK[rank]!, since: now - int(10_000) },
            lagMs,
            eligible: random() < 0.7,
            ineligibleBecause: null,
            lifetime: {
              calls: 5,
              successes: 4,
              failures: 1,
              rejectedBreaker: 0,
              rejectedPool: 0,
              reads: 5,
            },
            failuresByCode: { DB_UNAVAILABLE: 1 },
          };
        }),
      };
      const moves = int(4);
      want.transitions.set(id, moves);
      for (let k = 0; k < moves; k++) {
        const on = k % 2 === 0;
        failover.push({
          kind: 'service',
          from: on ? 'primary' : 'failover',
          to: on ? 'failover' : 'primary',
          at: now - 60_000 + k * 1_000,
          reason: 'test',
          instance: id,
        });
      }
    }
    const status = { id, ...(replicas ? { replicas } : {}) } as unknown as InstanceStatus;
    instances.push({ id, lastSeen: now, status, listed: true, stale: false });
  }
  failover.sort((a, b) => a.at - b.at);
  const data: FleetData = {
    now,
    windowMs: 60_000,
    bucketMs: BUCKET,
    precisionBits: FINE_PRECISION_BITS,
    instances,
    records,
    transitions: [],
    failover,
    slowCalls: [],
    slowCommands: [],
  };
  return { data, want };
}

describe('replicasView', () => {
  it('merges any fleet by the rules (200 random fleets)', () => {
    for (let seed = 1; seed <= 200; seed++) {
      const { data, want } = fixture(seed);
      const view = replicasView(data);
      expect(view.replicas.map((r) => r.name)).toEqual([...want.counts.keys()]);
      for (const r of view.replicas) {
        // Counts are sums over every instance's buckets.
        REPLICA_COUNTERS.forEach((c, k) =>
          expect(r.window.counters[c]).toBe(want.counts.get(r.name)![k]),
        );
        expect(r.window.successRate).toBeGreaterThanOrEqual(0);
        expect(r.window.successRate).toBeLessThanOrEqual(1);
        // Percentiles from the merged histogram equal those of one histogram of every value.
        const one = new LatencyHistogram({ precisionBits: FINE_PRECISION_BITS });
        for (const v of want.values.get(r.name)!) one.record(v);
        const exact = one.summary();
        expect(r.window.latency.count).toBe(exact.count);
        expect(r.window.latency.p50Ms).toBe(exact.p50Ms);
        expect(r.window.latency.p99Ms).toBe(exact.p99Ms);
        // Latest readings: lag is the highest, the breaker the worst, pools add up.
        const lags = want.lags.get(r.name)!;
        expect(r.lagMs).toBe(lags.length ? Math.max(...lags) : null);
        expect(r.breaker.state).toBe(BREAKER_BY_RANK[want.worst.get(r.name)!]);
        expect(r.perInstance).toHaveLength(r.instances);
        expect(r.eligibleOn).toBeLessThanOrEqual(r.instances);
        expect(r.pool.utilization).toBeGreaterThanOrEqual(0);
        expect(r.pool.utilization).toBeLessThanOrEqual(1);
        expect(r.lifetime.calls).toBe(5 * r.instances);
      }
      const routing = view.routing;
      expect(routing.failingOver).toBe(want.failingOver);
      expect(routing.failingOverShare).toBeGreaterThanOrEqual(0);
      expect(routing.failingOverShare).toBeLessThanOrEqual(1);
      expect(routing.window.primaryReads).toBe(want.routed.primary);
      expect(routing.window.replicaReads).toBe(want.routed.replica);
      // Per instance, not collapsed: each instance keeps its own transitions.
      for (const [id, moves] of want.transitions)
        expect(routing.transitions.filter((t) => t.instance === id)).toHaveLength(moves);
    }
  });

  it('one instance (ids) is that instance alone', () => {
    const { data } = fixture(7);
    const first = data.instances.find((i) => i.status?.replicas)!;
    const view = replicasView(data, new Set([first.id]));
    expect(view.routing.instances).toBe(1);
    for (const r of view.replicas) expect(r.perInstance.map((p) => p.instance)).toEqual([first.id]);
    expect(view.routing.transitions.every((t) => t.instance === first.id)).toBe(true);
  });

  it('reads records and statuses without replicas (older versions): no replica figures', () => {
    const { data } = fixture(3);
    const stripped: FleetData = {
      ...data,
      instances: data.instances.map((i) => ({
        ...i,
        status: { id: i.id } as unknown as InstanceStatus,
      })),
      records: new Map(
        [...data.records].map(([id, list]) => [
          id,
          list.map(({ start, record }) => {
            const { r: _r, rt: _rt, ...older } = record;
            return { start, record: decodeRecord(JSON.stringify(older))! };
          }),
        ]),
      ),
      failover: [],
    };
    for (const list of stripped.records.values())
      for (const x of list) expect(x.record).toBeDefined();
    const view = replicasView(stripped);
    expect(view.replicas).toEqual([]);
    expect(view.routing).toMatchObject({ instances: 0, failingOver: 0, failingOverShare: 0 });
  });

  it('rejects a record whose replicas are malformed', () => {
    const { data } = fixture(5);
    const record = [...data.records.values()][0]![0]!.record;
    const bad = { ...record, r: { 'replica-1': { c: [1, 2], h: empty, g: [0, 0, 0, 0, 1] } } };
    expect(decodeRecord(JSON.stringify(bad))).toBeUndefined();
    expect(
      decodeRecord(JSON.stringify({ ...record, rt: { c: [-1, 0, 0, 0], f: 0 } })),
    ).toBeUndefined();
  });
});
