import { describe, expect, it } from 'vitest';
import { parseRedisInfo } from './parse-redis-info';

describe('parseRedisInfo', () => {
  it('reads the figures from INFO text and leaves missing ones null', () => {
    const text = [
      '# Server',
      'redis_version:7.0.15',
      'uptime_in_seconds:42',
      '',
      '# Clients',
      'connected_clients:3',
      '# Memory',
      'used_memory:1048576',
      'used_memory_peak:2097152',
      'maxmemory:0',
      '# Stats',
      'instantaneous_ops_per_sec:17',
      'expired_keys:5',
      'evicted_keys:1',
      'keyspace_hits:90',
      'keyspace_misses:10',
      'weird_field:not-a-number',
    ].join('\r\n');
    expect(parseRedisInfo(text)).toEqual({
      version: '7.0.15',
      uptimeSeconds: 42,
      connectedClients: 3,
      usedMemoryBytes: 1048576,
      peakMemoryBytes: 2097152,
      maxMemoryBytes: 0,
      evictedKeys: 1,
      expiredKeys: 5,
      keyspaceHits: 90,
      keyspaceMisses: 10,
      opsPerSecond: 17,
    });
    expect(parseRedisInfo('').version).toBeNull();
  });

  it('keeps colons inside values and ignores keyspace and malformed lines', () => {
    const text = [
      'redis_version:7.2.4',
      'executable:/usr/bin/redis-server',
      'db0:keys=12,expires=3,avg_ttl=0',
      'no separator here',
      ':starts-with-colon',
      'used_memory: 2048 ',
      'maxmemory:',
    ].join('\n');
    const f = parseRedisInfo(text);
    expect(f.version).toBe('7.2.4');
    expect(f.usedMemoryBytes).toBe(2048);
    // An empty value is not a number; Number('') would say 0.
    expect(f.maxMemoryBytes).toBeNull();
    expect(f.opsPerSecond).toBeNull();
  });
});
