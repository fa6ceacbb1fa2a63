'use client';
// The overview's pointer to "which query?": the three operations with the highest error %, then
// the highest p99, in the page's scope and window, each a link to its drill-down.
import Link from 'next/link';
import { formatMs, formatPct } from './format';
import { operationHref, operationId, worstOperations } from './operation-rows';
import { scopeSearch, scopedHref } from './scope';
import { useOperations } from './use-health';
import { useScope } from './use-scope';

export function WorstOperations() {
  const { data, error } = useOperations();
  const scope = useScope();
  const worst = data ? worstOperations(data.operations) : [];
  return (
    <section
      aria-labelledby="h-worst"
      data-testid="worst-operations"
      className="space-y-2 rounded-lg border border-line bg-panel p-4"
    >
      <header className="flex flex-wrap items-baseline justify-between gap-2">
        <h2 id="h-worst" className="font-semibold">
          Worst operations
        </h2>
        <Link className="text-sm underline" href={scopedHref('/operations', scope)}>
          all operations
        </Link>
      </header>
      <p className="text-xs text-muted">Highest error % first, then highest p99.</p>
      {!data ? (
        <p className="text-sm text-muted">{error ? `No data: ${error.message}` : 'Loading…'}</p>
      ) : worst.length === 0 ? (
        <p className="text-sm text-muted">No operations have finished calls in the window yet.</p>
      ) : (
        <ol className="space-y-1 text-sm">
          {worst.map((r) => (
            <li
              key={operationId(r)}
              data-testid="worst-operation"
              data-operation={r.name}
              data-kind={r.kind}
              className="flex flex-wrap items-baseline justify-between gap-2"
            >
              <Link className="font-mono underline" href={operationHref(r, scopeSearch(scope))}>
                {r.name}
              </Link>
              <span className="tabular-nums text-muted">
                {r.kind} · errors {formatPct(r.errorRate, 2)} · p99{' '}
                {formatMs(r.latency.count ? r.latency.p99Ms : null)}
              </span>
            </li>
          ))}
        </ol>
      )}
    </section>
  );
}
