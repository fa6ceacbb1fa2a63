import { describe, expect, it } from 'vitest';
import { parseServerEnv } from '../env';
import { checkConfiguration } from '../startup/check-configuration';
import { resolveReplicaConfig } from './replica-config';

const base = {
  SUPABASE_URL: 'https://abc.supabase.co',
  SUPABASE_ANON_KEY: 'anon-key-0123456789abcdef',
  SUPABASE_SERVICE_ROLE_KEY: 'service-key-0123456789abcdef',
  REDIS_URL: 'redis://127.0.0.1:6379',
};
const resolve = (extra: Record<string, string> = {}) =>
  resolveReplicaConfig(parseServerEnv({ ...base, ...extra }));

describe('resolveReplicaConfig', () => {
  it('unset: no replicas, the documented defaults', () => {
    expect(resolve()).toEqual({
      urls: [],
      failoverUtilization: 0.8,
      recoverUtilization: 0.6,
      minFailoverMs: 2_000,
      maxLagMs: 10_000,
      lagProbeMs: 1_000,
    });
  });

  it('takes a comma-separated list, trimmed, without trailing slashes', () => {
    const c = resolve({
      SUPABASE_READ_REPLICA_URLS:
        ' https://abc-rr-eu-west-1-xyz.supabase.co/ ,https://abc-rr-us-east-1-q.supabase.co',
    });
    expect(c.urls).toEqual([
      'https://abc-rr-eu-west-1-xyz.supabase.co',
      'https://abc-rr-us-east-1-q.supabase.co',
    ]);
  });

  it('refuses bad lists and settings, naming the variable, never the URL', () => {
    const problems = (extra: Record<string, string>) =>
      checkConfiguration({ ...base, ...extra }).join('\n');
    expect(problems({ SUPABASE_READ_REPLICA_URLS: 'not a url' })).toMatch(
      /SUPABASE_READ_REPLICA_URLS has an entry that is not a URL/,
    );
    expect(problems({ SUPABASE_READ_REPLICA_URLS: 'ftp://secret-host' })).toMatch(/http\(s\)/);
    expect(problems({ SUPABASE_READ_REPLICA_URLS: 'ftp://secret-host' })).not.toMatch(
      /secret-host/,
    );
    expect(problems({ SUPABASE_READ_REPLICA_URLS: 'https://u:p@x.co' })).toMatch(/credentials/);
    expect(problems({ SUPABASE_READ_REPLICA_URLS: 'https://x.co,https://x.co/' })).toMatch(
      /same URL twice/,
    );
    expect(problems({ SUPABASE_READ_REPLICA_URLS: 'https://abc.supabase.co' })).toMatch(
      /must not list SUPABASE_URL/,
    );
    expect(
      problems({ DB_FAILOVER_UTILIZATION: '0.5', DB_FAILOVER_RECOVER_UTILIZATION: '0.7' }),
    ).toMatch(/DB_FAILOVER_RECOVER_UTILIZATION \(0.7\) must be below DB_FAILOVER_UTILIZATION/);
    expect(problems({ DB_REPLICA_MAX_LAG_MS: '500', DB_REPLICA_LAG_PROBE_MS: '1000' })).toMatch(
      /DB_REPLICA_LAG_PROBE_MS \(1000\) must be below DB_REPLICA_MAX_LAG_MS/,
    );
    expect(problems({ DB_FAILOVER_UTILIZATION: '1.5' })).toMatch(/DB_FAILOVER_UTILIZATION/);
  });
});
