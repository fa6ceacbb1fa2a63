'use client';
// The database page: per client kind, pool utilization, latency percentiles, throughput and
// errors, the breaker timeline; read replicas and failover (when configured); the database's
// connections; the latest slow calls.
import { BreakerTimeline } from '../charts/breaker-timeline';
import { dbRows } from '../charts/chart-rows';
import { ConnectionsChart } from '../charts/connections-chart';
import { LatencyChart } from '../charts/latency-chart';
import { ThroughputChart } from '../charts/throughput-chart';
import { UtilizationChart } from '../charts/utilization-chart';
import { formatClock, formatMs } from './format';
import { ReplicasPanel } from './replicas-panel';
import { StatusBanner } from './status-banner';
import { useSettings } from './settings';
import { StaleNotice } from './stale-notice';
import { BreakerBadge } from './status';
import { useDbDetails, useHistory } from './use-health';
import { useScope } from './use-scope';

/** In the fleet's answer each slow call names the instance that made it. */
type SlowCallView = NonNullable<
  ReturnType<typeof useDbDetails>['data']
>['kinds']['service']['slowCalls'][number] & { readonly instance?: string };

export function DbView() {
  const db = useDbDetails();
  const history = useHistory();
  const { windowMs } = useSettings();
  const fleet = useScope().scope === 'fleet';
  const h = history.data;
  const end = h?.now ?? 0;
  const connections = db.data?.connections;
  return (
    <div className="space-y-4">
      <StatusBanner />
      <StaleNotice error={history.error ?? db.error} updatedAt={history.updatedAt} />
      {(['service', 'anon'] as const).map((kind) => {
        const k = db.data?.kinds[kind];
        const rows = h ? dbRows(h.db[kind], h.bucketMs) : [];
        return (
          <section
            key={kind}
            aria-labelledby={`h-${kind}`}
            className="space-y-3"
            data-testid={`db-${kind}`}
          >
            <div className="flex flex-wrap items-center gap-3">
              <h2 id={`h-${kind}`} className="text-lg font-semibold">
                {kind === 'service' ? 'Service role' : 'Users (anon + RLS)'}
              </h2>
              {k && <BreakerBadge state={k.breaker.state.name} since={k.breaker.state.since} />}
              {k && (
                <span className="text-sm text-muted">
                  {k.pool.inFlight}/{k.pool.max} in flight · {k.pool.queued} queued · peak{' '}
                  {k.pool.peakInFlight}
                </span>
              )}
            </div>
            <div className="grid gap-3 lg:grid-cols-2 2xl:grid-cols-4">
              <UtilizationChart
                rows={rows}
                max={k?.pool.max ?? 0}
                warn={h?.thresholds.utilization.warn ?? 0.6}
                fail={h?.thresholds.utilization.fail ?? 0.8}
                testId={`chart-utilization-${kind}`}
              />
              <LatencyChart
                rows={rows}
                warnMs={h?.thresholds.p95Ms.warn}
                failMs={h?.thresholds.p95Ms.fail}
                testId={`chart-latency-${kind}`}
              />
              <ThroughputChart rows={rows} testId={`chart-throughput-${kind}`} />
              <BreakerTimeline
                transitions={h?.transitions[kind] ?? []}
                current={k?.breaker.state.name ?? 'closed'}
                start={end - windowMs}
                end={end}
                byInstance={fleet}
                testId={`breaker-timeline-${kind}`}
              />
            </div>
          </section>
        );
      })}
      <ReplicasPanel />
      <section aria-labelledby="h-conn" className="grid gap-3 lg:grid-cols-2">
        <h2 id="h-conn" className="sr-only">
          Database connections and slow calls
        </h2>
        <ConnectionsChart
          report={connections?.ok ? connections : undefined}
          error={connections && !connections.ok ? `No report: ${connections.error}` : undefined}
          testId="chart-connections"
        />
        <SlowCalls />
      </section>
    </div>
  );
}

function SlowCalls() {
  const db = useDbDetails();
  const calls = db.data
    ? (['service', 'anon'] as const)
        .flatMap((kind) =>
          db.data!.kinds[kind].slowCalls.map((c: SlowCallView) => ({ ...c, kind })),
        )
        .sort((a, b) => b.at.localeCompare(a.at))
        .slice(0, 20)
    : [];
  const threshold = db.data?.kinds.service.config.slowCallMs;
  const byInstance = calls.some((c) => c.instance !== undefined);
  return (
    <div className="rounded-lg border border-line bg-panel p-3" data-testid="slow-calls">
      <h3 className="mb-2 text-sm font-semibold">
        Latest slow calls {threshold ? `(≥ ${threshold} ms)` : ''}
      </h3>
      {calls.length === 0 ? (
        <p className="text-sm text-muted">No slow calls recorded.</p>
      ) : (
        <div className="max-h-56 overflow-auto">
          <table className="w-full text-left text-xs">
            <thead className="text-muted">
              <tr>
                <th scope="col">time</th>
                <th scope="col">client</th>
                {byInstance && <th scope="col">instance</th>}
                <th scope="col">context</th>
                <th scope="col" className="text-right">
                  duration
                </th>
                <th scope="col" className="pl-3">
                  outcome
                </th>
              </tr>
            </thead>
            <tbody>
              {calls.map((c) => (
                <tr
                  key={`${c.at}-${c.kind}-${c.context}-${c.instance ?? ''}`}
                  className="border-t border-line"
                >
                  <td>{formatClock(Date.parse(c.at))}</td>
                  <td>{c.kind}</td>
                  {byInstance && <td className="font-mono">{c.instance ?? ''}</td>}
                  <td className="font-mono">{c.context}</td>
                  <td className="text-right tabular-nums">{formatMs(c.durationMs)}</td>
                  <td className={`pl-3 ${c.outcome === 'success' ? 'text-ok' : 'text-fail'}`}>
                    {c.outcome}
                    {c.attempts > 1 ? ` (${c.attempts} attempts)` : ''}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </div>
  );
}
