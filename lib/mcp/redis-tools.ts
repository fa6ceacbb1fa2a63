// What the MCP tools do, on the app's Redis through lib/cache: read figures, read and change the
// app's keys (only under its prefix), group keys by prefix segment. Pure of MCP itself.
import type { Redis } from 'ioredis';
import { parseRedisInfo, type CacheMetrics, type RedisServerFigures } from '../cache';

export const MAX_VALUE_BYTES = 16 * 1024;

export class ToolError extends Error {
  override name = 'ToolError';
}

export interface ToolContext {
  readonly client: Redis;
  readonly metrics: CacheMetrics;
  readonly prefix: string;
  readonly appUrl?: string | undefined;
  readonly healthToken?: string | undefined;
}

/** @throws ToolError unless `key` is one of the app's keys. */
export function checkKey(ctx: ToolContext, key: string): void {
  if (!key.startsWith(ctx.prefix) || key.length === ctx.prefix.length) {
    throw new ToolError(
      `the key must start with the app's prefix "${ctx.prefix}" (this server only touches the app's keys)`,
    );
  }
}

/** @throws ToolError unless the pattern stays inside the app's prefix. */
export function checkPattern(ctx: ToolContext, pattern: string): void {
  if (!pattern.startsWith(ctx.prefix) || /[*?[\\]/.test(ctx.prefix)) {
    throw new ToolError(
      `the pattern must start with the app's prefix "${ctx.prefix}", e.g. "${ctx.prefix}notes:*"`,
    );
  }
}

function ready(ctx: ToolContext): Redis {
  if (ctx.client.status !== 'ready')
    throw new ToolError(
      `Redis is not connected (connection is ${ctx.metrics.status}); try again shortly`,
    );
  return ctx.client;
}

export interface StatsResult {
  readonly connection: {
    readonly status: string;
    readonly reconnects: number;
    readonly lastError: string | null;
  };
  readonly server:
    | (RedisServerFigures & { readonly pingMs: number; readonly keyspaceHitRate: number | null })
    | null;
  readonly app: {
    readonly hits: number;
    readonly misses: number;
    readonly bypasses: number;
    readonly hitRate: number;
    readonly source: string;
  } | null;
  readonly note?: string;
}

export async function redisStats(ctx: ToolContext): Promise<StatsResult> {
  const connection = {
    status: ctx.metrics.status,
    reconnects: ctx.metrics.reconnects,
    lastError: ctx.metrics.lastError?.message ?? null,
  };
  let server: StatsResult['server'] = null;
  if (ctx.client.status === 'ready') {
    try {
      const started = performance.now();
      await ctx.client.ping();
      const pingMs = Math.round((performance.now() - started) * 1000) / 1000;
      const figures = parseRedisInfo(await ctx.client.info());
      const lookups = (figures.keyspaceHits ?? 0) + (figures.keyspaceMisses ?? 0);
      server = {
        ...figures,
        pingMs,
        keyspaceHitRate: lookups ? (figures.keyspaceHits ?? 0) / lookups : null,
      };
    } catch {
      server = null;
    }
  }
  const app = await appCacheCounters(ctx);
  return {
    connection,
    server,
    app,
    ...(app
      ? {}
      : {
          note: 'set APP_URL (and HEALTH_TOKEN) to include the app’s own hit/miss/bypass counters',
        }),
  };
}

async function appCacheCounters(ctx: ToolContext): Promise<StatsResult['app']> {
  if (!ctx.appUrl) return null;
  try {
    const res = await fetch(new URL('/api/health/redis', ctx.appUrl), {
      headers: ctx.healthToken ? { authorization: `Bearer ${ctx.healthToken}` } : {},
      signal: AbortSignal.timeout(2_000),
    });
    if (!res.ok) return null;
    const body = (await res.json()) as {
      cache?: { lifetime?: { hits: number; misses: number; bypasses: number; hitRate: number } };
    };
    const l = body.cache?.lifetime;
    return l
      ? {
          hits: l.hits,
          misses: l.misses,
          bypasses: l.bypasses,
          hitRate: l.hitRate,
          source: '/api/health/redis',
        }
      : null;
  } catch {
    return null;
  }
}

export interface GetResult {
  readonly key: string;
  readonly exists: boolean;
  readonly type?: string;
  readonly ttlSeconds?: number | null;
  readonly sizeBytes?: number;
  readonly json?: boolean;
  readonly value?: unknown;
  readonly truncated?: boolean;
}

export async function redisGet(ctx: ToolContext, key: string): Promise<GetResult> {
  checkKey(ctx, key);
  const client = ready(ctx);
  const type = await client.type(key);
  if (type === 'none') return { key, exists: false };
  const ttl = await client.ttl(key);
  const ttlSeconds = ttl < 0 ? null : ttl;
  if (type !== 'string')
    return {
      key,
      exists: true,
      type,
      ttlSeconds,
      value: `(a ${type}: not shown; this cache stores strings)`,
    };
  const sizeBytes = await client.strlen(key);
  const raw = (await client.getrange(key, 0, MAX_VALUE_BYTES - 1)) ?? '';
  const truncated = sizeBytes > MAX_VALUE_BYTES;
  if (!truncated) {
    try {
      return {
        key,
        exists: true,
        type,
        ttlSeconds,
        sizeBytes,
        json: true,
        value: JSON.parse(raw) as unknown,
        truncated,
      };
    } catch {
      // not JSON: shown as text
    }
  }
  return {
    key,
    exists: true,
    type,
    ttlSeconds,
    sizeBytes,
    json: false,
    value: truncated ? `${raw}… (${sizeBytes} bytes in all, first ${MAX_VALUE_BYTES} shown)` : raw,
    truncated,
  };
}

export async function redisSet(
  ctx: ToolContext,
  key: string,
  value: unknown,
  ttlSeconds: number,
): Promise<{ key: string; ttlSeconds: number; sizeBytes: number }> {
  checkKey(ctx, key);
  const json = JSON.stringify(value);
  if (json === undefined)
    throw new ToolError(
      'the value must be JSON (a string, number, boolean, null, array or object)',
    );
  await ready(ctx).set(key, json, 'EX', ttlSeconds);
  ctx.metrics.count('sets');
  return { key, ttlSeconds, sizeBytes: Buffer.byteLength(json) };
}

export async function redisDelete(
  ctx: ToolContext,
  key: string,
): Promise<{ key: string; deleted: number }> {
  checkKey(ctx, key);
  const deleted = await ready(ctx).unlink(key);
  ctx.metrics.count('deletes', deleted);
  return { key, deleted };
}

async function scanAll(
  client: Redis,
  match: string,
  onKeys: (keys: string[]) => Promise<void> | void,
  limits: { maxKeys?: number; deadline?: number } = {},
): Promise<{ complete: boolean }> {
  let cursor = '0';
  let seen = 0;
  do {
    const [next, keys] = await client.scan(cursor, 'MATCH', match, 'COUNT', 1000);
    cursor = next;
    seen += keys.length;
    if (keys.length) await onKeys(keys);
    if (
      (limits.maxKeys !== undefined && seen >= limits.maxKeys) ||
      (limits.deadline !== undefined && Date.now() > limits.deadline)
    ) {
      return { complete: cursor === '0' };
    }
  } while (cursor !== '0');
  return { complete: true };
}

export async function redisDeletePattern(
  ctx: ToolContext,
  pattern: string,
  confirm: boolean,
): Promise<{ pattern: string; matched: number; deleted: number; sample: string[]; note?: string }> {
  checkPattern(ctx, pattern);
  const client = ready(ctx);
  if (!confirm) {
    let matched = 0;
    const sample: string[] = [];
    await scanAll(client, pattern, (keys) => {
      matched += keys.length;
      for (const k of keys) if (sample.length < 10) sample.push(k);
    });
    return {
      pattern,
      matched,
      deleted: 0,
      sample,
      note: 'nothing deleted: call again with confirm: true to delete these keys',
    };
  }
  let deleted = 0;
  await scanAll(client, pattern, async (keys) => {
    deleted += await client.unlink(...keys);
  });
  ctx.metrics.count('deletes', deleted);
  return { pattern, matched: deleted, deleted, sample: [] };
}

export async function redisFlush(ctx: ToolContext): Promise<{ prefix: string; deleted: number }> {
  const client = ready(ctx);
  let deleted = 0;
  // The app's keys only, by SCAN: never FLUSHALL or FLUSHDB on what may be a shared server.
  await scanAll(client, `${ctx.prefix}*`, async (keys) => {
    deleted += await client.unlink(...keys);
  });
  ctx.metrics.count('deletes', deleted);
  return { prefix: ctx.prefix, deleted };
}

export interface KeyGroup {
  readonly group: string;
  readonly count: number;
  readonly sampleTtlSeconds: Array<number | null>;
  /** MEMORY USAGE of the sampled keys, scaled to the group's count. */
  readonly estimatedBytes: number;
}

export async function cacheKeysList(
  ctx: ToolContext,
  opts: { depth: number; maxKeys: number; timeBudgetMs: number },
): Promise<{ groups: KeyGroup[]; scanned: number; complete: boolean }> {
  const client = ready(ctx);
  const groups = new Map<string, { count: number; samples: string[] }>();
  let scanned = 0;
  const { complete } = await scanAll(
    client,
    `${ctx.prefix}*`,
    (keys) => {
      for (const key of keys) {
        scanned++;
        const rest = key.slice(ctx.prefix.length).split(':');
        const group =
          ctx.prefix +
          (rest.length > opts.depth ? `${rest.slice(0, opts.depth).join(':')}:*` : rest.join(':'));
        const g = groups.get(group) ?? { count: 0, samples: [] };
        g.count++;
        if (g.samples.length < 3) g.samples.push(key);
        groups.set(group, g);
      }
    },
    { maxKeys: opts.maxKeys, deadline: Date.now() + opts.timeBudgetMs },
  );
  const out: KeyGroup[] = [];
  for (const [group, g] of [...groups].sort((a, b) => b[1].count - a[1].count).slice(0, 100)) {
    const ttls = await Promise.all(g.samples.map((k) => client.ttl(k)));
    const sizes = await Promise.all(
      g.samples.map((k) => client.memory('USAGE', k).catch(() => null)),
    );
    const known = sizes.filter((s): s is number => typeof s === 'number');
    const avg = known.length ? known.reduce((a, b) => a + b, 0) / known.length : 0;
    out.push({
      group,
      count: g.count,
      sampleTtlSeconds: ttls.map((t) => (t < 0 ? null : t)),
      estimatedBytes: Math.round(avg * g.count),
    });
  }
  return { groups: out, scanned, complete };
}

export async function appHealth(ctx: ToolContext): Promise<unknown> {
  if (!ctx.appUrl)
    throw new ToolError(
      'APP_URL is not set: point it at the running app (e.g. http://localhost:3000)',
    );
  let res: Response;
  try {
    res = await fetch(new URL('/api/health/detailed', ctx.appUrl), {
      headers: ctx.healthToken ? { authorization: `Bearer ${ctx.healthToken}` } : {},
      signal: AbortSignal.timeout(5_000),
    });
  } catch {
    throw new ToolError(`the app at ${ctx.appUrl} did not answer`);
  }
  if (res.status === 401)
    throw new ToolError('the app refused the health token: set HEALTH_TOKEN to the app’s value');
  if (res.status !== 200 && res.status !== 503)
    throw new ToolError(`the app answered ${res.status}`);
  return res.json();
}
