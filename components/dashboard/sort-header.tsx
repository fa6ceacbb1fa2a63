'use client';
// A sortable table's column header: a button (keyboard-reachable) whose arrow and aria-sort say
// whether and which way the table is sorted by it; and its numeric cell, which carries its column
// and raw value for tests and copy-paste. Shared by the instances and operations tables.
import type { TableSort } from './table-sort';

export function SortHeader<K extends string>({
  sortKey,
  sorts,
  sort,
  onSort,
  align = 'right',
}: {
  sortKey: K;
  /** The table's sortable columns; the header shows `sortKey`'s label. */
  sorts: readonly { readonly key: K; readonly label: string }[];
  sort: TableSort<K>;
  onSort: (key: K) => void;
  align?: 'left' | 'right';
}) {
  const active = sort.key === sortKey;
  const label = sorts.find((s) => s.key === sortKey)?.label ?? sortKey;
  return (
    <th
      scope="col"
      aria-sort={active ? sort.direction : 'none'}
      data-sort-key={sortKey}
      className={`px-2 py-1 font-medium ${align === 'right' ? 'text-right' : 'text-left'}`}
    >
      <button
        type="button"
        onClick={() => onSort(sortKey)}
        className={`inline-flex items-center gap-1 rounded px-1 hover:bg-line/60 ${active ? 'font-semibold' : ''}`}
      >
        {label}
        <span aria-hidden className="w-3 text-xs">
          {active ? (sort.direction === 'ascending' ? '▲' : '▼') : '↕'}
        </span>
        <span className="sr-only">
          {active ? `, sorted ${sort.direction}` : ''}, sort by {label}
        </span>
      </button>
    </th>
  );
}

export function NumberCell({
  col,
  value,
  children,
}: {
  col: string;
  value: number | string;
  children: React.ReactNode;
}) {
  return (
    <td data-col={col} data-value={value} className="px-2 py-1 text-right tabular-nums">
      {children}
    </td>
  );
}
