// The fleet's costs, against the bench stack's real Redis. Prints:
//  1. one flush: its time (median of many), the commands it sends (INFO commandstats: one
//     MULTI/EXEC transaction, one round trip) and the bytes of bucket data;
//  2. Redis memory per instance for an hour and for a day of a busy instance (20 calls/s), and
//     what two read replicas (20 replica-ok reads/s, a failover every 20 minutes) add to it;
//  3. reading the fleet view (instances, buckets, merge) for 3 and 20 instances, per window.
// Run: npm run bench -- fleet
import { Redis } from 'ioredis';
import { FLEET_DEFAULTS, type FleetConfig } from '../lib/fleet/fleet-config';
import { FleetPublisher } from '../lib/fleet/fleet-publisher';
import { readFleet } from '../lib/fleet/fleet-reader';
import { FleetSampler } from '../lib/fleet/fleet-sampler';
import { historyPoints, instanceRows, windowTotals } from '../lib/fleet/fleet-view';
import { FakeProcess } from '../lib/fleet/test-support';
import { fmt, median, table } from './bench-util';

const redis = new Redis(process.env.REDIS_URL!, { maxRetriesPerRequest: 1 });

function config(prefix: string, id: string): FleetConfig {
  return {
    instanceId: id,
    flushMs: 5_000,
    timer: true,
    instanceTtlMs: 3_600_000,
    keyPrefix: prefix,
    fine: FLEET_DEFAULTS.fine,
    coarse: FLEET_DEFAULTS.coarse,
  };
}

let seed = 42;
const random = () => (seed = (Math.imul(seed, 1664525) + 1013904223) >>> 0) / 2 ** 32;

/**
 * One busy interval: 100 calls over 5 s (20/s), 1–200 ms, both kinds, some cache lookups; with
 * replicas, 100 replica-ok reads too (a fifth of them on the replicas).
 */
function busyInterval(proc: FakeProcess): void {
  for (let i = 0; i < 100; i++) proc.call(i % 4 ? 'service' : 'anon', 1 + random() ** 3 * 200);
  proc.hits += 40;
  for (let i = 0; i < 40; i++) proc.cacheHist.record(0.2 + random());
  const replicas = proc.replicaCounts.size;
  for (let i = 0; replicas && i < 100; i++)
    proc.read(i % 5 ? 'primary' : `replica-${1 + (i % replicas)}`, 1 + random() ** 3 * 200);
}

/** Publishes `hours` of flushes for one instance ending now (simulated clock). */
async function simulate(
  prefix: string,
  id: string,
  hours: number,
  replicas = 0,
): Promise<FleetPublisher> {
  const proc = new FakeProcess().withReplicas(replicas);
  let now = Math.floor(Date.now() / 60_000) * 60_000 - hours * 3_600_000;
  const pub = new FleetPublisher({
    config: config(prefix, id),
    sampler: new FleetSampler(proc, now),
    sources: proc,
    redis: () => redis,
    clock: () => now,
    host: 'bench',
    startedAt: now,
  });
  for (let i = 0; i < (hours * 3_600_000) / 5_000; i++) {
    busyInterval(proc);
    if (replicas && i % 240 === 0) proc.failover(i % 480 === 0, now);
    now += 5_000;
    await pub.flush();
  }
  return pub;
}

async function memoryOf(pattern: string): Promise<number> {
  let bytes = 0;
  let cursor = '0';
  do {
    const [next, keys] = await redis.scan(cursor, 'MATCH', pattern, 'COUNT', 500);
    cursor = next;
    for (const k of keys) bytes += Number(await redis.memory('USAGE', k, 'SAMPLES', '0'));
  } while (cursor !== '0');
  return bytes;
}

async function commandStats(): Promise<Record<string, number>> {
  const info = await redis.info('commandstats');
  const out: Record<string, number> = {};
  for (const m of info.matchAll(/^cmdstat_([a-z|]+):calls=(\d+)/gm)) out[m[1]!] = Number(m[2]);
  return out;
}

async function flushCost(replicas: number): Promise<void> {
  const prefix = 'bench-fleet-flush:';
  const proc = new FakeProcess().withReplicas(replicas);
  const pub = new FleetPublisher({
    config: config(prefix, 'flush'),
    sampler: new FleetSampler(proc, Date.now()),
    sources: proc,
    redis: () => redis,
    host: 'bench',
    startedAt: Date.now(),
  });
  for (let i = 0; i < 20; i++) {
    busyInterval(proc);
    await pub.flush();
  }
  const times: number[] = [];
  const before = await commandStats();
  const N = 200;
  for (let i = 0; i < N; i++) {
    busyInterval(proc);
    const t = performance.now();
    await pub.flush();
    times.push(performance.now() - t);
  }
  const after = await commandStats();
  const per = (c: string) => ((after[c] ?? 0) - (before[c] ?? 0)) / N;
  const commands = Object.keys(after)
    .filter((c) => c !== 'info' && (after[c] ?? 0) > (before[c] ?? 0))
    .map((c) => `${c} ${fmt(per(c), 1)}`)
    .join(', ');
  console.log(
    `${replicas ? '\n' : ''}1. One flush (a busy interval: 100 calls, 40 cache lookups${replicas ? `, ${replicas} read replicas` : ''}), median of 200`,
  );
  console.log(
    table([
      ['median ms', 'p90 ms', 'bucket bytes', 'MULTI per flush', 'EXEC per flush'],
      [
        fmt(median(times), 3),
        fmt([...times].sort((a, b) => a - b)[Math.floor(N * 0.9)]!, 3),
        fmt(pub.report().lastBytes),
        fmt(per('multi'), 2),
        fmt(per('exec'), 2),
      ],
    ]),
  );
  console.log(`   commands per flush: ${commands}`);
  await cleanup(prefix);
}

async function cleanup(prefix: string): Promise<void> {
  let cursor = '0';
  do {
    const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}*`, 'COUNT', 500);
    cursor = next;
    if (keys.length) await redis.unlink(...keys);
  } while (cursor !== '0');
}

async function memory(): Promise<void> {
  const hour = 'bench-fleet-hour:';
  const day = 'bench-fleet-day:';
  const rows: (string | number)[][] = [['read replicas', 'after 1 hour MB', 'after 24 hours MB']];
  for (const replicas of [0, 2]) {
    await simulate(hour, 'h', 1, replicas);
    await simulate(day, 'd', 24, replicas);
    const h = await memoryOf(`${hour}*`);
    const d = await memoryOf(`${day}*`);
    rows.push([replicas, fmt(h / 2 ** 20, 2), fmt(d / 2 ** 20, 2)]);
    await cleanup(hour);
    await cleanup(day);
  }
  console.log('\n2. Redis memory for one busy instance (20 calls/s, 1–200 ms), all its keys');
  console.log(table(rows));
}

async function reads(): Promise<void> {
  console.log('\n3. Reading the fleet view (2 round trips + merge), median of 10');
  const rows: (string | number)[][] = [['instances', 'window', 'median ms']];
  for (const n of [3, 20]) {
    const prefix = `bench-fleet-read-${n}:`;
    for (let i = 0; i < n; i++) await simulate(prefix, `i${i}`, i < 3 ? 24 : 1);
    for (const [label, ms] of [
      ['15m', 15 * 60_000],
      ['1h', 3_600_000],
      ['24h', 86_400_000],
    ] as const) {
      const times: number[] = [];
      for (let k = 0; k < 10; k++) {
        const t = performance.now();
        const data = await readFleet(redis, config(prefix, 'reader'), ms, Date.now());
        windowTotals(data);
        historyPoints(data);
        instanceRows(data);
        times.push(performance.now() - t);
      }
      rows.push([n, label, fmt(median(times), 1)]);
    }
    await cleanup(prefix);
  }
  console.log(table(rows));
}

async function main() {
  await flushCost(0);
  await flushCost(2);
  await memory();
  await reads();
}

main().then(
  () => {
    redis.disconnect();
    process.exit(0);
  },
  (err: unknown) => {
    console.error(err);
    process.exit(1);
  },
);
