'use client';
// One banner that says at a glance whether things are fine and why not, on top of every page:
// /api/health's judgement of the instance that answered (named), whatever the page's scope.
import { StaleNotice } from './stale-notice';
import { StatusPill, type Status } from './status';
import { useHealthSummary, useScopeInfo } from './use-health';

export function StatusBanner() {
  const { data, error, updatedAt, isLoading } = useHealthSummary();
  const self = useScopeInfo().info?.self;
  const status = data?.status as Status | undefined;
  const tone =
    status === 'fail'
      ? 'border-fail bg-fail/10'
      : status === 'warn'
        ? 'border-warn bg-warn/10'
        : status === 'pass'
          ? 'border-ok bg-ok/10'
          : 'border-line bg-panel';
  return (
    <section aria-label="Overall status" className="space-y-2">
      <div
        data-testid="status-banner"
        data-status={status ?? 'unknown'}
        className={`flex min-h-20 flex-wrap items-center gap-4 rounded-lg border-2 px-5 py-4 ${tone}`}
      >
        {status ? (
          <StatusPill status={status} />
        ) : (
          <span className="text-sm text-muted">{isLoading ? 'Checking…' : 'Unknown'}</span>
        )}
        <div className="min-w-0 flex-1">
          <p className="text-xl font-semibold" data-testid="status-headline">
            {status === 'pass'
              ? 'All systems pass'
              : status === 'warn'
                ? 'Degraded: working, with warnings'
                : status === 'fail'
                  ? 'Failing: the database is not serving'
                  : 'Waiting for the first check'}
          </p>
          {data?.output && (
            <p className="mt-1 text-sm" data-testid="status-reasons">
              {data.output}
            </p>
          )}
        </div>
        {data && (
          <p className="text-right text-xs text-muted">
            <time dateTime={data.time}>
              checked {new Date(data.time).toLocaleTimeString('en-GB', { hour12: false })}
            </time>
            {/* /api/health judges the instance that answers, whatever the page's scope. */}
            {self && (
              <>
                <br />
                by the instance that answered,{' '}
                <span className="font-mono" data-testid="status-instance">
                  {self}
                </span>
              </>
            )}
          </p>
        )}
      </div>
      <StaleNotice error={error} updatedAt={updatedAt} />
    </section>
  );
}
