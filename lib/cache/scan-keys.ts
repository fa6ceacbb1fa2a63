// Walking the keys that match a glob with SCAN (never KEYS, which blocks the server), one page at
// a time and within optional limits; and deleting them with UNLINK in batches. The one SCAN loop
// of the project: the app's cache (invalidatePattern) and the MCP tools both use it.
import 'server-only';
import type { Redis } from 'ioredis';

export const DEFAULT_SCAN_COUNT = 500;

/** Wraps one Redis command, e.g. to time it into the cache's metrics. */
export type CommandWrapper = <R>(command: () => Promise<R>) => Promise<R>;

const direct: CommandWrapper = (command) => command();

export interface ScanOptions {
  /** SCAN's COUNT hint, and the UNLINK batch size (default 500). */
  readonly count?: number;
  /** Stop once this many keys were seen (checked after each page). */
  readonly maxKeys?: number;
  /** Stop once Date.now() passes this (checked after each page). */
  readonly deadline?: number;
  readonly timed?: CommandWrapper;
}

export interface ScanResult {
  /** Keys handed to `onPage`. */
  readonly scanned: number;
  /** False when a limit stopped the walk before SCAN's cursor came back to 0. */
  readonly complete: boolean;
}

/**
 * Hands every key matching `match` to `onPage`, a page at a time (a key may come twice, as SCAN
 * promises; keys added during the walk may or may not come).
 * @throws whatever a command or `onPage` throws.
 */
export async function scanKeys(
  client: Redis,
  match: string,
  onPage: (keys: string[]) => void | Promise<void>,
  opts: ScanOptions = {},
): Promise<ScanResult> {
  const count = opts.count ?? DEFAULT_SCAN_COUNT;
  const timed = opts.timed ?? direct;
  let cursor = '0';
  let scanned = 0;
  do {
    const [next, keys] = await timed(() => client.scan(cursor, 'MATCH', match, 'COUNT', count));
    cursor = next;
    scanned += keys.length;
    if (keys.length > 0) await onPage(keys);
    const full = opts.maxKeys !== undefined && scanned >= opts.maxKeys;
    const late = opts.deadline !== undefined && Date.now() > opts.deadline;
    if (cursor !== '0' && (full || late)) return { scanned, complete: false };
  } while (cursor !== '0');
  return { scanned, complete: true };
}

/**
 * UNLINKs the keys in batches of `count`; returns how many existed.
 * @throws whatever a command throws (batches already sent stay deleted).
 */
export async function unlinkKeys(
  client: Redis,
  keys: readonly string[],
  opts: Pick<ScanOptions, 'count' | 'timed'> = {},
): Promise<number> {
  const count = opts.count ?? DEFAULT_SCAN_COUNT;
  const timed = opts.timed ?? direct;
  let deleted = 0;
  for (let i = 0; i < keys.length; i += count) {
    const batch = keys.slice(i, i + count);
    deleted += await timed(() => client.unlink(...batch));
  }
  return deleted;
}

export interface DeleteMatchingOptions extends Pick<ScanOptions, 'count' | 'timed'> {
  /** Told after each page, so that a caller still knows what went when a later page fails. */
  readonly onDeleted?: (deleted: number) => void;
}

/**
 * Deletes every key matching `match`, page by page as SCAN finds them; returns how many.
 * @throws whatever a command throws (pages already deleted stay deleted, and were reported).
 */
export async function deleteMatching(
  client: Redis,
  match: string,
  opts: DeleteMatchingOptions = {},
): Promise<number> {
  let deleted = 0;
  await scanKeys(
    client,
    match,
    async (keys) => {
      const n = await unlinkKeys(client, keys, opts);
      deleted += n;
      opts.onDeleted?.(n);
    },
    opts,
  );
  return deleted;
}
