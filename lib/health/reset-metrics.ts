// resetMetrics(): the data layer's and the cache's figures back to zero (counters, histograms,
// history, slow calls), after publishing what came before to the fleet, so the fleet's totals
// lose nothing and count nothing twice. Breakers, pools and connections are left as they are.
import 'server-only';
import { resetCacheMetrics } from '../cache';
import { resetDbMetrics } from '../db';
import { resetWithFleet } from '../fleet';

export interface ResetReport {
  readonly resetAt: string;
  /** Whether the figures before the reset reached the fleet (false: Redis was unavailable). */
  readonly published: boolean;
}

export async function resetMetrics(): Promise<ResetReport> {
  const published = await resetWithFleet(() => {
    resetDbMetrics();
    resetCacheMetrics();
  });
  return { resetAt: new Date().toISOString(), published };
}
