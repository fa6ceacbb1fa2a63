// redis_get, redis_set and redis_delete: one of the app's keys, named in full (prefix included)
// and held by lib/cache to the app's key contract.
import { readyClient, withoutPrefix } from '../cache';
import { ToolError, type ToolContext } from './tool-context';

/** Values longer than this are shown truncated. */
export const MAX_VALUE_BYTES = 16 * 1024;

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

/**
 * The key's type, TTL, size and value (JSON parsed when it is JSON, the first 16 KiB otherwise).
 * @throws RangeError for a key outside the app's prefix; CacheUnavailableError while Redis is
 * not connected.
 */
export async function redisGet(ctx: ToolContext, key: string): Promise<GetResult> {
  withoutPrefix(ctx.prefix, key, 'key');
  const client = readyClient(ctx.client);
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
  const base = { key, exists: true, type, ttlSeconds, sizeBytes, truncated };
  if (!truncated) {
    try {
      return { ...base, json: true, value: JSON.parse(raw) as unknown };
    } catch {
      // not JSON: shown as text
    }
  }
  return {
    ...base,
    json: false,
    value: truncated ? `${raw}… (${sizeBytes} bytes in all, first ${MAX_VALUE_BYTES} shown)` : raw,
  };
}

/**
 * Stores a value as JSON text (as the app's cache does) with a TTL.
 * @throws ToolError for a value JSON cannot hold; RangeError and CacheUnavailableError as for
 * redisGet.
 */
export async function redisSet(
  ctx: ToolContext,
  key: string,
  value: unknown,
  ttlSeconds: number,
): Promise<{ key: string; ttlSeconds: number; sizeBytes: number }> {
  withoutPrefix(ctx.prefix, key, 'key');
  const json = JSON.stringify(value);
  if (json === undefined)
    throw new ToolError(
      'the value must be JSON (a string, number, boolean, null, array or object)',
    );
  await readyClient(ctx.client).set(key, json, 'EX', ttlSeconds);
  ctx.metrics.count('sets');
  return { key, ttlSeconds, sizeBytes: Buffer.byteLength(json) };
}

/** @throws RangeError and CacheUnavailableError as for redisGet. */
export async function redisDelete(
  ctx: ToolContext,
  key: string,
): Promise<{ key: string; deleted: number }> {
  withoutPrefix(ctx.prefix, key, 'key');
  const deleted = await readyClient(ctx.client).unlink(key);
  ctx.metrics.count('deletes', deleted);
  return { key, deleted };
}
