'use client';
// The page's scope in words, above everything else: "Instance X — back to the fleet" when drilled
// down, and a clear label when the fleet view is unavailable and the figures are the answering
// instance's. It goes away by itself when Redis is back (the next poll says so).
import Link from 'next/link';
import { usePathname, useSearchParams } from 'next/navigation';
import { INSTANCE_STATE_LABEL } from './instance-rows';
import { rescopedHref, FLEET_SCOPE } from './scope';
import { scopeNotices, type ScopeNotice } from './scope-notice';
import { useScopeInfo } from './use-health';
import { useScope } from './use-scope';

export function ScopeBanner() {
  const scope = useScope();
  const { info, error } = useScopeInfo();
  const notices = scopeNotices(scope, info, error);
  if (notices.length === 0) return null;
  return (
    <div className="space-y-2">
      {notices.map((n) => (
        <Notice key={n.kind} notice={n} />
      ))}
    </div>
  );
}

function Notice({ notice: n }: { notice: ScopeNotice }) {
  const path = usePathname();
  // Back to the fleet on the same page: an operation's drill-down stays that operation's.
  const params = useSearchParams();
  const back = (
    <Link className="font-semibold underline" href={rescopedHref(path, params, FLEET_SCOPE)}>
      back to the fleet
    </Link>
  );
  switch (n.kind) {
    case 'instance':
      return (
        <div
          role="status"
          data-testid="scope-banner"
          data-scope="instance"
          data-instance={n.id}
          data-state={n.state}
          className="flex flex-wrap items-center gap-2 rounded-lg border-2 border-accent bg-accent/10 px-4 py-2 text-sm"
        >
          <span>
            Instance <strong className="font-mono">{n.id}</strong>
            {n.answering ? ' (the one answering this page)' : ''}
            {n.state !== 'reporting' && n.state !== 'unknown' && (
              <span className={n.state === 'stale' ? 'text-warn' : 'text-muted'}>
                {' '}
                · {INSTANCE_STATE_LABEL[n.state]}
              </span>
            )}
          </span>
          <span aria-hidden>—</span>
          {back}
        </div>
      );
    case 'instance-missing':
      return (
        <div
          role="alert"
          data-testid="scope-banner"
          data-scope="instance"
          data-instance={n.id}
          data-state="missing"
          className="rounded-lg border-2 border-warn bg-warn/10 px-4 py-2 text-sm"
        >
          Instance <strong className="font-mono">{n.id}</strong> cannot be shown: {n.message}.{' '}
          {back}
        </div>
      );
    case 'fleet-unavailable':
      return (
        <div
          role="status"
          data-testid="fleet-unavailable"
          data-instance={n.self}
          className="rounded-lg border-2 border-warn bg-warn/10 px-4 py-2 text-sm"
        >
          <strong>Fleet view unavailable</strong> ({n.reason}): showing this instance,{' '}
          <strong className="font-mono">{n.self}</strong>. The fleet view returns by itself when
          Redis answers again.
        </div>
      );
  }
}
