// cache_keys_list: the app's keys grouped by their first segments after the prefix, with counts,
// sample TTLs and memory estimated from MEMORY USAGE of a few samples; found with lib/cache's
// SCAN walk within a count and time budget, so a huge keyspace costs a bounded scan.
import { matchInPrefix, readyClient, scanKeys } from '../cache';
import type { ToolContext } from './tool-context';

const SAMPLES_PER_GROUP = 3;
const MAX_GROUPS = 100;

export interface KeyGroup {
  readonly group: string;
  readonly count: number;
  readonly sampleTtlSeconds: Array<number | null>;
  /** MEMORY USAGE of the sampled keys, scaled to the group's count. */
  readonly estimatedBytes: number;
}

export interface KeysListOptions {
  /** Segments after the prefix that make a group (`app:notes:*` at depth 1). */
  readonly depth: number;
  readonly maxKeys: number;
  readonly timeBudgetMs: number;
}

/** @throws CacheUnavailableError while Redis is not connected. */
export async function cacheKeysList(
  ctx: ToolContext,
  opts: KeysListOptions,
): Promise<{ groups: KeyGroup[]; scanned: number; complete: boolean }> {
  const client = readyClient(ctx.client);
  const groups = new Map<string, { count: number; samples: string[] }>();
  const { scanned, complete } = await scanKeys(
    client,
    matchInPrefix(ctx.prefix, '*'),
    (keys) => {
      for (const key of keys) {
        const name = groupOf(key.slice(ctx.prefix.length), opts.depth);
        const g = groups.get(name) ?? { count: 0, samples: [] };
        g.count++;
        if (g.samples.length < SAMPLES_PER_GROUP) g.samples.push(key);
        groups.set(name, g);
      }
    },
    { maxKeys: opts.maxKeys, deadline: Date.now() + opts.timeBudgetMs },
  );
  const largest = [...groups].sort((a, b) => b[1].count - a[1].count).slice(0, MAX_GROUPS);
  const out: KeyGroup[] = [];
  for (const [name, g] of largest) {
    const ttls = await Promise.all(g.samples.map((k) => client.ttl(k)));
    const sizes = await Promise.all(
      g.samples.map((k) => client.memory('USAGE', k).catch(() => null)),
    );
    const known = sizes.filter((s): s is number => typeof s === 'number');
    const avg = known.length ? known.reduce((a, b) => a + b, 0) / known.length : 0;
    out.push({
      group: ctx.prefix + name,
      count: g.count,
      sampleTtlSeconds: ttls.map((t) => (t < 0 ? null : t)),
      estimatedBytes: Math.round(avg * g.count),
    });
  }
  return { groups: out, scanned, complete };
}

/** `notes:u1:20` at depth 1 is `notes:*`; a key with no more segments than that is itself. */
function groupOf(rest: string, depth: number): string {
  const parts = rest.split(':');
  return parts.length > depth ? `${parts.slice(0, depth).join(':')}:*` : rest;
}
