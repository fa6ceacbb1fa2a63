'use client';
// The cache page: hit rate over time, hits / misses / bypasses, command latency, memory against
// max memory, evictions, connection state and reconnects.
import { CacheOpsChart } from '../charts/cache-ops-chart';
import { cacheRows } from '../charts/chart-rows';
import { HitRateChart } from '../charts/hit-rate-chart';
import { LatencyChart } from '../charts/latency-chart';
import { formatBytes, formatCount, formatMs, formatPct } from './format';
import { StatusBanner } from './status-banner';
import { StaleNotice } from './stale-notice';
import { useHistory, useRedisDetails } from './use-health';

function Stat({ label, value }: { label: string; value: string }) {
  return (
    <div className="rounded-lg border border-line bg-panel p-3">
      <dt className="text-xs text-muted">{label}</dt>
      <dd className="text-lg font-semibold tabular-nums">{value}</dd>
    </div>
  );
}

export function CacheView() {
  const redis = useRedisDetails();
  const history = useHistory();
  const rows = history.data ? cacheRows(history.data.cache) : [];
  // What the charts show is what the answer covers (this instance when the fleet is unavailable).
  const answered = history.data?.scope;
  const c = redis.data?.cache;
  const s = redis.data?.server;
  const memoryRatio =
    s?.reachable && s.maxMemoryBytes ? (s.usedMemoryBytes ?? 0) / s.maxMemoryBytes : null;
  return (
    <div className="space-y-4">
      <StatusBanner />
      <StaleNotice error={history.error ?? redis.error} updatedAt={history.updatedAt} />
      <section aria-label="Redis now" data-testid="cache-now">
        <p
          className="mb-2 text-sm"
          data-testid="cache-connection"
          data-connection={c?.status ?? 'unknown'}
        >
          Redis is{' '}
          <strong className={c?.status === 'ready' ? 'text-ok' : 'text-fail'}>
            {c ? (c.status === 'ready' ? 'up (ready)' : `down (${c.status})`) : '…'}
          </strong>
          {c?.lastError && c.status !== 'ready' && (
            <span className="text-muted"> · last error: {c.lastError.message}</span>
          )}
        </p>
        {/* /api/health/redis has no scope: its counters are the answering instance's. */}
        <p className="mb-2 text-xs text-muted" data-testid="cache-now-scope">
          Connection and lifetime counters of the instance that answered
          {answered ? `, ${answered.self}` : ''}; the charts below show{' '}
          {!answered
            ? '…'
            : answered.scope === 'fleet'
              ? 'the fleet'
              : `instance ${answered.subject}`}
          .
        </p>
        <dl className="grid grid-cols-2 gap-3 md:grid-cols-4 xl:grid-cols-8">
          <Stat label="hit rate (lifetime)" value={c ? formatPct(c.lifetime.hitRate) : '—'} />
          <Stat
            label="hits / misses"
            value={c ? `${formatCount(c.lifetime.hits)} / ${formatCount(c.lifetime.misses)}` : '—'}
          />
          <Stat label="bypasses" value={c ? formatCount(c.lifetime.bypasses) : '—'} />
          <Stat label="reconnects" value={c ? String(c.reconnects) : '—'} />
          <Stat
            label="memory used"
            value={
              s?.reachable
                ? `${formatBytes(s.usedMemoryBytes)}${s.maxMemoryBytes ? ` of ${formatBytes(s.maxMemoryBytes)}` : ' (no max)'}`
                : 'unreachable'
            }
          />
          <Stat label="peak memory" value={s?.reachable ? formatBytes(s.peakMemoryBytes) : '—'} />
          <Stat
            label="evicted / expired"
            value={
              s?.reachable ? `${formatCount(s.evictedKeys)} / ${formatCount(s.expiredKeys)}` : '—'
            }
          />
          <Stat
            label="ping · ops/s"
            value={s?.reachable ? `${formatMs(s.pingMs)} · ${formatCount(s.opsPerSecond)}` : '—'}
          />
        </dl>
        {memoryRatio !== null && (
          <div
            className="mt-3"
            role="meter"
            aria-valuemin={0}
            aria-valuemax={100}
            aria-valuenow={Math.round(memoryRatio * 100)}
            aria-label="memory used of max memory"
          >
            <div className="h-2 w-full overflow-hidden rounded bg-line">
              <div
                className="h-full"
                style={{
                  width: `${Math.min(100, memoryRatio * 100)}%`,
                  background: memoryRatio > 0.9 ? 'var(--fail)' : 'var(--chart-1)',
                }}
              />
            </div>
          </div>
        )}
      </section>
      <div className="grid gap-3 lg:grid-cols-3">
        <HitRateChart
          rows={rows}
          warn={history.data?.thresholds.cacheHitRate.warn ?? 0.7}
          testId="chart-hit-rate"
        />
        <CacheOpsChart rows={rows} testId="chart-cache-ops" />
        <LatencyChart rows={rows} title="Command latency" testId="chart-cache-latency" />
      </div>
    </div>
  );
}
