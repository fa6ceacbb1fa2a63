// Load through the wrappers on the local stack: 50, 100 and 200 concurrent calls and 1,000
// sustained calls (as many at a time as the pool holds), each a 10-row read by the service
// client. Prints, per scenario, the median over rounds of the success rate, p50 / p95 / p99 and
// throughput, beside the same calls through a bare supabase-js client (no pool, breaker or
// retries) in the same rounds, interleaved; then the calls the pool refused.
// Run: npm run bench -- load   (BENCH_ROUNDS, default 5)
import { createClient } from '@supabase/supabase-js';
import { getDbSnapshot, withServiceClient } from '../lib/db';
import { serverEnv } from '../lib/env';
import { fmt, median, table } from './bench-util';
import { burst, figures, sustained, type LoadFigures, type LoadResult } from './load-runner';

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 5);

async function main(): Promise<void> {
  const env = serverEnv(); // the local stack scripts/bench.ts started
  const raw = createClient(env.SUPABASE_URL, env.SUPABASE_SERVICE_ROLE_KEY, {
    auth: { persistSession: false, autoRefreshToken: false },
  });
  const wrapped = () =>
    withServiceClient((db) => db.from('notes').select('id, title').limit(10), {
      context: 'bench load',
    });
  const bare = async () => {
    const { error } = await raw.from('notes').select('id, title').limit(10);
    if (error) throw new Error(error.message);
  };
  const { config } = getDbSnapshot().service;
  const scenarios: Array<[string, (call: () => Promise<unknown>) => Promise<LoadResult>]> = [
    ['50 concurrent', (c) => burst(50, c)],
    ['100 concurrent', (c) => burst(100, c)],
    ['200 concurrent', (c) => burst(200, c)],
    [`1,000 sustained (${config.poolSize} at a time)`, (c) => sustained(1_000, config.poolSize, c)],
  ];
  await wrapped();
  await bare();

  const runs = new Map<string, { wrapped: LoadFigures[]; bare: LoadFigures[] }>();
  const failures: Record<string, number> = {};
  for (let round = 0; round < ROUNDS; round++) {
    for (const [name, run] of scenarios) {
      const entry = runs.get(name) ?? { wrapped: [], bare: [] };
      runs.set(name, entry);
      // Alternate which goes first, so neither always meets a warmer server.
      const order =
        round % 2 === 0 ? (['wrapped', 'bare'] as const) : (['bare', 'wrapped'] as const);
      for (const which of order) {
        const r = await run(which === 'wrapped' ? wrapped : bare);
        entry[which].push(figures(r));
        if (which === 'wrapped')
          for (const [code, n] of Object.entries(r.failures))
            failures[code] = (failures[code] ?? 0) + n;
      }
    }
  }

  const pct = (r: number) => `${fmt(r * 100, 2)}%`;
  const ms = (n: number) => fmt(n, 1);
  const med = (xs: LoadFigures[], key: keyof LoadFigures) => median(xs.map((x) => x[key]));
  console.log(
    `\nLoad through withServiceClient, NODE_ENV=${env.NODE_ENV}: pool ${config.poolSize}, queue ${config.queueSize}, queue timeout ${config.queueTimeoutMs} ms, attempt timeout ${config.timeoutMs} ms (median of ${ROUNDS} rounds; bare = supabase-js alone)`,
  );
  const rows: (string | number)[][] = [
    ['scenario', 'client', 'success', 'p50 ms', 'p95 ms', 'p99 ms', 'calls/s'],
  ];
  for (const [name] of scenarios) {
    const entry = runs.get(name)!;
    for (const which of ['wrapped', 'bare'] as const) {
      const xs = entry[which];
      rows.push([
        which === 'wrapped' ? name : '',
        which,
        pct(med(xs, 'successRate')),
        ms(med(xs, 'p50Ms')),
        ms(med(xs, 'p95Ms')),
        ms(med(xs, 'p99Ms')),
        fmt(med(xs, 'callsPerSecond')),
      ]);
    }
  }
  console.log(table(rows));
  const snap = getDbSnapshot().service.lifetime;
  console.log(
    `\nwrapped calls: ${fmt(snap.calls)} run, ${fmt(snap.rejections.pool)} refused by the pool, ${fmt(snap.rejections.breaker)} by the breaker, ${fmt(snap.retries)} retries; failures by code: ${JSON.stringify(failures)}`,
  );
}

await main();
process.exit(0);
