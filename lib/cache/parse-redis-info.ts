// Parses the text of Redis's INFO command into the figures the health API shows.

export interface RedisServerFigures {
  readonly version: string | null;
  readonly uptimeSeconds: number | null;
  readonly connectedClients: number | null;
  readonly usedMemoryBytes: number | null;
  readonly peakMemoryBytes: number | null;
  /** 0 means no limit. */
  readonly maxMemoryBytes: number | null;
  readonly evictedKeys: number | null;
  readonly expiredKeys: number | null;
  readonly keyspaceHits: number | null;
  readonly keyspaceMisses: number | null;
  readonly opsPerSecond: number | null;
}

export function parseRedisInfo(text: string): RedisServerFigures {
  const fields = new Map<string, string>();
  for (const line of text.split(/\r?\n/)) {
    if (!line || line.startsWith('#')) continue;
    const i = line.indexOf(':');
    if (i > 0) fields.set(line.slice(0, i), line.slice(i + 1).trim());
  }
  const num = (k: string) => {
    const v = fields.get(k);
    if (v === undefined || v === '') return null; // Number('') would be 0
    const n = Number(v);
    return Number.isFinite(n) ? n : null;
  };
  return {
    version: fields.get('redis_version') ?? null,
    uptimeSeconds: num('uptime_in_seconds'),
    connectedClients: num('connected_clients'),
    usedMemoryBytes: num('used_memory'),
    peakMemoryBytes: num('used_memory_peak'),
    maxMemoryBytes: num('maxmemory'),
    evictedKeys: num('evicted_keys'),
    expiredKeys: num('expired_keys'),
    keyspaceHits: num('keyspace_hits'),
    keyspaceMisses: num('keyspace_misses'),
    opsPerSecond: num('instantaneous_ops_per_sec'),
  };
}
