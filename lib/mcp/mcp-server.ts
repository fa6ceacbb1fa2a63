// The Redis MCP server: tools over lib/cache for an AI assistant, read-only unless writes are
// allowed, each with a zod input schema and structured output. Errors come back as tool errors.
import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { z } from 'zod';
import { isAppError } from '../errors';
import { redact } from '../cache';
import { appHealth } from './app-health';
import { cacheKeysList } from './cache-keys-list';
import { redisDelete, redisGet, redisSet } from './redis-key-tools';
import { redisDeletePattern, redisFlush } from './redis-pattern-tools';
import { redisStats } from './redis-stats';
import { ToolError, type ToolContext } from './tool-context';

export interface ServerOptions {
  readonly allowWrites: boolean;
  readonly allowDestructive: boolean;
  readonly version: string;
}

type Result = {
  content: Array<{ type: 'text'; text: string }>;
  structuredContent?: Record<string, unknown>;
  isError?: boolean;
};

async function run(fn: () => Promise<unknown>): Promise<Result> {
  try {
    const value = await fn();
    const structured = (
      typeof value === 'object' && value !== null && !Array.isArray(value) ? value : { value }
    ) as Record<string, unknown>;
    return {
      content: [{ type: 'text', text: JSON.stringify(structured, null, 2) }],
      structuredContent: structured,
    };
  } catch (err) {
    return { isError: true, content: [{ type: 'text', text: errorText(err) }] };
  }
}

/** What the assistant reads when a tool fails: never a URL, password or host. */
function errorText(err: unknown): string {
  // Refusals of the request itself (a key outside the prefix, a value JSON cannot hold).
  if (err instanceof ToolError || err instanceof RangeError) return err.message;
  // lib/cache's own errors (not connected, timed out): already redacted.
  if (isAppError(err)) return err.transient ? `${err.message}; try again shortly` : err.message;
  return `Redis error: ${redact(String((err as Error)?.message ?? err))}`;
}

const key = z
  .string()
  .min(1)
  .max(512)
  .describe('the full Redis key, starting with the app’s prefix');

export function createRedisMcpServer(ctx: ToolContext, opts: ServerOptions): McpServer {
  const server = new McpServer({ name: 'app-redis', version: opts.version });

  server.registerTool(
    'redis_stats',
    {
      description:
        'Connection status, Redis server figures (INFO, ping) and the app’s cache hit/miss/bypass counters and hit rate.',
      inputSchema: {},
      annotations: { readOnlyHint: true },
    },
    () => run(() => redisStats(ctx)),
  );

  server.registerTool(
    'redis_get',
    {
      description:
        'Reads one of the app’s cache keys: value (JSON parsed when it is JSON), TTL and size; large values are truncated.',
      inputSchema: { key },
      annotations: { readOnlyHint: true },
    },
    ({ key: k }) => run(() => redisGet(ctx, k)),
  );

  server.registerTool(
    'cache_keys_list',
    {
      description:
        'Groups the app’s keys by prefix segment with counts, sample TTLs and estimated memory, by SCAN within a time and count budget.',
      inputSchema: {
        depth: z
          .number()
          .int()
          .min(1)
          .max(5)
          .default(1)
          .describe('how many segments after the app prefix make a group'),
        maxKeys: z
          .number()
          .int()
          .min(1)
          .max(1_000_000)
          .default(50_000)
          .describe('stop scanning after this many keys'),
        timeBudgetMs: z
          .number()
          .int()
          .min(10)
          .max(10_000)
          .default(1_000)
          .describe('stop scanning after this long'),
      },
      annotations: { readOnlyHint: true },
    },
    (args) => run(() => cacheKeysList(ctx, args)),
  );

  server.registerTool(
    'app_health',
    {
      description:
        'The running app’s /api/health/detailed: overall status, breaker states, pool and cache figures (needs APP_URL and HEALTH_TOKEN).',
      inputSchema: {},
      annotations: { readOnlyHint: true, openWorldHint: true },
    },
    () => run(() => appHealth(ctx)),
  );

  if (opts.allowWrites) {
    server.registerTool(
      'redis_set',
      {
        description:
          'Writes a JSON value (string, number, object…) to one of the app’s keys with a TTL in seconds (required).',
        inputSchema: {
          key,
          value: z
            .json()
            .describe('any JSON value; stored as JSON text, as the app’s cache stores values'),
          ttlSeconds: z
            .number()
            .int()
            .min(1)
            .max(30 * 24 * 3600)
            .describe('expiry in seconds (required)'),
        },
        annotations: { destructiveHint: false, idempotentHint: true },
      },
      ({ key: k, value, ttlSeconds }) => run(() => redisSet(ctx, k, value, ttlSeconds)),
    );
    server.registerTool(
      'redis_delete',
      {
        description: 'Deletes one of the app’s keys.',
        inputSchema: { key },
        annotations: { destructiveHint: true, idempotentHint: true },
      },
      ({ key: k }) => run(() => redisDelete(ctx, k)),
    );
    server.registerTool(
      'redis_delete_pattern',
      {
        description:
          'Deletes the app’s keys matching a glob pattern (by SCAN). Without confirm: true it only counts them and shows a sample.',
        inputSchema: {
          pattern: z
            .string()
            .min(1)
            .max(512)
            .describe('a glob starting with the app’s prefix, e.g. "app:notes:*"'),
          confirm: z
            .boolean()
            .default(false)
            .describe('true to delete; false (default) to preview'),
        },
        annotations: { destructiveHint: true },
      },
      ({ pattern, confirm }) => run(() => redisDeletePattern(ctx, pattern, confirm)),
    );
    if (opts.allowDestructive) {
      server.registerTool(
        'redis_flush',
        {
          description:
            'Deletes every key under the app’s prefix (never FLUSHALL/FLUSHDB). Needs confirm: true.',
          inputSchema: { confirm: z.literal(true).describe('must be true') },
          annotations: { destructiveHint: true },
        },
        () => run(() => redisFlush(ctx)),
      );
    }
  }
  return server;
}
