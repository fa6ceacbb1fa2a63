// Read-replica benchmark: the primary's pool saturated by replica-ok reads, with and without a
// read replica, in the same run (rounds interleaved, same load). Prints, per scenario: read
// latency percentiles (queueing in the pool included), success rate, the primary pool's
// utilization while loaded, the share of reads served by the replica and failover activations.
// Load: BENCH_CONCURRENCY callers (default 40) on a pool of 10, each read demo_slow_query(10 ms)
// over GET, for BENCH_ROUND_MS per round (default 4 s), BENCH_ROUNDS rounds each (default 3).
// Run: npm run bench -- replica
import { DB_PRESETS, type DbConfig } from '../lib/db/db-config';
import { createKindClient } from '../lib/db/clients';
import { DbExecutor } from '../lib/db/db-executor';
import { ReadReplica } from '../lib/db/read-replica';
import { ReadRouter } from '../lib/db/read-router';
import { resolveReplicaConfig } from '../lib/db/replica-config';
import { routedRead } from '../lib/db/routed-read';
import { isAppError } from '../lib/errors';
import { DeadlineTimer } from '../lib/resilience';
import { serverEnv } from '../lib/env';
import { fmt, percentile, table } from './bench-util';

const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 40);
const ROUND_MS = Number(process.env.BENCH_ROUND_MS ?? 4_000);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const QUERY_MS = 10;

const replicaUrl = process.env.BENCH_REPLICA_URLS?.split(',')[0];
if (!replicaUrl) {
  console.error('BENCH_REPLICA_URLS is not set: run through npm run bench -- replica');
  process.exit(2);
}
const env = serverEnv();
const config: DbConfig = { ...DB_PRESETS.production, poolSize: 10 };
const timer = new DeadlineTimer({ resolutionMs: 5 });
const executor = (kind: 'service' | 'replica', url = env.SUPABASE_URL) =>
  new DbExecutor(kind, config, {
    client: createKindClient(kind === 'service' ? 'service' : 'anon', env, undefined, url),
    timer,
  });

// Scenario A: no replica configured (exactly today's path). Scenario B: one replica.
const alone = executor('service');
const withReplica = executor('service');
const replicaConfig = resolveReplicaConfig({ ...env, SUPABASE_READ_REPLICA_URLS: replicaUrl });
const replica = new ReadReplica({
  name: 'replica-1',
  host: new URL(replicaUrl).host,
  executor: executor('replica', replicaUrl),
  maxLagMs: replicaConfig.maxLagMs,
  lagProbeMs: replicaConfig.lagProbeMs,
});
const router = new ReadRouter([replica], replicaConfig);
router.start();

const read = (db: Parameters<Parameters<DbExecutor['run']>[0]>[0]) =>
  db.rpc('demo_slow_query', { ms: QUERY_MS }, { get: true });

interface Tally {
  latencies: number[];
  ok: number;
  failed: Record<string, number>;
  utilization: number[];
}
const tally = (): Tally => ({ latencies: [], ok: 0, failed: {}, utilization: [] });
const results = { none: tally(), replica: tally() };

async function round(name: 'none' | 'replica'): Promise<void> {
  const primary = name === 'none' ? alone : withReplica;
  const t = results[name];
  const until = performance.now() + ROUND_MS;
  const sampler = setInterval(() => t.utilization.push(primary.pool.utilization), 50);
  const caller = async () => {
    while (performance.now() < until) {
      const started = performance.now();
      try {
        await routedRead(
          'service',
          primary,
          read,
          { read: 'replica-ok', context: 'bench.read' },
          undefined,
          name === 'none' ? null : router,
        );
        t.ok += 1;
      } catch (err) {
        const code = isAppError(err) ? err.code : 'ERROR';
        t.failed[code] = (t.failed[code] ?? 0) + 1;
      }
      t.latencies.push(performance.now() - started);
    }
  };
  await Promise.all(Array.from({ length: CONCURRENCY }, caller));
  clearInterval(sampler);
}

// Warm both paths (connections, PostgREST schema caches, the replica's first lag reading).
await replica.refresh();
for (const ex of [alone, withReplica, replica.executor]) {
  // The replica's client carries the anon key; service-role reads send the service key.
  const token = ex.kind === 'replica' ? env.SUPABASE_SERVICE_ROLE_KEY : undefined;
  await Promise.all(Array.from({ length: 10 }, () => ex.run(read, {}, token)));
}
const replicaReadsBefore = replica.reads;

for (let i = 0; i < ROUNDS; i++) {
  await round('none');
  await round('replica');
}
router.stop();

const row = (name: string, t: Tally) => {
  const calls = t.latencies.length;
  const saturated = t.utilization.filter((u) => u >= replicaConfig.failoverUtilization).length;
  return [
    name,
    fmt(calls),
    `${fmt((t.ok / calls) * 100, 2)}%`,
    fmt(percentile(t.latencies, 0.5), 1),
    fmt(percentile(t.latencies, 0.95), 1),
    fmt(percentile(t.latencies, 0.99), 1),
    `${fmt((saturated / Math.max(1, t.utilization.length)) * 100)}%`,
  ];
};
const served = replica.reads - replicaReadsBefore;
const total = results.replica.latencies.length;
console.log(
  `replica-ok reads of demo_slow_query(${QUERY_MS} ms): ${CONCURRENCY} callers on a pool of ${config.poolSize}, ` +
    `${ROUNDS} × ${ROUND_MS / 1000} s per scenario, interleaved\n`,
);
console.log(
  table([
    ['scenario', 'reads', 'ok', 'p50 ms', 'p95 ms', 'p99 ms', 'primary pool ≥ 80%'],
    row('no replica', results.none),
    row('one replica', results.replica),
  ]),
);
console.log(
  `\nwith the replica: ${fmt(served)} of ${fmt(total)} reads (${fmt((served / total) * 100, 1)}%) served by replica-1, ` +
    `${router.activations} failover activation(s), ${router.fallbacks} fallback(s)`,
);
const failures = { none: results.none.failed, replica: results.replica.failed };
if (Object.keys(failures.none).length || Object.keys(failures.replica).length)
  console.log(`failures by code: ${JSON.stringify(failures)}`);
const p99 = (t: Tally) => percentile(t.latencies, 0.99);
console.log(
  `read p99 ${p99(results.replica) < p99(results.none) ? 'lower' : 'NOT lower'} with the replica: ` +
    `${fmt(p99(results.replica), 1)} ms vs ${fmt(p99(results.none), 1)} ms`,
);
process.exit(0);
