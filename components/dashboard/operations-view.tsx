'use client';
// The operations page: which query is slow or failing, one row per operation (the call's
// context) with the scope's figures over the window, sortable and filterable by client kind; the
// sort and the filter live in the page URL, so a view can be shared and reloaded.
import { usePathname, useRouter, useSearchParams } from 'next/navigation';
import { formatCount } from './format';
import {
  KIND_FILTERS,
  OTHER_OPERATION,
  nextOperationSort,
  operationsSearch,
  operationsStateFromParams,
  sortOperations,
  type KindFilter,
  type OperationSortKey,
  type OperationsTableState,
} from './operation-rows';
import { OperationsTable } from './operations-table';
import { scopeSearch } from './scope';
import { useSettings } from './settings';
import { StaleNotice } from './stale-notice';
import { StatusBanner } from './status-banner';
import { useHistory, useOperations } from './use-health';
import { useScope } from './use-scope';

export function OperationsView() {
  const ops = useOperations();
  // The health thresholds come with the history answer the scope banner polls anyway.
  const thresholds = useHistory().data?.thresholds;
  const scope = useScope();
  const { window } = useSettings();
  const params = useSearchParams();
  const router = useRouter();
  const path = usePathname();
  const state = operationsStateFromParams(params);
  const go = (next: OperationsTableState) =>
    router.replace(`${path}${operationsSearch(params, next)}`, { scroll: false });
  const onSort = (key: OperationSortKey) =>
    go({ ...state, sort: nextOperationSort(state.sort, key) });
  const data = ops.data;
  const rows = data ? sortOperations(data.operations, state) : [];
  const other = data?.operations.filter((r) => r.name === OTHER_OPERATION) ?? [];
  const local = data ? !data.scope.fleetAvailable || data.trendBucketMs === 0 : false;
  return (
    <div className="space-y-4">
      <StatusBanner />
      <StaleNotice error={ops.error} updatedAt={ops.updatedAt} />
      <section aria-labelledby="h-operations" className="space-y-2">
        <div className="flex flex-wrap items-end justify-between gap-3">
          <h2 id="h-operations" className="text-lg font-semibold">
            Operations
          </h2>
          <label className="flex items-center gap-2 text-sm">
            Client
            <select
              aria-label="Client kind"
              className="rounded border border-line bg-panel px-2 py-1"
              value={state.kind}
              onChange={(e) => go({ ...state, kind: e.target.value as KindFilter })}
            >
              {KIND_FILTERS.map((k) => (
                <option key={k.id} value={k.id}>
                  {k.label}
                </option>
              ))}
            </select>
          </label>
        </div>
        <p className="text-sm text-muted">
          Each wrapped call&apos;s operation (its context, or its table and operation) over the last{' '}
          {window}: calls per second, error % of finished calls, p50 and p99 from the merged
          histogram, breaker and pool refusals, retries, and its calls over the last two minutes.
          Health: error % against the success-rate thresholds and p99 against the latency lines,
          once an operation has {thresholds?.minCalls ?? 'enough'} finished calls. The bar is its
          volume beside the busiest operation shown.
        </p>
        {local && data && (
          <p className="text-sm text-warn" data-testid="operations-local">
            These are {data.scope.self}&apos;s own figures since it started (no two-minute trend):
            the fleet&apos;s cannot be read
            {data.scope.fleetError ? ` (${data.scope.fleetError})` : ''}.
          </p>
        )}
        {data && data.overflowCalls > 0 && (
          <p
            role="status"
            className="rounded border border-warn/50 bg-warn/10 px-3 py-2 text-sm"
            data-testid="operations-overflow"
            data-value={data.overflowCalls}
          >
            <strong>{formatCount(data.overflowCalls)} calls</strong> went to the{' '}
            <code>{OTHER_OPERATION}</code> bucket: an instance&apos;s table of operations was full (
            <code>DB_MAX_OPERATIONS</code>). Labels that embed ids are the usual cause.
          </p>
        )}
        {!data || !thresholds ? (
          <p className="text-sm text-muted">{ops.error ? 'No data.' : 'Loading…'}</p>
        ) : data.operations.length === 0 ? (
          <p className="text-sm text-muted" data-testid="operations-empty">
            No operations yet: no wrapped database call has finished in the last {window}
            {scope.scope === 'instance' ? ' on this instance' : ' anywhere in the fleet'}.
          </p>
        ) : rows.length === 0 ? (
          <p className="text-sm text-muted" data-testid="operations-empty">
            No operations of the {state.kind} client in the last {window}.
          </p>
        ) : (
          <OperationsTable
            rows={rows}
            sort={state.sort}
            onSort={onSort}
            thresholds={thresholds}
            scopeQuery={scopeSearch(scope)}
            trendBucketMs={data.trendBucketMs}
          />
        )}
        {other.length > 0 && data?.overflowCalls === 0 && (
          <p className="text-xs text-muted">
            The <code>{OTHER_OPERATION}</code> row holds operations past an instance&apos;s cap.
          </p>
        )}
      </section>
    </div>
  );
}
