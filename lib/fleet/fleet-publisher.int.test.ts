// The publisher against the stack's real Redis: one transaction per flush, exact counts read
// back, Redis stopped and restarted (nothing lost, nothing counted twice, memory bounded), and
// the Redis memory an instance costs per day.
import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { faults } from '../../scripts/testing/stack';
import { FLEET_DEFAULTS, type FleetConfig } from './fleet-config';
import { FleetPublisher } from './fleet-publisher';
import { readFleet } from './fleet-reader';
import { FleetSampler } from './fleet-sampler';
import { FakeProcess } from './test-support';
import { KINDS } from './fleet-record';
import { windowTotals } from './fleet-view';
import { replicasView } from './replica-view';

let redis: Redis;
beforeAll(async () => {
  redis = new Redis(process.env.REDIS_URL!, { maxRetriesPerRequest: 0, enableOfflineQueue: false });
  redis.on('error', () => {}); // stopped on purpose below
  await vi.waitFor(() => expect(redis.status).toBe('ready'), { timeout: 10_000 });
});
afterAll(async () => {
  await faults.start('redis');
  redis.disconnect();
});

function config(prefix = `fleet-test:${randomUUID().slice(0, 8)}:`): FleetConfig {
  return {
    instanceId: `test-${randomUUID().slice(0, 8)}`,
    flushMs: 5_000,
    timer: true,
    instanceTtlMs: 30_000,
    keyPrefix: prefix,
    fine: FLEET_DEFAULTS.fine,
    coarse: FLEET_DEFAULTS.coarse,
  };
}

function publisher(cfg: FleetConfig, proc: FakeProcess, clock: () => number) {
  return new FleetPublisher({
    config: cfg,
    sampler: new FleetSampler(proc, clock()),
    sources: proc,
    redis: () => redis,
    clock,
    host: 'test-host',
    startedAt: clock(),
  });
}

async function commandStats(): Promise<Record<string, number>> {
  const info = await redis.info('commandstats');
  const out: Record<string, number> = {};
  for (const m of info.matchAll(/^cmdstat_([a-z|]+):calls=(\d+)/gm)) out[m[1]!] = Number(m[2]);
  return out;
}

describe('FleetPublisher', () => {
  it('one flush is one MULTI/EXEC transaction, and the fleet reads back exactly what was recorded', async () => {
    const cfg = config();
    const proc = new FakeProcess();
    let now = Date.now();
    const pub = publisher(cfg, proc, () => now);
    for (let i = 0; i < 120; i++) proc.call(i % 3 ? 'service' : 'anon', 1 + (i % 7));
    const before = await commandStats();
    expect(await pub.flush()).toBe(true);
    const after = await commandStats();
    expect((after.multi ?? 0) - (before.multi ?? 0)).toBe(1);
    expect((after.exec ?? 0) - (before.exec ?? 0)).toBe(1);
    now += 5_000;
    for (let i = 0; i < 30; i++) proc.call('service', 50);
    expect(await pub.flush()).toBe(true);
    const data = await readFleet(redis, cfg, 15 * 60_000, now);
    expect(data.instances.map((i) => [i.id, i.listed, i.stale])).toEqual([
      [cfg.instanceId, true, false],
    ]);
    const totals = windowTotals(data);
    expect(totals.service.counters.calls).toBe(proc.counts.service);
    expect(totals.anon.counters.calls).toBe(proc.counts.anon);
    expect(totals.service.latency.count).toBe(proc.counts.service);
    expect(totals.service.latency.maxMs).toBeCloseTo(50, 0);
  });

  it('Redis stopped: flushes fail fast and stay pending (bounded); back: all of it arrives once', async () => {
    const cfg = config();
    const proc = new FakeProcess();
    let now = Date.now();
    const pub = publisher(cfg, proc, () => now);
    proc.call('service', 2);
    expect(await pub.flush()).toBe(true);
    await faults.stop('redis');
    try {
      await vi.waitFor(() => expect(redis.status).not.toBe('ready'), { timeout: 5_000 });
      // 2 hours of flushes while Redis is down: more than the pending bound of an hour.
      for (let i = 0; i < 1_440; i++) {
        now += 5_000;
        proc.call('service', 2);
        const started = performance.now();
        expect(await pub.flush()).toBe(false);
        expect(performance.now() - started).toBeLessThan(100);
      }
      const r = pub.report();
      expect(r.skipped + r.failures).toBeGreaterThanOrEqual(1_440);
      expect(r.droppedBuckets).toBeGreaterThan(0); // the oldest fine buckets, counted
    } finally {
      await faults.start('redis');
    }
    await vi.waitFor(() => expect(redis.status).toBe('ready'), { timeout: 15_000 });
    now += 5_000;
    proc.call('service', 2);
    // The backlog goes out over a few flushes (bounded per flush).
    for (let i = 0; i < 10 && !(await pub.flush()); i++)
      await new Promise((r) => setTimeout(r, 500));
    for (let i = 0; i < 5; i++) await pub.flush();
    const data = await readFleet(redis, cfg, 60 * 60_000, now);
    const lastHour = windowTotals(data).service.counters.calls;
    // One call per 5 s flush: an hour of fine buckets holds about 720, each counted once.
    expect(lastHour).toBeGreaterThanOrEqual(700);
    expect(lastHour).toBeLessThanOrEqual(722);
    const day = await readFleet(redis, cfg, 24 * 3_600_000, now);
    // Coarse buckets: the first call, then the pending bound's hour of them, and the one after.
    expect(windowTotals(day).service.counters.calls).toBeLessThanOrEqual(proc.counts.service);
  });

  it('an instance costs a bounded amount of Redis memory per day, with and without read replicas (figures in the README)', async () => {
    /** A day of a busy instance: 20 calls/s over 1–200 ms, both kinds, a flush every 5 s. */
    async function day(replicas: number): Promise<number> {
      const cfg = config();
      const proc = new FakeProcess().withReplicas(replicas);
      let now = Math.floor(Date.now() / 60_000) * 60_000 - 24 * 3_600_000;
      const pub = publisher(cfg, proc, () => now);
      let seed = 1;
      const random = () => (seed = (Math.imul(seed, 1664525) + 1013904223) >>> 0) / 2 ** 32;
      for (let flush = 0; flush < (24 * 3_600_000) / 5_000; flush++) {
        for (let i = 0; i < 100; i++)
          proc.call(i % 4 ? 'service' : 'anon', 1 + random() ** 3 * 200);
        // With replicas: 20 reads a second too, most to the primary, the rest spread over them;
        // a failover on and off every 10 minutes.
        for (let i = 0; replicas && i < 100; i++)
          proc.read(i % 5 ? 'primary' : `replica-${1 + (i % replicas)}`, 1 + random() ** 3 * 200);
        if (replicas && flush % 120 === 0) proc.failover(flush % 240 === 0, now);
        now += 5_000;
        await pub.flush();
      }
      const keys = await redis.keys(`${cfg.keyPrefix}*`);
      let bytes = 0;
      for (const k of keys) bytes += Number(await redis.memory('USAGE', k, 'SAMPLES', '0'));
      for (const k of keys) await redis.unlink(k);
      return bytes;
    }
    const mb = (b: number) => (b / 1_048_576).toFixed(2);
    const none = await day(0);
    const two = await day(2);
    console.log(
      `[fleet] Redis memory for one instance-day: ${mb(none)} MB; with 2 read replicas ${mb(two)} MB (+${mb(two - none)} MB, ${mb((two - none) / 2)} MB per replica)`,
    );
    expect(none).toBeLessThan(FLEET_BYTES_PER_INSTANCE_DAY);
    expect(two - none).toBeLessThan(2 * FLEET_BYTES_PER_REPLICA_DAY);
  }, 600_000);

  it("two instances with read replicas: fleet replica calls are the sum of each one's, failover shown per instance", async () => {
    const prefix = `fleet-test:${randomUUID().slice(0, 8)}:`;
    let now = Date.now();
    const procs = [new FakeProcess().withReplicas(1), new FakeProcess().withReplicas(1)];
    const cfgs = procs.map(() => config(prefix));
    const pubs = procs.map((p, i) => publisher(cfgs[i]!, p, () => now));
    for (let i = 0; i < 90; i++) procs[0]!.read(i % 3 ? 'primary' : 'replica-1', 2 + (i % 5));
    for (let i = 0; i < 40; i++) procs[1]!.read('replica-1', 30 + i, i % 10 !== 0);
    for (const p of pubs) expect(await p.flush()).toBe(true);
    now += 5_000;
    procs[0]!.failover(true, now - 2_000);
    procs[1]!.failover(true, now - 1_000);
    for (let i = 0; i < 10; i++) procs[0]!.read('replica-1', 3);
    const before = await commandStats();
    for (const p of pubs) expect(await p.flush()).toBe(true);
    const after = await commandStats();
    expect((after.exec ?? 0) - (before.exec ?? 0)).toBe(2); // still one transaction per flush

    const view = replicasView(await readFleet(redis, cfgs[0]!, 15 * 60_000, now));
    const [r] = view.replicas;
    const own = procs.map((p) => p.replicaCounts.get('replica-1')!);
    expect(r!.name).toBe('replica-1');
    expect(r!.window.counters.calls).toBe(own[0]!.calls + own[1]!.calls);
    expect(r!.lifetime.calls).toBe(own[0]!.calls + own[1]!.calls);
    expect(r!.window.counters.failures).toBe(4);
    expect(r!.window.latency.count).toBe(own[0]!.calls + own[1]!.calls);
    expect(r!.perInstance.map((p) => p.instance).sort()).toEqual(
      cfgs.map((c) => c.instanceId).sort(),
    );
    expect(view.routing.window.primaryReads).toBe(procs[0]!.primaryReads);
    expect(view.routing).toMatchObject({ instances: 2, failingOver: 2, failingOverShare: 1 });
    expect(view.routing.transitions.map((t) => [t.instance, t.to])).toEqual([
      [cfgs[0]!.instanceId, 'failover'],
      [cfgs[1]!.instanceId, 'failover'],
    ]);
    // Published once: a later flush does not repeat a transition.
    now += 5_000;
    for (const p of pubs) await p.flush();
    expect(
      replicasView(await readFleet(redis, cfgs[0]!, 15 * 60_000, now)).routing.transitions,
    ).toHaveLength(2);
  });

  it('publishes the instance status with a heartbeat TTL, and both kinds', async () => {
    const cfg = config();
    const proc = new FakeProcess();
    const pub = publisher(cfg, proc, Date.now);
    await pub.flush();
    const ttl = await redis.pttl(`${cfg.keyPrefix}i:${cfg.instanceId}`);
    expect(ttl).toBeGreaterThan(0);
    expect(ttl).toBeLessThanOrEqual(cfg.instanceTtlMs);
    const status = JSON.parse((await redis.get(`${cfg.keyPrefix}i:${cfg.instanceId}`))!);
    expect(Object.keys(status.db)).toEqual([...KINDS]);
  });
});

/** The README's figure: what one instance-day may cost in Redis. */
const FLEET_BYTES_PER_INSTANCE_DAY = 3.5 * 1_048_576;
/** The README's figure: what each read replica adds to an instance-day. */
const FLEET_BYTES_PER_REPLICA_DAY = 1.5 * 1_048_576;
