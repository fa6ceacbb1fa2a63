// What every MCP tool works with: the app's Redis client and cache metrics (from lib/cache), the
// app's key prefix, and where the running app is; and the error a tool answers with when the
// request itself cannot be served.
import type { Redis } from 'ioredis';
import type { CacheMetrics } from '../cache';

/** A refusal the assistant should read as it is (no Redis error behind it). */
export class ToolError extends Error {
  override name = 'ToolError';
}

export interface ToolContext {
  readonly client: Redis;
  readonly metrics: CacheMetrics;
  /** The app's REDIS_KEY_PREFIX: the tools reach no key outside it. */
  readonly prefix: string;
  /** The running app, for its health API (e.g. http://localhost:3000). */
  readonly appUrl?: string | undefined;
  readonly healthToken?: string | undefined;
}
