'use client';
// The fleet's instances side by side, sortable as in Hystrix's dashboard (calls/s, error %, p99,
// utilization, breaker state) with buttons in the headers (keyboard-reachable, aria-sort), each
// row linking to that instance's pages. Stale and dropped-out instances are marked in words.
import Link from 'next/link';
import { useState } from 'react';
import { formatAge, formatMs, formatPct } from './format';
import {
  DEFAULT_INSTANCE_SORT,
  INSTANCE_SORTS,
  INSTANCE_STATE_LABEL,
  instanceState,
  nextSort,
  sortInstances,
  worstBreaker,
  type InstanceRow,
  type InstanceSort,
  type InstanceSortKey,
} from './instance-rows';
import { scopedHref } from './scope';
import { NumberCell as Cell, SortHeader } from './sort-header';

const STATE_STYLE = {
  reporting: 'border-ok/40 bg-ok/10 text-ok',
  stale: 'border-warn/50 bg-warn/15 text-warn',
  dropped: 'border-line bg-line/50 text-muted',
} as const;

const BREAKER_STYLE = {
  closed: 'text-ok',
  'half-open': 'text-half',
  open: 'text-fail font-semibold',
  unknown: 'text-muted',
} as const;

export function InstancesTable({
  rows,
  self,
  viewing,
  now,
}: {
  rows: readonly InstanceRow[];
  /** The instance that answered. */
  self: string;
  /** The instance the page is drilled into, if any. */
  viewing: string | undefined;
  now: number;
}) {
  const [sort, setSort] = useState<InstanceSort>(DEFAULT_INSTANCE_SORT);
  const sorted = sortInstances(rows, sort);
  const onSort = (key: InstanceSortKey) => setSort((s) => nextSort(s, key));
  return (
    <div className="overflow-x-auto rounded-lg border border-line bg-panel">
      <table className="w-full text-sm" data-testid="instances-table">
        <caption className="sr-only">
          Instances of the fleet, sorted by {INSTANCE_SORTS.find((s) => s.key === sort.key)!.label}{' '}
          {sort.direction}
        </caption>
        <thead className="border-b border-line text-muted">
          <tr>
            <SortHeader
              sorts={INSTANCE_SORTS}
              sortKey="id"
              sort={sort}
              onSort={onSort}
              align="left"
            />
            <th scope="col" className="px-2 py-1 text-left font-medium">
              state
            </th>
            <th scope="col" className="px-2 py-1 text-right font-medium">
              share of calls
            </th>
            <SortHeader
              sorts={INSTANCE_SORTS}
              sortKey="callsPerSecond"
              sort={sort}
              onSort={onSort}
            />
            <SortHeader sorts={INSTANCE_SORTS} sortKey="errorRate" sort={sort} onSort={onSort} />
            <SortHeader sorts={INSTANCE_SORTS} sortKey="p99Ms" sort={sort} onSort={onSort} />
            <SortHeader sorts={INSTANCE_SORTS} sortKey="utilization" sort={sort} onSort={onSort} />
            <SortHeader sorts={INSTANCE_SORTS} sortKey="breaker" sort={sort} onSort={onSort} />
          </tr>
        </thead>
        <tbody>
          {sorted.map((row) => {
            const state = instanceState(row);
            const worst = worstBreaker(row);
            return (
              <tr
                key={row.id}
                data-testid="instance-row"
                data-instance={row.id}
                data-state={state}
                aria-current={row.id === viewing ? 'true' : undefined}
                className={`border-b border-line last:border-0 ${state === 'stale' ? 'bg-warn/5' : ''} ${state === 'dropped' ? 'opacity-60' : ''} ${row.id === viewing ? 'outline-2 outline-accent' : ''}`}
              >
                <th scope="row" className="px-2 py-1 text-left font-normal" data-col="id">
                  <Link
                    className="font-mono underline"
                    href={scopedHref('/', { scope: 'instance', instance: row.id })}
                  >
                    {row.id}
                  </Link>
                  {row.id === self && <span className="ml-2 text-xs text-muted">(answering)</span>}
                </th>
                <td className="px-2 py-1">
                  <span
                    className={`rounded border px-1.5 py-0.5 text-xs font-semibold ${STATE_STYLE[state]}`}
                  >
                    {INSTANCE_STATE_LABEL[state]}
                  </span>{' '}
                  <span className="text-xs text-muted">
                    last seen {formatAge(row.lastSeen, Math.max(now, row.lastSeen))}
                  </span>
                </td>
                <Cell col="share" value={row.share}>
                  {formatPct(row.share, 0)}
                </Cell>
                <Cell col="callsPerSecond" value={row.callsPerSecond}>
                  {row.callsPerSecond.toFixed(2)}
                </Cell>
                <Cell col="errorRate" value={row.errorRate}>
                  {formatPct(row.errorRate, 2)}
                </Cell>
                <Cell col="p99Ms" value={row.p99Ms}>
                  {row.p99Ms > 0 ? formatMs(row.p99Ms) : '—'}
                </Cell>
                <Cell col="utilization" value={row.utilization}>
                  {formatPct(row.utilization, 0)}
                </Cell>
                <Cell col="breaker" value={worst}>
                  <span className={BREAKER_STYLE[row.breaker.service]}>
                    service {row.breaker.service}
                  </span>
                  {' · '}
                  <span className={BREAKER_STYLE[row.breaker.anon]}>anon {row.breaker.anon}</span>
                </Cell>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
