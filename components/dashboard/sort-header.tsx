'use client';
// A sortable table's column header: a button (keyboard-reachable) whose arrow and aria-sort say
// whether and which way the table is sorted by it. Shared by the instances and operations tables.
import type { TableSort } from './table-sort';

export function SortHeader<K extends string>({
  sortKey,
  label,
  sort,
  onSort,
  align = 'right',
}: {
  sortKey: K;
  label: string;
  sort: TableSort<K>;
  onSort: (key: K) => void;
  align?: 'left' | 'right';
}) {
  const active = sort.key === sortKey;
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
