// npm run mcp:redis with no REDIS_URL: it finds the Redis of the local stack that is running (as
// one started by npm start is) and serves its tools over stdio, driven through the SDK's client;
// with no stack either, it exits saying what to do.
import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { Redis } from 'ioredis';
import { afterAll, describe, expect, it } from 'vitest';
import { REPO_ROOT, appEnv } from './stack/index.ts';
import { testStack } from './testing/stack.ts';

const server = (stack: string) => [
  '--conditions=react-server',
  '--import',
  'tsx',
  join(REPO_ROOT, 'scripts', 'mcp-redis.ts'),
  '--stack',
  stack,
];

/** Only PATH: no REDIS_URL, nothing else of the test run's configuration. */
const bareEnv = () => ({ PATH: process.env.PATH ?? '' });

const clients: Client[] = [];
afterAll(async () => {
  await Promise.all(clients.map((c) => c.close().catch(() => {})));
});

describe('npm run mcp:redis without REDIS_URL', () => {
  it('uses the running local stack’s Redis: lists its tools and reads its keys', async () => {
    const key = `app:mcp-local-${randomUUID().slice(0, 8)}`;
    const redis = new Redis(appEnv(testStack()).REDIS_URL!);
    try {
      await redis.set(key, JSON.stringify({ from: 'the test stack' }), 'EX', 60);
    } finally {
      redis.disconnect();
    }
    const transport = new StdioClientTransport({
      command: process.execPath,
      args: server(testStack().name),
      cwd: REPO_ROOT,
      env: bareEnv(),
      stderr: 'pipe',
    });
    let stderr = '';
    transport.stderr?.on('data', (d: Buffer) => (stderr += d));
    const client = new Client({ name: 'test', version: '1.0.0' });
    await client.connect(transport);
    clients.push(client);

    const { tools } = await client.listTools();
    expect(tools.map((t) => t.name)).toEqual(
      expect.arrayContaining(['redis_stats', 'redis_get', 'cache_keys_list', 'app_health']),
    );
    const got = (await client.callTool({ name: 'redis_get', arguments: { key } })) as {
      structuredContent?: Record<string, unknown>;
    };
    expect(got.structuredContent).toMatchObject({
      exists: true,
      value: { from: 'the test stack' },
    });
    expect(stderr).toContain(
      `REDIS_URL is not set: using the Redis of the local stack "${testStack().name}" (127.0.0.1:${testStack().ports.redis})`,
    );
    expect(stderr).not.toContain(testStack().redisPassword);
  });

  it('with no local stack either, exits saying what to do', async () => {
    const child = spawn(process.execPath, server('no-such-stack'), {
      cwd: REPO_ROOT,
      env: bareEnv() as Record<string, string> as NodeJS.ProcessEnv,
    });
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d));
    const code = await new Promise((resolve) => child.on('exit', resolve));
    expect(code).toBe(2);
    expect(stderr).toBe(
      'mcp:redis: REDIS_URL is not set and no local stack "no-such-stack" is running. Start one with npm start (or npm run stack start) in this repository, or set REDIS_URL=redis://[:password@]host:port to use your own Redis.\n',
    );
  });
});
