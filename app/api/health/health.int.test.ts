// The health API against the real stack, as the stack changes: all up, Redis killed, PostgREST
// stopped, and back; shared probes under a flood; access, errors and a secret scan.
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { faults, gatewayStats, resetGatewayStats, testStack } from '../../../scripts/testing/stack';
import { GET as summary, POST as summaryPost } from './route';
import { GET as live } from './live/route';
import { GET as ready } from './ready/route';
import { GET as dbRoute } from './db/route';
import { GET as redisRoute } from './redis/route';
import { GET as detailed } from './detailed/route';
import { GET as metrics } from './metrics/route';
import { GET as history } from './history/route';
import { withServiceClient } from '@/lib/db';

const TOKEN = 'health-token-for-tests-0123456789';
// Read once, at first use: short probe caching and breaker reset keep the test quick.
process.env.HEALTH_TOKEN = TOKEN;
process.env.HEALTH_PROBE_TTL_MS = '300';
process.env.DB_BREAKER_RESET_MS = '1000';

const run = promisify(execFile);
const url = (path: string) => `http://app.test/api/health${path}`;
const withToken = { authorization: `Bearer ${TOKEN}` };
const get = (
  handler: (r: Request) => Promise<Response> | Response,
  path: string,
  headers: HeadersInit = withToken,
) => handler(new Request(url(path), { headers }));

type HealthBody = {
  status: string;
  output?: string;
  checks: Record<string, Array<{ status: string; observedValue?: unknown; output?: string }>>;
};

async function settle(expected: { summary: number; status: string; ready: number }) {
  await vi.waitFor(
    async () => {
      const res = await get(summary, '');
      const body = (await res.json()) as HealthBody;
      expect({ code: res.status, status: body.status }).toEqual({
        code: expected.summary,
        status: expected.status,
      });
      expect((await get(ready, '/ready')).status).toBe(expected.ready);
    },
    { timeout: 20_000, interval: 250 },
  );
}

// Warm the process's clients so the first checks see Redis ready.
beforeAll(async () => {
  await withServiceClient((db) => db.rpc('health_ping', undefined, { get: true }));
  const { getRedisClient } = await import('@/lib/cache');
  const redis = getRedisClient();
  await vi.waitFor(() => expect(redis.status).toBe('ready'), { timeout: 5_000 });
});

afterAll(async () => {
  await faults.start('redis');
  await faults.start('postgrest');
});

describe('health as the stack changes', () => {
  it('everything up: 200 pass, ready, live, in application/health+json with no-store', async () => {
    await settle({ summary: 200, status: 'pass', ready: 200 });
    const res = await get(summary, '');
    expect(res.headers.get('content-type')).toBe('application/health+json');
    expect(res.headers.get('cache-control')).toBe('no-store');
    const body = (await res.json()) as HealthBody;
    expect(Object.keys(body.checks)).toEqual(
      expect.arrayContaining([
        'supabase-service:responseTime',
        'supabase-service:breaker',
        'supabase-anon:utilization',
        'redis:hitRate',
      ]),
    );
    expect(body.checks['supabase-service:breaker']?.[0]?.observedValue).toBe('closed');
    expect((await get(live, '/live')).status).toBe(200);
  });

  it('Redis killed: 200 warn, still ready; back to pass after restart', async () => {
    await faults.kill('redis');
    try {
      await settle({ summary: 200, status: 'warn', ready: 200 });
      const body = (await (await get(summary, '')).json()) as HealthBody;
      expect(body.checks['redis:connection']?.[0]?.status).toBe('warn');
      expect(body.output).toMatch(/redis/i);
    } finally {
      await faults.start('redis');
    }
    await settle({ summary: 200, status: 'pass', ready: 200 });
  });

  it('PostgREST stopped: 503 fail, not ready, still live; back to pass after restart', async () => {
    await faults.stop('postgrest');
    try {
      await settle({ summary: 503, status: 'fail', ready: 503 });
      expect((await get(live, '/live')).status).toBe(200);
      const body = (await (await get(summary, '')).json()) as HealthBody;
      expect(body.checks['supabase-service:responseTime']?.[0]?.status).toBe('fail');
      const readyBody = (await (await get(ready, '/ready')).json()) as { output?: string };
      expect(readyBody.output).toMatch(/database unreachable|breaker open/);
    } finally {
      await faults.start('postgrest');
    }
    await settle({ summary: 200, status: 'pass', ready: 200 });
  });
});

describe('shared probes', () => {
  it('1,000 concurrent /api/health requests reach the database with at most a handful of probes', async () => {
    await new Promise((r) => setTimeout(r, 400)); // let the cached probe expire
    await resetGatewayStats();
    const responses = await Promise.all(Array.from({ length: 1000 }, () => get(summary, '', {})));
    expect(responses.every((r) => r.status === 200)).toBe(true);
    const stats = await gatewayStats();
    expect(stats.total).toBeGreaterThanOrEqual(1);
    expect(stats.total).toBeLessThanOrEqual(4); // one probe per client kind, maybe one more each
  });
});

describe('access and input', () => {
  it('public endpoints show status only without the token; detailed ones need it', async () => {
    const pub = (await (await get(summary, '', {})).json()) as HealthBody;
    expect(pub.output).toBeUndefined();
    for (const entries of Object.values(pub.checks))
      expect(Object.keys(entries[0] ?? {}).sort()).toEqual([
        'componentId',
        'componentType',
        'status',
      ]);
    for (const [handler, path] of [
      [dbRoute, '/db'],
      [redisRoute, '/redis'],
      [detailed, '/detailed'],
      [metrics, '/metrics'],
      [history, '/history'],
    ] as const) {
      const res = await get(handler, path, {});
      expect(res.status).toBe(401);
      expect(await res.json()).toMatchObject({ error: { code: 'UNAUTHORIZED' } });
      const wrong = await get(handler, path, { authorization: `Bearer ${TOKEN}x` });
      expect(wrong.status).toBe(401);
      expect((await get(handler, path)).status).toBe(200);
    }
  });

  it('unknown parameters and bad values get a 400 JSON error; other methods a 405', async () => {
    const bad = await get(summary, '?verbose=1');
    expect(bad.status).toBe(400);
    expect(await bad.json()).toMatchObject({
      error: { code: 'BAD_REQUEST', message: expect.stringMatching(/verbose/) },
    });
    expect((await get(history, '?window=2d')).status).toBe(400);
    expect((await get(history, '?window=5m&x=1')).status).toBe(400);
    const post = await summaryPost(new Request(url(''), { method: 'POST' }));
    expect(post.status).toBe(405);
    expect(post.headers.get('allow')).toBe('GET, HEAD');
  });

  it('db, redis and history carry the figures the dashboard charts', async () => {
    const db = (await (await get(dbRoute, '/db')).json()) as {
      kinds: Record<
        string,
        { pool: { max: number }; breaker: { state: { name: string } }; probe: { ok: boolean } }
      >;
      connections: { ok: boolean; max_connections?: number; total?: number };
    };
    expect(db.kinds.service?.probe.ok).toBe(true);
    expect(db.kinds.anon?.breaker.state.name).toBe('closed');
    expect(db.connections).toMatchObject({ ok: true });
    expect(db.connections.max_connections).toBeGreaterThan(0);
    const redis = (await (await get(redisRoute, '/redis')).json()) as {
      server: { reachable: boolean; version?: string };
    };
    expect(redis.server).toMatchObject({
      reachable: true,
      version: expect.stringMatching(/^\d+\.\d+/),
    });
    const h = (await (await get(history, '?window=5m')).json()) as {
      db: { service: Array<{ counters: { calls: number } }> };
      cache: unknown[];
    };
    expect(h.db.service).toHaveLength(60);
    expect(h.db.service.reduce((n, p) => n + p.counters.calls, 0)).toBeGreaterThan(0);
    expect(h.cache).toHaveLength(60);
  });

  it('promtool accepts the metrics output', async () => {
    const res = await get(metrics, '/metrics');
    const text = await res.text();
    expect(text).toMatch(/^db_pool_utilization_ratio\{kind="service"\} /m);
    expect(text).toMatch(/^cache_lookups_total\{result="hit"\} /m);
    const child = execFile('promtool', ['check', 'metrics']);
    const done = new Promise<{ code: number | null; out: string }>((resolve) => {
      let out = '';
      child.stdout?.on('data', (d) => (out += d));
      child.stderr?.on('data', (d) => (out += d));
      child.on('close', (code) => resolve({ code, out }));
      child.on('error', (err) =>
        resolve({ code: -1, out: `promtool missing (apt-get install prometheus): ${err.message}` }),
      );
    });
    child.stdin?.end(text);
    const { code, out } = await done;
    expect(out).toBe('');
    expect(code).toBe(0);
  });
});

describe('secret scan', () => {
  it('no endpoint body, with or without the token, carries a key, the JWT secret, a password or a stack trace', async () => {
    const state = testStack();
    const secrets = [
      state.serviceRoleKey,
      state.jwtSecret,
      state.redisPassword,
      state.authenticatorPassword,
      TOKEN,
      process.env.REDIS_URL ?? 'x',
    ];
    const handlers = [
      [summary, ''],
      [live, '/live'],
      [ready, '/ready'],
      [dbRoute, '/db'],
      [redisRoute, '/redis'],
      [detailed, '/detailed'],
      [metrics, '/metrics'],
      [history, '/history?window=1h'],
    ] as const;
    const bodies: string[] = [];
    await faults.stop('postgrest'); // error paths too
    try {
      await new Promise((r) => setTimeout(r, 400));
      for (const [handler, path] of handlers) {
        for (const headers of [{}, withToken])
          bodies.push(await (await get(handler, path, headers)).text());
      }
    } finally {
      await faults.start('postgrest');
    }
    for (const [handler, path] of handlers) bodies.push(await (await get(handler, path)).text());
    const all = bodies.join('\n');
    expect(all.length).toBeGreaterThan(1000);
    for (const secret of secrets) expect(all).not.toContain(secret);
    expect(all).not.toMatch(/\n\s+at .+:\d+:\d+/); // no stack frames
    expect(all).not.toMatch(/postgres(ql)?:\/\//);
  });
});

void run;
