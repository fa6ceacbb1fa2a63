'use client';
// The instances page: every instance with figures in the window, side by side, each a link to
// its own pages (the same pages at scope=instance).
import { StaleNotice } from './stale-notice';
import { InstancesTable } from './instances-table';
import { StatusBanner } from './status-banner';
import { useSettings } from './settings';
import { useScopeInfo } from './use-health';
import { useScope } from './use-scope';

export function InstancesView() {
  const { info, now, error } = useScopeInfo();
  const scope = useScope();
  const { window } = useSettings();
  return (
    <div className="space-y-4">
      <StatusBanner />
      <StaleNotice error={error} updatedAt={undefined} />
      <section aria-labelledby="h-instances" className="space-y-2">
        <h2 id="h-instances" className="text-lg font-semibold">
          Instances
        </h2>
        <p className="text-sm text-muted">
          Figures over the last {window} from each instance&apos;s published buckets: calls per
          second, error % of finished calls, p99 of its calls, pool utilization at its last flush,
          and its breakers. An instance is stale after two flush intervals without a flush and drops
          out after its TTL; its figures stay here while they are inside the window.
        </p>
        {!info ? (
          <p className="text-sm text-muted">Loading…</p>
        ) : !info.fleetAvailable ? (
          <p className="text-sm text-warn" data-testid="instances-unavailable">
            The fleet&apos;s figures cannot be read ({info.fleetError}): no instances to list. This
            page shows {info.self}, the instance that answered.
          </p>
        ) : now === undefined ? null : (
          <InstancesTable
            rows={info.instances}
            self={info.self}
            viewing={scope.scope === 'instance' ? info.subject : undefined}
            now={now}
          />
        )}
      </section>
    </div>
  );
}
