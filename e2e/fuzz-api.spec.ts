// Fuzz: at least 500 generated bad requests to every route under app/api (e2e/bad-requests.ts),
// against the built app on its own `next start` instance (its own Redis key prefix, so the failed
// sign-ins it sends do not lock the other tests out). Every answer must be a 4xx: JSON with a code
// and a message (HEAD: the status only), no stack trace, no HTML, the security headers, within
// 1 s; and the server must keep answering afterwards. FUZZ_SEED=<n> replays or varies the run.
// Named to run after dashboard.spec.ts (files run one at a time, in name order): its minute of
// full load lifts every process's latency, and the dashboard's first test wants `pass`.
import { randomUUID } from 'node:crypto';
import { readdirSync } from 'node:fs';
import { join, relative } from 'node:path';
import { expect, test } from '@playwright/test';
import { mintUserToken } from '../scripts/stack/index.ts';
import { generateBadRequests, type BadRequest, type RouteSpec } from './bad-requests';
import { startInstance } from './instances';
import { e2eStack, healthToken } from './support';

const SEED = Number(process.env.FUZZ_SEED ?? 20261123);
const PER_ROUTE = 520;
const SLOWEST_MS = 1_000;

const healthRoute = (path: string, query?: RouteSpec['query']): RouteSpec => ({
  path,
  methods: ['GET'],
  auth: 'health',
  query,
});

/** The scope and window parameters of the fleet-aware health routes. */
const SCOPED = { scope: ['fleet', 'instance'], window: ['5m', '15m', '1h', '6h', '24h'] };

/** Every route under app/api, with what a valid request to it needs. */
const ROUTES: RouteSpec[] = [
  { path: '/api/health', methods: ['GET'], auth: 'public' },
  { path: '/api/health/live', methods: ['GET'], auth: 'public' },
  { path: '/api/health/ready', methods: ['GET'], auth: 'public' },
  healthRoute('/api/health/db', SCOPED),
  healthRoute('/api/health/redis'),
  healthRoute('/api/health/detailed', SCOPED),
  healthRoute('/api/health/metrics'),
  healthRoute('/api/health/history', SCOPED),
  healthRoute('/api/health/operations', SCOPED),
  healthRoute('/api/health/slo'),
  { path: '/api/health/reset', methods: ['POST'], auth: 'health', body: 'ignored' },
  healthRoute('/api/admin/health/db-pool'),
  {
    path: '/api/admin/demo/slow-query',
    methods: ['GET'],
    auth: 'admin',
    query: { ms: ['1', '5'] },
  },
  {
    path: '/api/notes',
    methods: ['GET', 'POST'],
    auth: 'user',
    query: { limit: ['1', '20', '100'] },
    body: 'note',
  },
  { path: '/api/admin/notes', methods: ['GET'], auth: 'admin', query: { limit: ['1', '50'] } },
  { path: '/api/session', methods: ['POST'], auth: 'none', body: 'sign-in', sameOrigin: true },
  {
    path: '/api/session/signout',
    methods: ['POST'],
    auth: 'none',
    body: 'ignored',
    sameOrigin: true,
  },
  { path: '/api/*', methods: ['GET'], auth: 'none' },
];

/** The API paths app/api serves, `[[...path]]` as `*`. */
function routeFiles(dir = join(process.cwd(), 'app', 'api')): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return routeFiles(path);
    if (entry.name !== 'route.ts') return [];
    const route = relative(join(process.cwd(), 'app'), dir).split('/').join('/');
    return [`/${route.replace('[[...path]]', '*')}`];
  });
}

const STACK_TRACE = /\n\s+at\s|\bat\s+\S+\s+\(?[^()\s]+:\d+:\d+\)?/;

function problemsWith(
  r: BadRequest,
  res: { status: number; headers: Record<string, string>; text: string; ms: number },
): string[] {
  const problems: string[] = [];
  if (res.status < 400 || res.status > 499) problems.push(`status ${res.status}`);
  if (r.expect && !r.expect.includes(res.status))
    problems.push(`status ${res.status}, expected ${r.expect.join(' or ')}`);
  if (res.ms > SLOWEST_MS) problems.push(`took ${Math.round(res.ms)} ms`);
  if (!/frame-ancestors 'none'/.test(res.headers['content-security-policy'] ?? ''))
    problems.push('no CSP with frame-ancestors');
  if (res.headers['x-content-type-options'] !== 'nosniff') problems.push('no nosniff');
  if (r.method === 'HEAD') return problems;
  if (!/^application\/json/.test(res.headers['content-type'] ?? ''))
    problems.push(`content-type ${res.headers['content-type']}`);
  if (/<html|<!doctype/i.test(res.text)) problems.push('HTML');
  if (STACK_TRACE.test(res.text)) problems.push('stack trace');
  try {
    const body = JSON.parse(res.text) as { error?: { code?: unknown; message?: unknown } };
    if (typeof body.error?.code !== 'string') problems.push('no error code');
    if (typeof body.error?.message !== 'string' || !body.error.message) problems.push('no message');
  } catch {
    problems.push(`not JSON: ${res.text.slice(0, 80)}`);
  }
  return problems;
}

test('the fuzz table lists every route under app/api', () => {
  expect(ROUTES.map((r) => r.path).sort()).toEqual(routeFiles().sort());
});

test('generated bad requests to every API route get a 4xx JSON answer, fast, and the server keeps answering', async ({
  request,
}) => {
  test.setTimeout(20 * 60_000);
  const adminToken = `fuzz-admin-${randomUUID()}`;
  const app = await startInstance({
    env: { ADMIN_TOKEN: adminToken, REDIS_KEY_PREFIX: `e2e-fuzz-${process.pid}:` },
    timeoutMs: 120_000,
  });
  try {
    const creds = {
      healthToken: healthToken(),
      adminToken,
      userToken: await mintUserToken(e2eStack().jwtSecret, randomUUID()),
    };
    const byStatus = new Map<number, number>();
    const failures: string[] = [];
    let slowest = { ms: 0, what: '' };
    let sent = 0;
    for (const [index, route] of ROUTES.entries()) {
      const requests = generateBadRequests({ route, count: PER_ROUTE, seed: SEED + index, creds });
      expect(requests.length).toBeGreaterThanOrEqual(500);
      for (const [i, r] of requests.entries()) {
        const started = performance.now();
        const res = await request.fetch(`${app.url}${r.url}`, {
          method: r.method,
          headers: r.headers,
          data: r.body,
          failOnStatusCode: false,
          maxRedirects: 0,
          timeout: 10_000,
        });
        const text = r.method === 'HEAD' ? '' : await res.text();
        const ms = performance.now() - started;
        sent += 1;
        byStatus.set(res.status(), (byStatus.get(res.status()) ?? 0) + 1);
        const what = `${route.path} #${i} (${r.kind}) ${r.method} ${r.url.slice(0, 100)}`;
        if (ms > slowest.ms) slowest = { ms, what };
        const problems = problemsWith(r, {
          status: res.status(),
          headers: res.headers(),
          text,
          ms,
        });
        if (problems.length) failures.push(`${what}: ${problems.join(', ')}`);
      }
    }
    const counts = [...byStatus].sort(([a], [b]) => a - b);
    console.log(
      `[fuzz] seed ${SEED}: ${sent} bad requests to ${ROUTES.length} routes; by status: ${counts
        .map(([s, n]) => `${s}: ${n}`)
        .join(', ')}; slowest ${Math.round(slowest.ms)} ms (${slowest.what})`,
    );
    expect(failures.slice(0, 20), `${failures.length} failures (seed ${SEED})`).toEqual([]);

    // Still serving: liveness, readiness, and the detailed health JSON.
    expect((await request.get(`${app.url}/api/health/live`)).status()).toBe(200);
    expect((await request.get(`${app.url}/api/health/ready`)).status()).toBe(200);
    const health = await request.get(`${app.url}/api/health`, {
      headers: { authorization: `Bearer ${creds.healthToken}` },
    });
    expect([200, 503]).toContain(health.status());
    expect(((await health.json()) as { status: string }).status).toMatch(/^(pass|warn|fail)$/);
  } finally {
    await app.stop();
  }
});
