// The Redis INFO/PING probe behind the health API follows HEALTH_PROBE_TTL_MS like every other
// health probe, instead of a TTL of its own.
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { closeRedisClient, getCacheSnapshot, getRedisClient } from '../cache';
import { getRedisDetails } from './health-service';

// Read once, at first use (below the 2 s the cache layer would otherwise pick).
process.env.HEALTH_PROBE_TTL_MS = '1000';

beforeAll(async () => {
  getRedisClient();
  await vi.waitFor(() => expect(getCacheSnapshot().status).toBe('ready'), { timeout: 10_000 });
});
afterAll(() => closeRedisClient());

describe('the Redis server probe', () => {
  it('is reused within HEALTH_PROBE_TTL_MS and run again after it', async () => {
    const first = await getRedisDetails();
    expect(first.server.reachable).toBe(true);
    const again = await getRedisDetails();
    expect(again.server.checkedAt).toBe(first.server.checkedAt);
    await new Promise((r) => setTimeout(r, 1_300));
    const later = await getRedisDetails();
    expect(later.server.reachable).toBe(true);
    expect(later.server.checkedAt).not.toBe(first.server.checkedAt);
  });
});
