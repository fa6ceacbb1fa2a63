'use client';
// Every operation side by side, as Hystrix's dashboard showed its commands: health in a word and
// a colour, volume as a bar, calls/s, error %, p50/p99 and a two-minute trend, sortable from the
// headers (buttons: keyboard-reachable, aria-sort says which way), each name a link to its
// drill-down.
import Link from 'next/link';
import type { HealthThresholds } from '@/lib/health';
import { Sparkline } from '../charts/sparkline';
import { formatCount, formatMs, formatPct, formatPerSecond } from './format';
import {
  OPERATION_HEALTH_LABEL,
  OPERATION_SORTS,
  OTHER_OPERATION,
  operationHealth,
  operationHref,
  operationId,
  peakRate,
  type OperationHealth,
  type OperationRow,
  type OperationSort,
  type OperationSortKey,
} from './operation-rows';
import { NumberCell as Cell, SortHeader } from './sort-header';

const HEALTH_STYLE: Record<OperationHealth, string> = {
  pass: 'border-ok/40 bg-ok/15 text-ok',
  warn: 'border-warn/40 bg-warn/15 text-warn',
  fail: 'border-fail/40 bg-fail/15 text-fail',
  quiet: 'border-line bg-line/50 text-muted',
};

const HEALTH_COLOR: Record<OperationHealth, string> = {
  pass: 'var(--ok)',
  warn: 'var(--warn)',
  fail: 'var(--fail)',
  quiet: 'var(--muted)',
};

export function OperationsTable({
  rows,
  sort,
  onSort,
  thresholds,
  scopeQuery,
  trendBucketMs,
}: {
  /** Already filtered and sorted. */
  rows: readonly OperationRow[];
  sort: OperationSort;
  onSort: (key: OperationSortKey) => void;
  thresholds: Pick<HealthThresholds, 'successRate' | 'p95Ms' | 'minCalls'>;
  /** The page's scope query, kept by the drill-down links. */
  scopeQuery: string;
  trendBucketMs: number;
}) {
  const peak = peakRate(rows);
  const trendSeconds = trendBucketMs / 1000;
  return (
    <div className="overflow-x-auto rounded-lg border border-line bg-panel">
      <table className="w-full text-sm" data-testid="operations-table">
        <caption className="sr-only">
          Operations, sorted by {OPERATION_SORTS.find((s) => s.key === sort.key)!.label}{' '}
          {sort.direction}
        </caption>
        <thead className="border-b border-line text-muted">
          <tr>
            <th scope="col" className="px-2 py-1 text-left font-medium">
              health
            </th>
            <SortHeader
              sorts={OPERATION_SORTS}
              sortKey="name"
              sort={sort}
              onSort={onSort}
              align="left"
            />
            <th scope="col" className="px-2 py-1 text-left font-medium">
              client
            </th>
            <SortHeader
              sorts={OPERATION_SORTS}
              sortKey="callsPerSecond"
              sort={sort}
              onSort={onSort}
            />
            <SortHeader sorts={OPERATION_SORTS} sortKey="errorRate" sort={sort} onSort={onSort} />
            <SortHeader sorts={OPERATION_SORTS} sortKey="p50Ms" sort={sort} onSort={onSort} />
            <SortHeader sorts={OPERATION_SORTS} sortKey="p99Ms" sort={sort} onSort={onSort} />
            <th scope="col" className="px-2 py-1 text-right font-medium">
              refused · retries
            </th>
            <th scope="col" className="px-2 py-1 text-left font-medium">
              last 2 min
            </th>
          </tr>
        </thead>
        <tbody>
          {rows.map((row) => {
            const health = operationHealth(row, thresholds);
            const ran = row.latency.count > 0;
            const refused = row.rejected.breaker + row.rejected.pool;
            const recent = row.trend.reduce((n, c) => n + c, 0);
            return (
              <tr
                key={operationId(row)}
                data-testid="operation-row"
                data-operation={row.name}
                data-kind={row.kind}
                data-health={health}
                className="border-b border-line last:border-0"
              >
                <td className="px-2 py-1">
                  <span
                    className={`rounded border px-1.5 py-0.5 text-xs font-semibold ${HEALTH_STYLE[health]}`}
                  >
                    {OPERATION_HEALTH_LABEL[health]}
                  </span>
                </td>
                <th
                  scope="row"
                  className="px-2 py-1 text-left font-normal"
                  data-col="name"
                  data-value={operationId(row)}
                >
                  <Link className="font-mono underline" href={operationHref(row, scopeQuery)}>
                    {row.name}
                  </Link>
                  {row.name === OTHER_OPERATION && (
                    <span className="ml-2 text-xs text-muted">(operations past the cap)</span>
                  )}
                </th>
                <td className="px-2 py-1 text-muted">{row.kind}</td>
                <Cell col="callsPerSecond" value={row.callsPerSecond}>
                  <span className="inline-flex items-center justify-end gap-2">
                    {/* Volume at a glance: the bar is the share of the busiest operation shown. */}
                    <span
                      aria-hidden
                      className="inline-block h-2 w-20 overflow-hidden rounded bg-line"
                      title={`${formatCount(row.calls)} calls`}
                    >
                      <span
                        className="block h-full"
                        style={{
                          width: `${Math.max(2, (row.callsPerSecond / peak) * 100)}%`,
                          background: HEALTH_COLOR[health],
                        }}
                      />
                    </span>
                    {formatPerSecond(row.callsPerSecond)}
                  </span>
                </Cell>
                <Cell col="errorRate" value={row.errorRate}>
                  {formatPct(row.errorRate, 2)}
                </Cell>
                <Cell col="p50Ms" value={ran ? row.latency.p50Ms : 0}>
                  {ran ? formatMs(row.latency.p50Ms) : '—'}
                </Cell>
                <Cell col="p99Ms" value={ran ? row.latency.p99Ms : 0}>
                  {ran ? formatMs(row.latency.p99Ms) : '—'}
                </Cell>
                <Cell col="refused" value={refused}>
                  {refused} · {row.retries}
                </Cell>
                <td className="w-36 px-2 py-1" data-col="trend" data-value={recent}>
                  {row.trend.length > 0 ? (
                    <Sparkline
                      values={row.trend}
                      color={HEALTH_COLOR[health]}
                      label={`${row.name}: ${recent} calls in the last 2 minutes, in ${trendSeconds} s buckets`}
                    />
                  ) : (
                    <span className="text-xs text-muted">no trend</span>
                  )}
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
