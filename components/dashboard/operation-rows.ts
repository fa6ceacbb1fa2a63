// The operations page's rows, Hystrix-style: each operation's health in words and colour, the
// table's sort (by error %, volume, p99…) and client-kind filter as they stand in the page URL,
// and the overview's worst three. Pure.
import type { HealthThresholds, OperationsView } from '@/lib/health';
import { nextTableSort, type TableSort } from './table-sort';

export type OperationRow = OperationsView['operations'][number];
export type OperationKind = OperationRow['kind'];

/** lib/db's bucket for operations past the table's cap (OTHER_OPERATION; a test checks both). */
export const OTHER_OPERATION = 'other';

export const OPERATION_SORTS = [
  { key: 'name', label: 'operation', firstDirection: 'ascending' },
  { key: 'callsPerSecond', label: 'calls/s', firstDirection: 'descending' },
  { key: 'errorRate', label: 'error %', firstDirection: 'descending' },
  { key: 'p50Ms', label: 'p50', firstDirection: 'descending' },
  { key: 'p99Ms', label: 'p99', firstDirection: 'descending' },
] as const;

export type OperationSortKey = (typeof OPERATION_SORTS)[number]['key'];

export type OperationSort = TableSort<OperationSortKey>;

/** Volume first, as Hystrix's dashboard lists its commands. */
export const DEFAULT_OPERATION_SORT: OperationSort = {
  key: 'callsPerSecond',
  direction: 'descending',
};

export const KIND_FILTERS = [
  { id: 'all', label: 'all clients' },
  { id: 'service', label: 'service role' },
  { id: 'anon', label: 'users (anon + RLS)' },
] as const;

export type KindFilter = (typeof KIND_FILTERS)[number]['id'];

/** What the operations page shows, from and to its URL (`?sort=p99Ms&dir=asc&kind=anon`). */
export interface OperationsTableState {
  readonly sort: OperationSort;
  readonly kind: KindFilter;
}

interface ParamsLike {
  get(name: string): string | null;
}

/** The table's state a page URL asks for; anything unknown falls back to the default. */
export function operationsStateFromParams(params: ParamsLike): OperationsTableState {
  const key = OPERATION_SORTS.find((s) => s.key === params.get('sort'))?.key;
  const dir = params.get('dir');
  const kind = KIND_FILTERS.find((k) => k.id === params.get('kind'))?.id ?? 'all';
  const sort: OperationSort = key
    ? {
        key,
        direction:
          dir === 'asc'
            ? 'ascending'
            : dir === 'desc'
              ? 'descending'
              : OPERATION_SORTS.find((s) => s.key === key)!.firstDirection,
      }
    : DEFAULT_OPERATION_SORT;
  return { sort, kind };
}

/**
 * The page URL's query for a table state, keeping every other parameter (the scope): the
 * defaults are left out, so a plain `/operations` stays plain.
 */
export function operationsSearch(
  current: ParamsLike & Iterable<[string, string]>,
  state: OperationsTableState,
): string {
  const q = new URLSearchParams([...current]);
  const isDefault =
    state.sort.key === DEFAULT_OPERATION_SORT.key &&
    state.sort.direction === DEFAULT_OPERATION_SORT.direction;
  if (isDefault) {
    q.delete('sort');
    q.delete('dir');
  } else {
    q.set('sort', state.sort.key);
    q.set('dir', state.sort.direction === 'ascending' ? 'asc' : 'desc');
  }
  if (state.kind === 'all') q.delete('kind');
  else q.set('kind', state.kind);
  const s = q.toString();
  return s ? `?${s}` : '';
}

/** The sort after a click on `key`'s header: the other direction when it is already sorted by it. */
export function nextOperationSort(current: OperationSort, key: OperationSortKey): OperationSort {
  return nextTableSort(OPERATION_SORTS, current, key);
}

/** A row's value for a sort key (p50/p99 of a row without finished calls sort as 0). */
export function operationSortValue(row: OperationRow, key: Exclude<OperationSortKey, 'name'>) {
  switch (key) {
    case 'callsPerSecond':
      return row.callsPerSecond;
    case 'errorRate':
      return row.errorRate;
    case 'p50Ms':
      return row.latency.count > 0 ? row.latency.p50Ms : 0;
    case 'p99Ms':
      return row.latency.count > 0 ? row.latency.p99Ms : 0;
  }
}

/** A stable identity for a row: the same name may be an operation of both client kinds. */
export const operationId = (row: Pick<OperationRow, 'kind' | 'name'>) => `${row.kind}:${row.name}`;

const byIdentity = (a: OperationRow, b: OperationRow) => {
  const x = operationId(a);
  const y = operationId(b);
  return x < y ? -1 : x > y ? 1 : 0;
};

/** The rows of the filter's kind in the sort's order; ties keep name order, so rows do not jump. */
export function sortOperations(
  rows: readonly OperationRow[],
  state: OperationsTableState,
): OperationRow[] {
  const { sort, kind } = state;
  const sign = sort.direction === 'ascending' ? 1 : -1;
  return rows
    .filter((r) => kind === 'all' || r.kind === kind)
    .sort((a, b) => {
      if (sort.key === 'name') return sign * byIdentity(a, b);
      const d = operationSortValue(a, sort.key) - operationSortValue(b, sort.key);
      return d !== 0 ? sign * d : byIdentity(a, b);
    });
}

/** pass / warn / fail against the health thresholds; quiet: too few calls to judge. */
export type OperationHealth = 'pass' | 'warn' | 'fail' | 'quiet';

export const OPERATION_HEALTH_LABEL: Record<OperationHealth, string> = {
  pass: 'healthy',
  warn: 'degraded',
  fail: 'failing',
  quiet: 'few calls',
};

type Judged = Pick<HealthThresholds, 'successRate' | 'p95Ms' | 'minCalls'>;

/**
 * An operation's health, judged as the status banner judges a client kind: its error % against
 * the success-rate thresholds and its p99 against the latency lines (an operation whose slowest
 * calls cross them is the one to look at), over at least `minCalls` finished calls.
 */
export function operationHealth(row: OperationRow, t: Judged): OperationHealth {
  const finished = row.successes + row.failures;
  if (finished < t.minCalls) return 'quiet';
  const success = 1 - row.errorRate;
  const p99 = row.latency.count > 0 ? row.latency.p99Ms : 0;
  if (success < t.successRate.fail || p99 > t.p95Ms.fail) return 'fail';
  if (success < t.successRate.warn || p99 > t.p95Ms.warn) return 'warn';
  return 'pass';
}

/**
 * The overview's worst operations: highest error % first, then highest p99, among those with
 * finished calls. The `other` bucket is not one operation, so it is never named among them.
 */
export function worstOperations(rows: readonly OperationRow[], n = 3): OperationRow[] {
  return rows
    .filter((r) => r.name !== OTHER_OPERATION && r.successes + r.failures > 0)
    .sort(
      (a, b) =>
        b.errorRate - a.errorRate ||
        operationSortValue(b, 'p99Ms') - operationSortValue(a, 'p99Ms') ||
        byIdentity(a, b),
    )
    .slice(0, n);
}

/** The dashboard path of one operation's drill-down, keeping the page's scope query. */
export function operationHref(
  row: Pick<OperationRow, 'kind' | 'name'>,
  scopeQuery: string,
): string {
  const q = new URLSearchParams(scopeQuery.startsWith('?') ? scopeQuery.slice(1) : scopeQuery);
  q.set('kind', row.kind);
  q.set('name', row.name);
  return `/operations/detail?${q.toString()}`;
}

/** The largest calls/s of the rows, for the volume bars (1 when there are none, never 0). */
export function peakRate(rows: readonly OperationRow[]): number {
  return rows.reduce((m, r) => Math.max(m, r.callsPerSecond), 0) || 1;
}
