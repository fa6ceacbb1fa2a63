'use client';
// The read replicas on the database page: where replica-ok reads go now, the failover timeline,
// and per replica its lag, eligibility, breaker, pool and calls. Shown only when replicas are
// configured. In the fleet scope the figures are every instance's merged (the API's `fleet`
// detail): how many instances fail over, routed reads summed, one timeline per instance.
import { FailoverTimeline } from '../charts/failover-timeline';
import { formatCount, formatMs, formatPct } from './format';
import { useSettings } from './settings';
import { BreakerBadge, StatusPill } from './status';
import { useDbDetails, useHistory } from './use-health';

const WHY: Record<string, string> = {
  'no-reading': 'no lag reading yet',
  'probe-failed': 'lag probe failing',
  stale: 'lag reading stale',
  'lag-unknown': 'lag unknown',
  lagging: 'lag above maximum',
  'breaker-open': 'breaker open',
};

export function ReplicasPanel() {
  const db = useDbDetails();
  const history = useHistory();
  const { windowMs } = useSettings();
  const r = db.data?.replicas;
  if (!r?.configured) return null;
  // The server's time of its answer; before the history's first answer, the details' own.
  const end = history.data?.now ?? Date.parse(db.data!.time);
  const kinds = r.failover.kinds;
  const reason = [kinds.service, kinds.anon]
    .map((s) => (s.name === 'failover' ? s.reason : undefined))
    .find(Boolean);
  const fleet = r.fleet;
  const transitions = history.data?.failover ?? [];
  // One timeline per instance in the fleet scope (never collapsed into one), else this one's.
  const timelines = fleet
    ? fleet.perInstance.map((p) => ({
        instance: p.instance as string | undefined,
        current: { service: p.kinds.service.name, anon: p.kinds.anon.name },
        transitions: transitions.filter((t) => t.instance === p.instance),
      }))
    : [
        {
          instance: undefined,
          current: { service: kinds.service.name, anon: kinds.anon.name },
          transitions,
        },
      ];
  return (
    <section aria-labelledby="h-replicas" className="space-y-3" data-testid="db-replicas">
      <div className="flex flex-wrap items-center gap-3">
        <h2 id="h-replicas" className="text-lg font-semibold">
          Read replicas
        </h2>
        <span data-testid="reads-go-to" data-target={r.readsGoTo}>
          <StatusPill status={r.failover.active ? 'warn' : 'pass'}>
            {r.failover.active ? 'failover active' : 'reads on primary'}
          </StatusPill>
        </span>
        <span className="text-sm text-muted">
          replica-ok reads go to <strong className="font-mono">{r.readsGoTo}</strong>
          {reason ? ` (${reason})` : ''} · {formatCount(r.failover.activations)} activation(s) ·{' '}
          {formatCount(r.fallbacks)} fallback(s) · max lag {formatMs(r.settings?.maxLagMs)} ·
          failover at pool ≥ {formatPct(r.settings?.failoverUtilization, 0)}, back below{' '}
          {formatPct(r.settings?.recoverUtilization, 0)}
        </span>
      </div>
      {fleet && (
        <p className="text-sm text-muted" data-testid="replicas-fleet">
          Fleet:{' '}
          <strong data-testid="failing-over" data-count={fleet.failingOver}>
            {fleet.failingOver} of {fleet.instances}
          </strong>{' '}
          instance(s) failing over ({formatPct(fleet.failingOverShare, 0)}) · replica-ok reads in
          the window: {formatCount(fleet.routedReads.primary)} to the primary,{' '}
          {formatCount(fleet.routedReads.replica)} to replicas ·{' '}
          {formatCount(fleet.windowActivations)} activation(s)
        </p>
      )}
      <div className="grid gap-3 lg:grid-cols-2">
        <div className="space-y-2">
          {timelines.map((t) => (
            <div key={t.instance ?? 'self'} data-instance={t.instance}>
              {t.instance && (
                <div className="font-mono text-xs text-muted" data-testid="timeline-instance">
                  {t.instance}
                </div>
              )}
              <FailoverTimeline
                transitions={t.transitions}
                current={t.current}
                start={end - windowMs}
                end={end}
                testId="failover-timeline"
              />
            </div>
          ))}
        </div>
        <div className="overflow-auto rounded-lg border border-line bg-panel p-3">
          <table className="w-full text-left text-xs" data-testid="replicas-table">
            <thead className="text-muted">
              <tr>
                <th scope="col">replica</th>
                <th scope="col">lag</th>
                <th scope="col">reads</th>
                <th scope="col">breaker</th>
                <th scope="col" className="text-right">
                  pool
                </th>
                <th scope="col" className="text-right">
                  calls
                </th>
                <th scope="col" className="text-right">
                  routed
                </th>
                {fleet && <th scope="col">per instance</th>}
              </tr>
            </thead>
            <tbody>
              {r.replicas.map((x) => (
                <tr key={x.name} className="border-t border-line" data-replica={x.name}>
                  <td className="font-mono" title={x.host}>
                    {x.name}
                  </td>
                  <td className="tabular-nums" data-testid="replica-lag">
                    {x.lag.ok ? formatMs(x.lag.lagMs) : '—'}
                    {x.lag.replayPaused ? ' (replay paused)' : ''}
                  </td>
                  <td data-testid="replica-eligible" data-eligible={x.eligible}>
                    {x.eligible ? (
                      <span className="text-ok">takes reads</span>
                    ) : (
                      <span className="text-fail">
                        none: {WHY[x.ineligibleBecause ?? ''] ?? x.ineligibleBecause}
                      </span>
                    )}
                  </td>
                  <td>
                    <BreakerBadge
                      state={x.client.breaker.state.name}
                      since={x.client.breaker.state.since}
                    />
                  </td>
                  <td className="text-right tabular-nums">
                    {x.client.pool.inFlight}/{x.client.pool.max} (
                    {formatPct(x.client.pool.utilization, 0)})
                  </td>
                  <td className="text-right tabular-nums">
                    {formatCount(x.client.lifetime.calls)} ·{' '}
                    {formatPct(x.client.lifetime.successRate)} ok
                  </td>
                  <td className="text-right tabular-nums">{formatCount(x.reads)}</td>
                  {fleet && 'perInstance' in x && (
                    <td data-testid="replica-instances" data-eligible-on={x.eligibleOn}>
                      {x.eligibleOn}/{x.instances} eligible
                      <ul className="text-[11px] text-muted">
                        {x.perInstance.map((p) => (
                          <li key={p.instance} data-instance={p.instance}>
                            <span className="font-mono">{p.instance}</span>: lag {formatMs(p.lagMs)}
                            , {p.breaker.state}, {formatCount(p.calls)} calls
                          </li>
                        ))}
                      </ul>
                    </td>
                  )}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </div>
    </section>
  );
}
