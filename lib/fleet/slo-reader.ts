// Reads the fleet's daily SLO counts back from Redis: the last `days` UTC days, summed over the
// instances of each day (one pipeline).
import 'server-only';
import type { Redis } from 'ioredis';
import type { FleetConfig } from './fleet-config';
import { fleetKeys } from './fleet-keys';
import { NO_COUNTS, addCounts, dayOf, type SloCounts } from './slo-counts';

export interface SloDay {
  /** YYYY-MM-DD (UTC). */
  readonly day: string;
  readonly counts: SloCounts;
  /** Instances that counted calls that day. */
  readonly instances: number;
}

function parseCounts(json: string): SloCounts | undefined {
  try {
    const c = JSON.parse(json) as SloCounts;
    return [c.total, c.bad, c.ran, c.slow].every((n) => Number.isFinite(n) && n >= 0)
      ? c
      : undefined;
  } catch {
    return undefined;
  }
}

/**
 * The last `days` days up to `now`'s, oldest first (days without data are left out).
 * @throws whatever the client throws (Redis down).
 */
export async function readSloDays(
  client: Redis,
  config: FleetConfig,
  now: number,
  days: number,
): Promise<SloDay[]> {
  const keys = fleetKeys(config.keyPrefix);
  const list = Array.from({ length: days }, (_, i) => dayOf(now - (days - 1 - i) * 86_400_000));
  const p = client.pipeline();
  for (const day of list) p.hgetall(keys.slo(day));
  const replies = (await p.exec()) ?? [];
  const out: SloDay[] = [];
  list.forEach((day, i) => {
    const fields = (replies[i]?.[1] ?? {}) as Record<string, string>;
    let counts = NO_COUNTS;
    let instances = 0;
    for (const json of Object.values(fields)) {
      const c = parseCounts(json);
      if (!c) continue;
      counts = addCounts(counts, c);
      instances += 1;
    }
    if (instances > 0) out.push({ day, counts, instances });
  });
  return out;
}
