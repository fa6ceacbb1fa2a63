// Test-only helpers for lib/cache integration tests: a fresh cache on its own client, prefix and
// metrics; waiting for a connection; and a console guard that fails the file if anything secret
// was written to the console.
import { randomUUID } from 'node:crypto';
import { inspect } from 'node:util';
import type { Redis } from 'ioredis';
import { afterAll, beforeAll, expect, vi } from 'vitest';
import { serverEnv } from '../env';
import { resolveCacheConfig, type CacheConfig } from './cache-config';
import { CacheMetrics } from './cache-metrics';
import { createCache, type Cache } from './create-cache';
import { createRedisClient } from './redis-client';
import { scanKeys } from './scan-keys';

export function testCacheConfig(overrides: Partial<CacheConfig> = {}): CacheConfig {
  return { ...resolveCacheConfig(serverEnv()), ...overrides };
}

export function uniquePrefix(): string {
  return `test:${randomUUID().slice(0, 8)}:`;
}

export interface TestCache {
  readonly cache: Cache;
  readonly client: Redis;
  readonly metrics: CacheMetrics;
  readonly config: CacheConfig;
}

/** A cache on a dedicated, connected client; disconnect `client` when done. */
export async function freshCache(overrides: Partial<CacheConfig> = {}): Promise<TestCache> {
  const config = testCacheConfig(overrides);
  const metrics = new CacheMetrics();
  const client = createRedisClient({ config, metrics });
  await waitReady(client);
  const cache = createCache({
    client: () => client,
    prefix: uniquePrefix(),
    metrics,
    maxPendingCommands: config.maxPendingCommands,
  });
  return { cache, client, metrics, config };
}

/** A plain client for looking at Redis behind the cache's back (generous timeout). */
export async function adminClient(): Promise<Redis> {
  const client = createRedisClient({ config: testCacheConfig({ commandTimeoutMs: 5_000 }) });
  await waitReady(client);
  return client;
}

export async function waitReady(client: Redis, timeoutMs = 10_000): Promise<void> {
  await vi.waitFor(() => expect(client.status).toBe('ready'), { timeout: timeoutMs, interval: 20 });
}

/** Every key matching `match`, by SCAN. */
export async function scanAll(client: Redis, match: string): Promise<string[]> {
  const out: string[] = [];
  await scanKeys(client, match, (keys) => void out.push(...keys), { count: 1_000 });
  return out;
}

/**
 * Records everything written through console.* while the file's tests run, and checks after
 * them that none of it holds the Redis URL, its password or any of `values()`.
 */
export function guardConsole(values: () => readonly string[]): { readonly lines: string[] } {
  const lines: string[] = [];
  const methods = ['log', 'info', 'warn', 'error', 'debug', 'trace'] as const;
  const spies: Array<{ mockRestore(): void }> = [];
  beforeAll(() => {
    for (const m of methods)
      spies.push(
        vi.spyOn(console, m).mockImplementation((...args: unknown[]) => {
          lines.push(
            args.map((a) => (typeof a === 'string' ? a : inspect(a, { depth: 6 }))).join(' '),
          );
        }),
      );
  });
  afterAll(() => {
    spies.forEach((s) => s.mockRestore());
    const text = lines.join('\n');
    for (const secret of [...secretsForTests(), ...values()]) expect(text).not.toContain(secret);
  });
  return { lines };
}

/** The URL and password of the test Redis, which must appear nowhere. */
export function secretsForTests(): string[] {
  const url = serverEnv().REDIS_URL;
  const password = new URL(url).password;
  // The stack always sets one; without it the secret checks would prove nothing.
  expect(password.length).toBeGreaterThanOrEqual(8);
  return [url, password];
}
