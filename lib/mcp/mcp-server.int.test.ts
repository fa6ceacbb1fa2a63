// The Redis MCP server driven through the SDK's client over stdio, against the stack's real
// redis-server: tool listing and schemas, read-only mode, writes, pattern deletes among
// thousands of keys, bad input, and Redis going away and coming back.
import { createServer, type Server } from 'node:http';
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import type { Redis } from 'ioredis';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { faults } from '../../scripts/testing/stack';
import { REPO_ROOT } from '../../scripts/stack/index.ts';
import { CacheMetrics, createCache, createRedisClient, resolveCacheConfig } from '../cache';
import { serverEnv } from '../env';

type ToolResult = {
  isError?: boolean;
  content: Array<{ type: string; text?: string }>;
  structuredContent?: Record<string, unknown>;
};

const clients: Client[] = [];
let redis: Redis;

async function connect(env: Record<string, string>): Promise<Client> {
  const transport = new StdioClientTransport({
    command: process.execPath,
    args: [
      '--conditions=react-server',
      '--import',
      'tsx',
      join(REPO_ROOT, 'scripts', 'mcp-redis.ts'),
    ],
    cwd: REPO_ROOT,
    env: { PATH: process.env.PATH ?? '', REDIS_URL: serverEnv().REDIS_URL, ...env },
    stderr: 'pipe',
  });
  const client = new Client({ name: 'test', version: '1.0.0' });
  await client.connect(transport);
  clients.push(client);
  return client;
}

const call = (c: Client, name: string, args: Record<string, unknown> = {}) =>
  c.callTool({ name, arguments: args }).then(
    (r) => r as ToolResult,
    (err: Error) =>
      ({ isError: true, content: [{ type: 'text', text: err.message }] }) as ToolResult,
  );

const prefix = () => `mcp-${randomUUID().slice(0, 8)}:`;

beforeAll(async () => {
  redis = createRedisClient({
    config: { ...resolveCacheConfig(serverEnv()), commandTimeoutMs: 5_000 },
  });
  while (redis.status !== 'ready') await new Promise((r) => setTimeout(r, 20));
});

afterEach(async () => {
  await faults.start('redis');
});

afterAll(async () => {
  await Promise.all(clients.map((c) => c.close().catch(() => {})));
  redis.disconnect();
});

describe('read-only (the default)', () => {
  it('lists the read tools with schemas and answers for keys written through lib/cache', async () => {
    const p = prefix();
    const cache = createCache({ client: () => redis, prefix: p, metrics: new CacheMetrics() });
    await cache.cached('notes:1', 60, async () => ({ title: 'hello' }));
    await cache.cached('notes:2', 60, async () => ({ title: 'world' }));
    await cache.cached('users:1', 60, async () => 'ann');
    await new Promise((r) => setTimeout(r, 50)); // cache writes are not awaited by cached()
    const c = await connect({ REDIS_KEY_PREFIX: p });
    const { tools } = await c.listTools();
    expect(tools.map((t) => t.name).sort()).toEqual([
      'app_health',
      'cache_keys_list',
      'redis_get',
      'redis_stats',
    ]);
    for (const t of tools) {
      expect(t.description?.length).toBeGreaterThan(20);
      expect(t.inputSchema.type).toBe('object');
    }
    expect(tools.find((t) => t.name === 'redis_get')?.inputSchema.required).toEqual(['key']);

    const got = await call(c, 'redis_get', { key: `${p}notes:1` });
    expect(got.isError).toBeFalsy();
    expect(got.structuredContent).toMatchObject({
      exists: true,
      json: true,
      value: { title: 'hello' },
    });
    expect((got.structuredContent?.ttlSeconds as number) > 50).toBe(true);
    expect((await call(c, 'redis_get', { key: `${p}missing` })).structuredContent).toMatchObject({
      exists: false,
    });

    const stats = await call(c, 'redis_stats');
    expect(stats.structuredContent).toMatchObject({
      connection: { status: 'ready' },
      server: { version: expect.stringMatching(/^\d/) },
    });

    const groups = await call(c, 'cache_keys_list', { depth: 1 });
    expect(groups.structuredContent).toMatchObject({ complete: true, scanned: 3 });
    const byGroup = Object.fromEntries(
      (groups.structuredContent!.groups as Array<{ group: string; count: number }>).map((g) => [
        g.group,
        g.count,
      ]),
    );
    expect(byGroup).toEqual({ [`${p}notes:*`]: 2, [`${p}users:*`]: 1 });

    const refused = await call(c, 'redis_set', { key: `${p}x`, value: 1, ttlSeconds: 60 });
    expect(refused.isError).toBe(true);
    expect(await redis.exists(`${p}x`)).toBe(0);
  });

  it('app_health relays the app’s detailed health with the token, and says what is missing', async () => {
    const c = await connect({ REDIS_KEY_PREFIX: prefix() });
    const missing = await call(c, 'app_health');
    expect(missing.isError).toBe(true);
    expect(missing.content[0]?.text).toMatch(/APP_URL is not set/);

    const token = 'mcp-health-token-0123456789';
    const app: Server = createServer((req, res) => {
      const ok =
        req.url === '/api/health/detailed' && req.headers.authorization === `Bearer ${token}`;
      res.writeHead(ok ? 200 : 401, { 'content-type': 'application/json' });
      res.end(
        JSON.stringify(ok ? { health: { status: 'pass' } } : { error: { code: 'UNAUTHORIZED' } }),
      );
    });
    await new Promise<void>((r) => app.listen(0, '127.0.0.1', r));
    const url = `http://127.0.0.1:${(app.address() as { port: number }).port}`;
    try {
      const withToken = await connect({
        REDIS_KEY_PREFIX: prefix(),
        APP_URL: url,
        HEALTH_TOKEN: token,
      });
      expect((await call(withToken, 'app_health')).structuredContent).toEqual({
        health: { status: 'pass' },
      });
      const wrong = await connect({
        REDIS_KEY_PREFIX: prefix(),
        APP_URL: url,
        HEALTH_TOKEN: `${token}-wrong`,
      });
      expect((await call(wrong, 'app_health')).content[0]?.text).toMatch(
        /refused the health token/,
      );
    } finally {
      app.close();
    }
  });
});

describe('with writes allowed', () => {
  it('set, get and delete work; redis_flush appears only when destructive tools are allowed and keeps other keys', async () => {
    const p = prefix();
    const writer = await connect({ REDIS_KEY_PREFIX: p, MCP_REDIS_ALLOW_WRITES: '1' });
    const names = (await writer.listTools()).tools.map((t) => t.name);
    expect(names).toEqual(
      expect.arrayContaining(['redis_set', 'redis_delete', 'redis_delete_pattern']),
    );
    expect(names).not.toContain('redis_flush');
    expect(
      (await call(writer, 'redis_set', { key: `${p}a`, value: { n: 1 }, ttlSeconds: 30 })).isError,
    ).toBeFalsy();
    expect(await redis.get(`${p}a`)).toBe('{"n":1}');
    expect(await redis.ttl(`${p}a`)).toBeGreaterThan(25);
    expect((await call(writer, 'redis_delete', { key: `${p}a` })).structuredContent).toMatchObject({
      deleted: 1,
    });

    const destroyer = await connect({
      REDIS_KEY_PREFIX: p,
      MCP_REDIS_ALLOW_WRITES: '1',
      MCP_REDIS_ALLOW_DESTRUCTIVE: '1',
    });
    expect((await destroyer.listTools()).tools.map((t) => t.name)).toContain('redis_flush');
    const other = `other-${randomUUID().slice(0, 8)}:keep`;
    await redis.set(other, '1');
    for (let i = 0; i < 50; i++) await redis.set(`${p}k${i}`, '1');
    expect((await call(destroyer, 'redis_flush', { confirm: false })).isError).toBe(true);
    expect(
      (await call(destroyer, 'redis_flush', { confirm: true })).structuredContent,
    ).toMatchObject({ deleted: 50 });
    expect(await redis.exists(other)).toBe(1);
    await redis.del(other);
  });

  it('redis_delete_pattern previews without confirm and deletes exactly the matches with it, among thousands', async () => {
    const p = prefix();
    const c = await connect({ REDIS_KEY_PREFIX: p, MCP_REDIS_ALLOW_WRITES: '1' });
    const pipeline = redis.pipeline();
    for (let i = 0; i < 3000; i++)
      pipeline.set(`${p}${i % 4 === 0 ? 'session' : 'page'}:${i}`, '1');
    await pipeline.exec();
    const preview = await call(c, 'redis_delete_pattern', { pattern: `${p}session:*` });
    expect(preview.structuredContent).toMatchObject({ matched: 750, deleted: 0 });
    expect(
      (preview.structuredContent!.sample as string[]).every((k) => k.startsWith(`${p}session:`)),
    ).toBe(true);
    expect(await redis.exists(`${p}session:0`)).toBe(1);
    const done = await call(c, 'redis_delete_pattern', { pattern: `${p}session:*`, confirm: true });
    expect(done.structuredContent).toMatchObject({ deleted: 750 });
    const [, sessions] = await redis.scan('0', 'MATCH', `${p}session:*`, 'COUNT', 10_000);
    expect(sessions).toEqual([]);
    expect((await call(c, 'cache_keys_list')).structuredContent).toMatchObject({ scanned: 2250 });
    await call(c, 'redis_delete_pattern', { pattern: `${p}*`, confirm: true });
  });

  it('bad input comes back as a tool error and the next call still works', async () => {
    const p = prefix();
    const c = await connect({ REDIS_KEY_PREFIX: p, MCP_REDIS_ALLOW_WRITES: '1' });
    for (const [name, args] of [
      ['redis_get', { key: 123 }],
      ['redis_set', { key: `${p}a`, value: 1 }], // no TTL
      ['redis_set', { key: `${p}a`, value: 1, ttlSeconds: -5 }],
      ['redis_get', { key: 'not-the-app:a' }],
      ['redis_delete_pattern', { pattern: '*', confirm: true }],
      ['redis_delete_pattern', { pattern: 'other:*' }],
    ] as const) {
      const r = await call(c, name, args);
      expect(r.isError, `${name} ${JSON.stringify(args)}`).toBe(true);
      expect(r.content[0]?.text?.length).toBeGreaterThan(5);
    }
    expect((await call(c, 'redis_get', { key: 'not-the-app:a' })).content[0]?.text).toMatch(
      /must start with the app's prefix/,
    );
    expect((await call(c, 'redis_stats')).structuredContent).toMatchObject({
      connection: { status: 'ready' },
    });
  });
});

describe('Redis stopped', () => {
  it('redis_stats reports it down at once instead of hanging, and ready after restart', async () => {
    const p = prefix();
    const c = await connect({ REDIS_KEY_PREFIX: p });
    await faults.stop('redis');
    let down: ToolResult | undefined;
    const deadline = Date.now() + 10_000;
    while (Date.now() < deadline) {
      const started = performance.now();
      down = await call(c, 'redis_stats');
      expect(performance.now() - started).toBeLessThan(3_000);
      if ((down.structuredContent?.connection as { status: string }).status !== 'ready') break;
      await new Promise((r) => setTimeout(r, 100));
    }
    expect(down?.structuredContent).toMatchObject({
      connection: { status: expect.stringMatching(/reconnecting|connecting|end/) },
      server: null,
    });
    const refused = await call(c, 'redis_get', { key: `${p}x` });
    expect(refused.isError).toBe(true);
    expect(refused.content[0]?.text).toMatch(/Redis is not connected/);
    await faults.start('redis');
    const back = Date.now() + 10_000;
    let status = '';
    while (Date.now() < back && status !== 'ready') {
      status = ((await call(c, 'redis_stats')).structuredContent?.connection as { status: string })
        .status;
      await new Promise((r) => setTimeout(r, 200));
    }
    expect(status).toBe('ready');
  });
});
