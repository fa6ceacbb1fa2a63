// A sortable table's sort, whatever its columns: which column, which way, and what a click on a
// header does (the other way round on the sorted column; another column from its own first
// direction: the worst first for figures, A to Z for names). Pure.

export type SortDirection = 'ascending' | 'descending';

export interface TableSort<K extends string> {
  readonly key: K;
  readonly direction: SortDirection;
}

/** The sort after a click on `key`'s header, given each column's first direction. */
export function nextTableSort<K extends string>(
  columns: ReadonlyArray<{ readonly key: K; readonly firstDirection: SortDirection }>,
  current: TableSort<K>,
  key: K,
): TableSort<K> {
  if (current.key === key)
    return { key, direction: current.direction === 'ascending' ? 'descending' : 'ascending' };
  return { key, direction: columns.find((c) => c.key === key)!.firstDirection };
}
