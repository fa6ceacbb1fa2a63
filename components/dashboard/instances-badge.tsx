'use client';
// "N of M instances reporting" in the navigation, on every page: stale instances are counted
// beside it and named on hover and in the list it opens; "fleet view unavailable" while the
// fleet's figures cannot be read.
import Link from 'next/link';
import { formatAge } from './format';
import { INSTANCE_STATE_LABEL, instanceState, reportingSummary } from './instance-rows';
import { scopedHref } from './scope';
import { useScopeInfo } from './use-health';
import { useScope } from './use-scope';

const STATE_TONE = { reporting: 'text-ok', stale: 'text-warn', dropped: 'text-muted' } as const;

export function InstancesBadge() {
  const { info, now } = useScopeInfo();
  const scope = useScope();
  if (!info) return <span className="text-sm text-muted">instances…</span>;
  if (!info.fleetAvailable) {
    return (
      <span
        data-testid="instances-badge"
        data-fleet="unavailable"
        title={info.fleetError}
        className="rounded border border-warn/50 bg-warn/10 px-2 py-1 text-sm font-semibold text-warn"
      >
        fleet view unavailable
      </span>
    );
  }
  const s = reportingSummary(info);
  const allIn = s.reporting === s.listed && s.stale.length === 0;
  const hover = [
    s.stale.length ? `stale: ${s.stale.join(', ')}` : '',
    s.dropped.length ? `dropped out: ${s.dropped.join(', ')}` : '',
  ]
    .filter(Boolean)
    .join('; ');
  return (
    <details className="relative" data-testid="instances-badge" data-fleet="available">
      <summary
        title={hover || undefined}
        data-reporting={s.reporting}
        data-listed={s.listed}
        data-stale={s.stale.length}
        className={`cursor-pointer list-none rounded border px-2 py-1 text-sm font-semibold ${
          allIn ? 'border-ok/40 bg-ok/10 text-ok' : 'border-warn/50 bg-warn/10 text-warn'
        }`}
      >
        {s.text}
        {s.stale.length > 0 && ` · ${s.stale.length} stale`}
        {s.dropped.length > 0 && (
          <span className="font-normal text-muted"> · {s.dropped.length} dropped out</span>
        )}
      </summary>
      <div className="absolute right-0 z-10 mt-1 w-96 max-w-[90vw] rounded-lg border border-line bg-panel p-3 text-sm shadow-lg">
        <ul className="space-y-1" aria-label="Instances">
          {info.instances.map((row) => {
            const state = instanceState(row);
            return (
              <li
                key={row.id}
                data-instance={row.id}
                data-state={state}
                className="flex justify-between gap-2"
              >
                <Link
                  className="truncate font-mono underline"
                  href={scopedHref('/', { scope: 'instance', instance: row.id })}
                >
                  {row.id}
                </Link>
                <span className={`shrink-0 ${STATE_TONE[state]}`}>
                  {INSTANCE_STATE_LABEL[state]}
                  {state !== 'reporting' &&
                    now !== undefined &&
                    `, ${formatAge(row.lastSeen, now)}`}
                </span>
              </li>
            );
          })}
        </ul>
        <Link className="mt-2 block text-right underline" href={scopedHref('/instances', scope)}>
          All instances, sortable →
        </Link>
      </div>
    </details>
  );
}
