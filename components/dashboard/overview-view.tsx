'use client';
// The overview: the status banner with the fleet's SLOs beside it, a card per database client
// kind and one for Redis, with small trend lines, and the worst three operations.
import { dbRows, cacheRows } from '../charts/chart-rows';
import { Sparkline } from '../charts/sparkline';
import { formatBytes, formatMs, formatPct, formatRate } from './format';
import { SloPanel } from './slo-panel';
import { StatusBanner } from './status-banner';
import { BreakerBadge, StatusPill, type Status } from './status';
import { useDbDetails, useHealthSummary, useHistory, useRedisDetails } from './use-health';
import { WorstOperations } from './worst-operations';

const KIND_TITLE = {
  service: 'Database · service role',
  anon: 'Database · users (anon + RLS)',
} as const;

function Figure({ label, value, testId }: { label: string; value: string; testId?: string }) {
  return (
    <div>
      <dt className="text-xs text-muted">{label}</dt>
      <dd className="text-lg font-semibold tabular-nums" data-testid={testId}>
        {value}
      </dd>
    </div>
  );
}

function CardShell({
  title,
  status,
  testId,
  children,
}: {
  title: string;
  status?: Status | undefined;
  testId: string;
  children: React.ReactNode;
}) {
  return (
    <article
      data-testid={testId}
      data-status={status ?? 'unknown'}
      className="flex min-h-64 flex-col gap-3 rounded-lg border border-line bg-panel p-4"
    >
      <header className="flex items-center justify-between gap-2">
        <h2 className="font-semibold">{title}</h2>
        {status && <StatusPill status={status} />}
      </header>
      {children}
    </article>
  );
}

function componentStatus(
  summary: ReturnType<typeof useHealthSummary>['data'],
  id: string,
): Status | undefined {
  if (!summary) return undefined;
  const entries = Object.entries(summary.checks).filter(([key]) => key.startsWith(`${id}:`));
  if (entries.length === 0) return undefined;
  const statuses = entries.map(([, v]) => v[0]?.status);
  return statuses.includes('fail') ? 'fail' : statuses.includes('warn') ? 'warn' : 'pass';
}

export function DbKindCards() {
  const db = useDbDetails();
  const history = useHistory();
  const summary = useHealthSummary();
  return (
    <>
      {(['service', 'anon'] as const).map((kind) => {
        const k = db.data?.kinds[kind];
        const rows = history.data ? dbRows(history.data.db[kind], history.data.bucketMs) : [];
        return (
          <CardShell
            key={kind}
            title={KIND_TITLE[kind]}
            status={componentStatus(summary.data, `supabase-${kind}`)}
            testId={`card-${kind}`}
          >
            {k ? (
              <>
                <BreakerBadge state={k.breaker.state.name} since={k.breaker.state.since} />
                <dl className="grid grid-cols-2 gap-3 sm:grid-cols-3">
                  <Figure
                    label="probe"
                    value={k.probe.ok ? formatMs(k.probe.ms) : 'failed'}
                    testId={`${kind}-probe`}
                  />
                  <Figure
                    label="utilization"
                    value={`${formatPct(k.pool.utilization, 0)} of ${k.pool.max}`}
                  />
                  <Figure label="success (1 min)" value={formatPct(k.recent.successRate)} />
                  <Figure
                    label="p95 (1 min)"
                    value={formatMs(k.recent.latency.count ? k.recent.latency.p95Ms : null)}
                  />
                  <Figure label="calls (1 min)" value={formatRate(k.recent.calls / 60)} />
                  <Figure label="retries (1 min)" value={String(k.recent.retries)} />
                </dl>
                <Sparkline
                  values={rows.map((r) => r.callsPerSec)}
                  label={`calls per second over the window, latest ${formatRate(rows.at(-1)?.callsPerSec ?? 0)}`}
                />
              </>
            ) : (
              <p className="text-sm text-muted">
                {db.error ? `No data: ${db.error.message}` : 'Loading…'}
              </p>
            )}
          </CardShell>
        );
      })}
    </>
  );
}

export function CacheCard() {
  const redis = useRedisDetails();
  const history = useHistory();
  const summary = useHealthSummary();
  const c = redis.data?.cache;
  const server = redis.data?.server;
  const rows = history.data ? cacheRows(history.data.cache) : [];
  return (
    <CardShell
      title="Redis cache"
      status={componentStatus(summary.data, 'redis')}
      testId="card-redis"
    >
      {c ? (
        <>
          <p className="text-sm" data-testid="redis-connection" data-connection={c.status}>
            connection{' '}
            <strong className={c.status === 'ready' ? 'text-ok' : 'text-fail'}>
              {c.status === 'ready' ? 'up (ready)' : `down (${c.status})`}
            </strong>{' '}
            · {c.reconnects} reconnect(s)
          </p>
          <dl className="grid grid-cols-2 gap-3 sm:grid-cols-3">
            <Figure
              label="hit rate (1 min)"
              value={c.recent.lookups ? formatPct(c.recent.hitRate) : '—'}
            />
            <Figure label="bypasses (1 min)" value={String(c.recent.bypasses)} />
            <Figure
              label="ping"
              value={server?.reachable ? formatMs(server.pingMs) : 'unreachable'}
            />
            <Figure
              label="memory"
              value={
                server?.reachable
                  ? `${formatBytes(server.usedMemoryBytes)}${server.maxMemoryBytes ? ` of ${formatBytes(server.maxMemoryBytes)}` : ''}`
                  : '—'
              }
            />
            <Figure
              label="evicted keys"
              value={server?.reachable ? String(server.evictedKeys ?? 0) : '—'}
            />
            <Figure
              label="p95 command"
              value={formatMs(c.recent.latency.count ? c.recent.latency.p95Ms : null)}
            />
          </dl>
          <Sparkline
            values={rows.map((r) => r.hitRate)}
            color="var(--chart-4)"
            label="cache hit rate over the window"
          />
        </>
      ) : (
        <p className="text-sm text-muted">
          {redis.error ? 'No data: the health API is unreachable' : 'Loading…'}
        </p>
      )}
    </CardShell>
  );
}

export function OverviewView() {
  return (
    <div className="space-y-4">
      <div className="grid items-start gap-4 xl:grid-cols-[minmax(0,3fr)_minmax(22rem,2fr)]">
        <StatusBanner />
        <SloPanel />
      </div>
      <div className="grid gap-4 md:grid-cols-2 2xl:grid-cols-3">
        <DbKindCards />
        <CacheCard />
        <WorstOperations />
      </div>
    </div>
  );
}
