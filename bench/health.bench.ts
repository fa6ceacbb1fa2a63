// /api/health under load beside a trivial route on the same server, in the same run:
// requests/s, p50, p99 and the ratio. The trivial route is /api/health/live (a JSON answer that
// touches no dependency). Rounds alternate so neither always runs on a warmer server.
// Run: npm run bench:health   (starts the local stack and `next start` on a free port)
import { spawn } from 'node:child_process';
import { createServer } from 'node:net';
import autocannon from 'autocannon';
import { fmt, median, table } from './bench-util';

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 4);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 5);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 50);

const freePort = () =>
  new Promise<number>((resolve, reject) => {
    const s = createServer();
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
    s.on('error', reject);
  });

async function waitFor(url: string, ms: number) {
  const deadline = Date.now() + ms;
  while (Date.now() < deadline) {
    try {
      if ((await fetch(url)).ok) return;
    } catch {
      // not up yet
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`${url} did not answer within ${ms} ms`);
}

interface Figures {
  rps: number[];
  p50: number[];
  p99: number[];
  errors: number;
}

async function main() {
  const port = await freePort();
  // The runner (scripts/bench.ts) put the stack's URLs and keys in the environment.
  const server = spawn(process.execPath, ['scripts/start.ts'], {
    env: {
      ...process.env,
      PORT: String(port),
      HEALTH_TOKEN: process.env.HEALTH_TOKEN ?? 'bench-health-token-0123456789',
    },
    stdio: ['ignore', 'inherit', 'inherit'],
    detached: true,
  });
  try {
    await waitFor(`http://127.0.0.1:${port}/api/health/live`, 300_000);
    const targets = {
      '/api/health': new URL('/api/health', `http://127.0.0.1:${port}`).href,
      '/api/health/live (trivial)': `http://127.0.0.1:${port}/api/health/live`,
    };
    const figures: Record<string, Figures> = Object.fromEntries(
      Object.keys(targets).map((k) => [k, { rps: [], p50: [], p99: [], errors: 0 }]),
    );
    for (const url of Object.values(targets))
      await autocannon({ url, connections: CONNECTIONS, duration: 1 }); // warm-up
    for (let r = 0; r < ROUNDS; r++) {
      const names = Object.keys(targets);
      for (let i = 0; i < names.length; i++) {
        const name = names[(i + r) % names.length]!;
        const result = await autocannon({
          url: targets[name as keyof typeof targets],
          connections: CONNECTIONS,
          duration: SECONDS,
        });
        const f = figures[name]!;
        f.rps.push(result.requests.average);
        f.p50.push(result.latency.p50);
        f.p99.push(result.latency.p99);
        f.errors += result.errors + result.non2xx;
      }
    }
    console.log(
      `node ${process.version}; ${ROUNDS} rounds × ${SECONDS} s, ${CONNECTIONS} connections, medians of rounds`,
    );
    const health = figures['/api/health']!;
    const trivial = figures['/api/health/live (trivial)']!;
    console.log(
      table([
        ['route', 'req/s', 'p50 ms', 'p99 ms', 'non-2xx+errors'],
        ...Object.entries(figures).map(([name, f]) => [
          name,
          fmt(median(f.rps)),
          fmt(median(f.p50), 1),
          fmt(median(f.p99), 1),
          f.errors,
        ]),
        [
          'ratio health / trivial',
          `${fmt(median(health.rps) / median(trivial.rps), 2)}×`,
          `${fmt(median(health.p50) / Math.max(median(trivial.p50), 0.01), 2)}×`,
          `${fmt(median(health.p99) / Math.max(median(trivial.p99), 0.01), 2)}×`,
          '',
        ],
      ]),
    );
  } finally {
    if (server.pid) process.kill(-server.pid, 'SIGINT');
    await new Promise((r) => server.once('exit', r));
  }
}

main().then(
  () => process.exit(0),
  (err: unknown) => {
    console.error(err);
    process.exit(1);
  },
);
