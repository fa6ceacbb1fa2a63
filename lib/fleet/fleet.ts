// The process's fleet publisher and the shared reader: one publisher per process (kept across
// Next's dev reloads), started at server start; reads of the same view within a second share one
// round trip to Redis, so a room full of dashboards costs Redis little.
import 'server-only';
import { hostname } from 'node:os';
import { getCacheReadings, getRedisClient } from '../cache';
import { getDbReadings, getReplicaReadings } from '../db';
import { fleetConfig } from './fleet-config';
import { FleetPublisher, type PublisherStats } from './fleet-publisher';
import { readFleet, type FleetData, type FleetTier } from './fleet-reader';
import { FleetSampler, type FleetSources } from './fleet-sampler';

const store = globalThis as typeof globalThis & {
  __fleetPublisher?: FleetPublisher;
  __fleetReads?: Map<string, { at: number; result: Promise<FleetRead> }>;
};

const sources: FleetSources = {
  db: getDbReadings,
  cache: getCacheReadings,
  replicas: getReplicaReadings,
};

/** The process's publisher, made on first use (not started). */
export function fleetPublisher(): FleetPublisher {
  if (!store.__fleetPublisher) {
    const startedAt = Date.now();
    store.__fleetPublisher = new FleetPublisher({
      config: fleetConfig(),
      sampler: new FleetSampler(sources, startedAt),
      sources,
      redis: getRedisClient,
      host: hostname(),
      startedAt,
    });
  }
  return store.__fleetPublisher;
}

/** Starts publishing every FLEET_FLUSH_MS (idempotent), unless the timer is off (FLEET_TIMER=0). */
export function startFleet(): void {
  if (fleetConfig().timer) fleetPublisher().start();
}

/** Publishes what is left, once (the shutdown flush); resolves whether Redis took it. */
export function stopFleet(): Promise<boolean> {
  return store.__fleetPublisher?.stop() ?? Promise.resolve(true);
}

/**
 * Publishes if a flush interval has passed since the last one: called after a response (Next's
 * after()), so a serverless process that freezes between requests still publishes.
 */
export function flushFleetIfDue(): Promise<boolean> {
  return fleetPublisher().flushIfDue();
}

/**
 * Publishes unless this instance did within `ms`: a reader of the fleet view calls it first, so
 * the instance that answers is in the view with its latest figures.
 */
export function freshenFleet(ms = 1_000): Promise<boolean> {
  return fleetPublisher().flushIfOlderThan(ms);
}

/**
 * Resets this process's figures through `reset`, publishing what came before first, so the fleet
 * loses nothing and counts nothing twice. Resolves with whether that last publish reached Redis.
 */
export function resetWithFleet(reset: () => void): Promise<boolean> {
  return fleetPublisher().resetWith(reset);
}

/** This process's id in the fleet. */
export function instanceId(): string {
  return fleetConfig().instanceId;
}

export function publisherStats(): PublisherStats {
  return fleetPublisher().report();
}

export type FleetRead =
  { readonly ok: true; readonly data: FleetData } | { readonly ok: false; readonly reason: string };

const SHARE_MS = 1_000;

/**
 * The fleet's figures over the last `windowMs` (or one instance's), read from Redis. Never
 * rejects: Redis down or slow is `{ ok: false, reason }`, and the caller shows the local view.
 */
export function readFleetView(
  windowMs: number,
  only?: string,
  tier: FleetTier = 'auto',
): Promise<FleetRead> {
  const reads = (store.__fleetReads ??= new Map());
  const key = `${windowMs}|${only ?? ''}|${tier}`;
  const now = Date.now();
  const held = reads.get(key);
  if (held && now - held.at < SHARE_MS) return held.result;
  const result = (async (): Promise<FleetRead> => {
    try {
      const client = getRedisClient();
      if (client.status !== 'ready')
        return { ok: false, reason: `Redis is not connected (${client.status})` };
      return {
        ok: true,
        data: await readFleet(client, fleetConfig(), windowMs, now, only, tier),
      };
    } catch (err) {
      return { ok: false, reason: `Redis did not answer: ${(err as Error).name}` };
    }
  })();
  reads.set(key, { at: now, result });
  for (const [k, v] of reads) if (now - v.at > 10 * SHARE_MS) reads.delete(k);
  return result;
}
