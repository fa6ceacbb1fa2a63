// Reads the fleet's figures back from Redis for a window: the instances seen in it, their
// bucket records, breaker transitions and slow calls. Two round trips (the instance list, then
// one pipeline for all of them); a record that does not decode is skipped, not fatal.
import 'server-only';
import type { Redis } from 'ioredis';
import type { FleetConfig } from './fleet-config';
import {
  fleetKeys,
  type InstanceStatus,
  type PublishedFailoverTransition,
  type PublishedTransition,
} from './fleet-keys';
import {
  COARSE_PRECISION_BITS,
  FINE_PRECISION_BITS,
  decodeRecord,
  type FleetRecord,
} from './fleet-record';

/** Which buckets to read: by the window's length, or the 5 s or 1 min ones whatever it is. */
export type FleetTier = 'auto' | 'fine' | 'coarse';

/** Replies per instance in the pipeline: status, buckets, transitions, slow calls, failover. */
const READS_PER_INSTANCE = 5;

/** The longest window read from the 5 s buckets. */
export const FINE_WINDOW_MAX_MS = 15 * 60_000;

export interface FleetInstance {
  readonly id: string;
  /** Its last flush, epoch ms. */
  readonly lastSeen: number;
  /** Its latest status; undefined once the heartbeat expired (it dropped out). */
  readonly status: InstanceStatus | undefined;
  /** Within the instance TTL: counted in "N of M instances". */
  readonly listed: boolean;
  /** No flush for two intervals. */
  readonly stale: boolean;
}

export interface SlowEntry {
  readonly instance: string;
  readonly kind?: string;
  readonly context?: string;
  readonly command?: string;
  readonly durationMs: number;
  readonly at: string;
  readonly outcome?: string;
  readonly attempts?: number;
}

export interface FleetData {
  readonly now: number;
  readonly windowMs: number;
  /** Width of the buckets read: 5 s up to 15 minutes, 1 min beyond. */
  readonly bucketMs: number;
  /** Histogram precision of those buckets (7 for 5 s, 5 for 1 min). */
  readonly precisionBits: number;
  /** Every instance with figures in the window, newest first. */
  readonly instances: readonly FleetInstance[];
  readonly records: ReadonlyMap<string, ReadonlyArray<{ start: number; record: FleetRecord }>>;
  /** Oldest first. */
  readonly transitions: ReadonlyArray<PublishedTransition & { readonly instance: string }>;
  /** Failover switch transitions, per instance (not collapsed), oldest first. */
  readonly failover: ReadonlyArray<PublishedFailoverTransition & { readonly instance: string }>;
  /** Newest first. */
  readonly slowCalls: readonly SlowEntry[];
  readonly slowCommands: readonly SlowEntry[];
}

function parse<T>(json: string | null | undefined): T | undefined {
  if (!json) return undefined;
  try {
    return JSON.parse(json) as T;
  } catch {
    return undefined;
  }
}

/**
 * The fleet's figures over the last `windowMs`, or one instance's with `only`.
 * @throws whatever the client throws (Redis down, timeout): the caller falls back to local.
 */
export async function readFleet(
  client: Redis,
  config: FleetConfig,
  windowMs: number,
  now: number,
  only?: string,
  tier: FleetTier = 'auto',
): Promise<FleetData> {
  const keys = fleetKeys(config.keyPrefix);
  // 5 s buckets up to 15 minutes (percentiles within 0.8 %), 1 min buckets beyond (3.2 %): a
  // longer window reads 12 times fewer records, and its charts would not show 5 s anyway.
  // Operations' latency and errors are only in the 1 min buckets ('coarse').
  const fine = tier === 'fine' || (tier === 'auto' && windowMs <= FINE_WINDOW_MAX_MS);
  const bucketMs = fine ? config.fine.widthMs : config.coarse.widthMs;
  const from = now - windowMs;
  const listed = await client.zrangebyscore(keys.instances, from - bucketMs, '+inf', 'WITHSCORES');
  let seen: Array<[string, number]> = [];
  for (let i = 0; i + 1 < listed.length; i += 2) seen.push([listed[i]!, Number(listed[i + 1])]);
  if (only !== undefined) seen = seen.filter(([id]) => id === only);
  seen.sort((a, b) => b[1] - a[1]);

  const p = client.pipeline();
  for (const [id] of seen) {
    p.get(keys.status(id));
    p.hgetall(fine ? keys.fine(id) : keys.coarse(id));
    p.lrange(keys.transitions(id), 0, -1);
    p.get(keys.slow(id));
    p.lrange(keys.failover(id), 0, -1);
  }
  const replies = seen.length ? ((await p.exec()) ?? []) : [];
  const instances: FleetInstance[] = [];
  const records = new Map<string, Array<{ start: number; record: FleetRecord }>>();
  const transitions: Array<PublishedTransition & { instance: string }> = [];
  const failover: Array<PublishedFailoverTransition & { instance: string }> = [];
  const slowCalls: SlowEntry[] = [];
  const slowCommands: SlowEntry[] = [];
  seen.forEach(([id, lastSeen], i) => {
    const [statusReply, bucketsReply, transitionsReply, slowReply, failoverReply] = replies.slice(
      i * READS_PER_INSTANCE,
      (i + 1) * READS_PER_INSTANCE,
    );
    const status = parse<InstanceStatus>(statusReply?.[1] as string | null);
    const flushMs = status?.flushMs ?? config.flushMs;
    instances.push({
      id,
      lastSeen,
      status,
      listed: status !== undefined && now - lastSeen <= config.instanceTtlMs,
      stale: now - lastSeen > 2 * flushMs,
    });
    const fields = (bucketsReply?.[1] ?? {}) as Record<string, string>;
    const list: Array<{ start: number; record: FleetRecord }> = [];
    for (const [field, json] of Object.entries(fields)) {
      const start = Number(field);
      if (!(start >= from - bucketMs && start <= now)) continue;
      const record = decodeRecord(json);
      // A record of another precision (an older version's) would not merge: skipped.
      if (record && record.db.service.h.p === (fine ? FINE_PRECISION_BITS : COARSE_PRECISION_BITS))
        list.push({ start, record });
    }
    list.sort((a, b) => a.start - b.start);
    records.set(id, list);
    for (const json of (transitionsReply?.[1] ?? []) as string[]) {
      const t = parse<PublishedTransition>(json);
      if (t && t.at >= from) transitions.push({ ...t, instance: id });
    }
    for (const json of (failoverReply?.[1] ?? []) as string[]) {
      const t = parse<PublishedFailoverTransition>(json);
      if (t && t.at >= from) failover.push({ ...t, instance: id });
    }
    const slow = parse<{ db?: SlowEntry[]; cache?: SlowEntry[] }>(slowReply?.[1] as string | null);
    for (const s of slow?.db ?? []) slowCalls.push({ ...s, instance: id });
    for (const s of slow?.cache ?? []) slowCommands.push({ ...s, instance: id });
  });
  transitions.sort((a, b) => a.at - b.at);
  failover.sort((a, b) => a.at - b.at);
  const newest = (a: SlowEntry, b: SlowEntry) => (a.at < b.at ? 1 : a.at > b.at ? -1 : 0);
  slowCalls.sort(newest);
  slowCommands.sort(newest);
  return {
    now,
    windowMs,
    bucketMs,
    precisionBits: fine ? FINE_PRECISION_BITS : COARSE_PRECISION_BITS,
    instances,
    records,
    transitions,
    failover,
    slowCalls: slowCalls.slice(0, 50),
    slowCommands: slowCommands.slice(0, 50),
  };
}
