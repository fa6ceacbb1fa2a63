// redis_delete_pattern and redis_flush: many of the app's keys at once, found with lib/cache's
// SCAN walk (never KEYS) inside the app's prefix and deleted with UNLINK; never FLUSHALL or
// FLUSHDB on what may be a shared server.
import { deleteMatching, matchInPrefix, readyClient, scanKeys, withoutPrefix } from '../cache';
import type { ToolContext } from './tool-context';

const SAMPLE_SIZE = 10;

export interface DeletePatternResult {
  readonly pattern: string;
  readonly matched: number;
  readonly deleted: number;
  readonly sample: string[];
  readonly note?: string;
}

/**
 * Without `confirm`, counts the keys matching a glob (given in full, prefix included) and shows
 * a sample; with it, deletes them.
 * @throws RangeError for a pattern outside the app's prefix; CacheUnavailableError while Redis
 * is not connected.
 */
export async function redisDeletePattern(
  ctx: ToolContext,
  pattern: string,
  confirm: boolean,
): Promise<DeletePatternResult> {
  const match = matchInPrefix(ctx.prefix, withoutPrefix(ctx.prefix, pattern, 'pattern'));
  const client = readyClient(ctx.client);
  if (!confirm) {
    const sample: string[] = [];
    const { scanned } = await scanKeys(client, match, (keys) => {
      sample.push(...keys.slice(0, SAMPLE_SIZE - sample.length));
    });
    return {
      pattern,
      matched: scanned,
      deleted: 0,
      sample,
      note: 'nothing deleted: call again with confirm: true to delete these keys',
    };
  }
  const deleted = await deleteMatching(client, match);
  ctx.metrics.count('deletes', deleted);
  return { pattern, matched: deleted, deleted, sample: [] };
}

/** Deletes every key under the app's prefix. @throws CacheUnavailableError as above. */
export async function redisFlush(ctx: ToolContext): Promise<{ prefix: string; deleted: number }> {
  const deleted = await deleteMatching(readyClient(ctx.client), matchInPrefix(ctx.prefix, '*'));
  ctx.metrics.count('deletes', deleted);
  return { prefix: ctx.prefix, deleted };
}
