// The instances of the fleet as the dashboard lists them: each one's state in words (reporting,
// stale, dropped out), the "N of M instances reporting" summary, and the instances table's sort,
// Hystrix-style (by calls/s, error %, p99, utilization or breaker state). Pure.
import type { ScopeInfo } from '@/lib/health';
import { nextTableSort, type TableSort } from './table-sort';

export type { SortDirection } from './table-sort';

export type InstanceRow = ScopeInfo['instances'][number];

/**
 * reporting: flushed within 2 intervals; stale: listed (within its TTL) but silent; dropped: past
 * its TTL, kept in the table while its figures are inside the window.
 */
export type InstanceState = 'reporting' | 'stale' | 'dropped';

export function instanceState(row: InstanceRow): InstanceState {
  if (!row.listed) return 'dropped';
  return row.stale ? 'stale' : 'reporting';
}

export const INSTANCE_STATE_LABEL: Record<InstanceState, string> = {
  reporting: 'reporting',
  stale: 'stale',
  dropped: 'dropped out',
};

export interface ReportingSummary {
  readonly reporting: number;
  readonly listed: number;
  /** "3 of 4 instances reporting". */
  readonly text: string;
  readonly stale: readonly string[];
  readonly dropped: readonly string[];
}

/** The badge's figures: the server's counts, and which instances are stale or gone, by id. */
export function reportingSummary(info: ScopeInfo): ReportingSummary {
  const ids = (state: InstanceState) =>
    info.instances.filter((r) => instanceState(r) === state).map((r) => r.id);
  return {
    reporting: info.reporting,
    listed: info.listed,
    text: `${info.reporting} of ${info.listed} instance${info.listed === 1 ? '' : 's'} reporting`,
    stale: ids('stale'),
    dropped: ids('dropped'),
  };
}

export const INSTANCE_SORTS = [
  { key: 'id', label: 'instance', firstDirection: 'ascending' },
  { key: 'callsPerSecond', label: 'calls/s', firstDirection: 'descending' },
  { key: 'errorRate', label: 'error %', firstDirection: 'descending' },
  { key: 'p99Ms', label: 'p99', firstDirection: 'descending' },
  { key: 'utilization', label: 'utilization', firstDirection: 'descending' },
  { key: 'breaker', label: 'breaker', firstDirection: 'descending' },
] as const;

export type InstanceSortKey = (typeof INSTANCE_SORTS)[number]['key'];
export type InstanceSort = TableSort<InstanceSortKey>;

/** Volume first, as Hystrix's dashboard lists its circuits. */
export const DEFAULT_INSTANCE_SORT: InstanceSort = {
  key: 'callsPerSecond',
  direction: 'descending',
};

/** Worse is higher: an instance with a breaker open sorts above one half-open, then closed. */
const BREAKER_RANK = { unknown: 0, closed: 1, 'half-open': 2, open: 3 } as const;

/** The worse of an instance's two breakers, for sorting and for the row's summary. */
export function worstBreaker(row: InstanceRow): keyof typeof BREAKER_RANK {
  const { service, anon } = row.breaker;
  return BREAKER_RANK[service] >= BREAKER_RANK[anon] ? service : anon;
}

function sortValue(row: InstanceRow, key: Exclude<InstanceSortKey, 'id'>): number {
  return key === 'breaker' ? BREAKER_RANK[worstBreaker(row)] : row[key];
}

/** The rows in the sort's order; ties keep the instances' id order, so rows do not jump. */
export function sortInstances(rows: readonly InstanceRow[], sort: InstanceSort): InstanceRow[] {
  const sign = sort.direction === 'ascending' ? 1 : -1;
  const byId = (a: InstanceRow, b: InstanceRow) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
  return [...rows].sort((a, b) => {
    if (sort.key === 'id') return sign * byId(a, b);
    const d = sortValue(a, sort.key) - sortValue(b, sort.key);
    return d !== 0 ? sign * d : byId(a, b);
  });
}

/** The sort after a click on `key`'s header: the other direction when it is already sorted by it. */
export function nextSort(current: InstanceSort, key: InstanceSortKey): InstanceSort {
  return nextTableSort(INSTANCE_SORTS, current, key);
}
