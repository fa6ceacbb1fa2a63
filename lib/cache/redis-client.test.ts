import { describe, expect, it } from 'vitest';
import { connectionStatusOf, createRedisClient, reconnectDelay } from './redis-client';

describe('reconnectDelay', () => {
  it('grows exponentially from ~100 ms and never exceeds the cap', () => {
    const max = () => 0.999_999;
    expect(reconnectDelay(1, 2_000, max)).toBe(100);
    expect(reconnectDelay(2, 2_000, max)).toBe(200);
    expect(reconnectDelay(5, 2_000, max)).toBe(1_600);
    for (const times of [6, 10, 100, 10_000]) expect(reconnectDelay(times, 2_000, max)).toBe(2_000);
  });

  it('jitters between half and all of the ceiling', () => {
    expect(reconnectDelay(100, 2_000, () => 0)).toBe(1_000);
    for (let i = 0; i < 100; i++) {
      const d = reconnectDelay(3, 2_000);
      expect(d).toBeGreaterThanOrEqual(200);
      expect(d).toBeLessThanOrEqual(400);
    }
  });
});

describe('connectionStatusOf', () => {
  it("folds ioredis's statuses into four", () => {
    expect(connectionStatusOf('wait')).toBe('connecting');
    expect(connectionStatusOf('connecting')).toBe('connecting');
    expect(connectionStatusOf('connect')).toBe('connecting');
    expect(connectionStatusOf('ready')).toBe('ready');
    expect(connectionStatusOf('close')).toBe('reconnecting');
    expect(connectionStatusOf('reconnecting')).toBe('reconnecting');
    expect(connectionStatusOf('end')).toBe('end');
  });
});

describe('createRedisClient', () => {
  it('checks its settings before connecting', () => {
    const config = {
      connectTimeoutMs: 100,
      commandTimeoutMs: 0,
      maxRetriesPerRequest: 1,
      reconnectCapMs: 100,
    };
    expect(() => createRedisClient({ url: 'redis://127.0.0.1:1', config })).toThrow(
      /commandTimeoutMs/,
    );
  });
});
