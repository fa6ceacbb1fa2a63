// redis_stats: this server's connection, the Redis server's figures (PING and INFO, read by
// lib/cache) and, when the app is reachable, the app's own cache counters.
import { readRedisServerInfo, type RedisServerInfo } from '../cache';
import { appCacheCounters, type AppCacheCounters } from './app-health';
import type { ToolContext } from './tool-context';

export interface StatsResult {
  readonly connection: {
    readonly status: string;
    readonly reconnects: number;
    readonly lastError: string | null;
  };
  readonly server: (RedisServerInfo & { readonly keyspaceHitRate: number | null }) | null;
  readonly app: AppCacheCounters | null;
  readonly note?: string;
}

/** Never throws: what cannot be read is null (Redis down: `server: null`). */
export async function redisStats(ctx: ToolContext): Promise<StatsResult> {
  const connection = {
    status: ctx.metrics.status,
    reconnects: ctx.metrics.reconnects,
    lastError: ctx.metrics.lastError?.message ?? null,
  };
  const [server, app] = await Promise.all([
    readRedisServerInfo(ctx.client).then(withHitRate, () => null),
    appCacheCounters(ctx),
  ]);
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

/** Hits / lookups since the server started, from INFO's keyspace counters. */
function withHitRate(info: RedisServerInfo): NonNullable<StatsResult['server']> {
  const hits = info.keyspaceHits ?? 0;
  const lookups = hits + (info.keyspaceMisses ?? 0);
  return { ...info, keyspaceHitRate: lookups ? hits / lookups : null };
}
