import { describe, expect, it } from 'vitest';
import {
  DEFAULT_INSTANCE_SORT,
  instanceState,
  nextSort,
  reportingSummary,
  sortInstances,
  worstBreaker,
  type InstanceRow,
} from './instance-rows';

type Breaker = InstanceRow['breaker']['service'];

const row = (
  id: string,
  figures: Partial<Omit<InstanceRow, 'breaker'>> = {},
  breaker: [Breaker, Breaker] = ['closed', 'closed'],
): InstanceRow => ({
  id,
  lastSeen: 0,
  stale: false,
  listed: true,
  share: 0,
  callsPerSecond: 0,
  errorRate: 0,
  p99Ms: 0,
  utilization: 0,
  ...figures,
  breaker: { service: breaker[0], anon: breaker[1] },
});

const ids = (rows: readonly InstanceRow[]) => rows.map((r) => r.id);

describe('instanceState', () => {
  it('tells reporting, stale and dropped-out instances apart', () => {
    expect(instanceState(row('a'))).toBe('reporting');
    expect(instanceState(row('a', { stale: true }))).toBe('stale');
    // Past its TTL it is stale too, but what matters is that it left the list.
    expect(instanceState(row('a', { stale: true, listed: false }))).toBe('dropped');
  });
});

describe('reportingSummary', () => {
  it('says N of M and names the stale and dropped-out instances', () => {
    const summary = reportingSummary({
      reporting: 2,
      listed: 3,
      instances: [
        row('a'),
        row('b', { stale: true }),
        row('c'),
        row('d', { stale: true, listed: false }),
      ],
    } as never);
    expect(summary).toEqual({
      reporting: 2,
      listed: 3,
      text: '2 of 3 instances reporting',
      stale: ['b'],
      dropped: ['d'],
    });
  });

  it('speaks of one instance in the singular', () => {
    expect(reportingSummary({ reporting: 1, listed: 1, instances: [row('a')] } as never).text).toBe(
      '1 of 1 instance reporting',
    );
  });
});

describe('sortInstances', () => {
  const rows = [
    row('b', { callsPerSecond: 2, errorRate: 0.5, p99Ms: 30, utilization: 0.2 }, [
      'closed',
      'open',
    ]),
    row('a', { callsPerSecond: 7, errorRate: 0, p99Ms: 12, utilization: 0.6 }),
    row('c', { callsPerSecond: 1, errorRate: 0.1, p99Ms: 90, utilization: 0.2 }, [
      'half-open',
      'closed',
    ]),
    row('d', { callsPerSecond: 0, errorRate: 0, p99Ms: 0, utilization: 0 }, ['unknown', 'unknown']),
  ];

  it('sorts by each figure, either way', () => {
    expect(ids(sortInstances(rows, DEFAULT_INSTANCE_SORT))).toEqual(['a', 'b', 'c', 'd']);
    expect(ids(sortInstances(rows, { key: 'callsPerSecond', direction: 'ascending' }))).toEqual([
      'd',
      'c',
      'b',
      'a',
    ]);
    expect(ids(sortInstances(rows, { key: 'errorRate', direction: 'descending' }))).toEqual([
      'b',
      'c',
      'a',
      'd',
    ]);
    expect(ids(sortInstances(rows, { key: 'p99Ms', direction: 'descending' }))).toEqual([
      'c',
      'b',
      'a',
      'd',
    ]);
    expect(ids(sortInstances(rows, { key: 'id', direction: 'ascending' }))).toEqual([
      'a',
      'b',
      'c',
      'd',
    ]);
  });

  it('breaks ties by id, whichever the direction', () => {
    expect(ids(sortInstances(rows, { key: 'utilization', direction: 'descending' }))).toEqual([
      'a',
      'b',
      'c',
      'd',
    ]);
    expect(ids(sortInstances(rows, { key: 'utilization', direction: 'ascending' }))).toEqual([
      'd',
      'b',
      'c',
      'a',
    ]);
  });

  it('puts the worst breaker first: open, half-open, closed, unknown', () => {
    expect(worstBreaker(rows[0]!)).toBe('open');
    expect(ids(sortInstances(rows, { key: 'breaker', direction: 'descending' }))).toEqual([
      'b',
      'c',
      'a',
      'd',
    ]);
  });

  it('leaves its input in place', () => {
    sortInstances(rows, { key: 'p99Ms', direction: 'ascending' });
    expect(ids(rows)).toEqual(['b', 'a', 'c', 'd']);
  });
});

describe('nextSort', () => {
  it('starts figures from the largest and names from A, and flips on a second click', () => {
    expect(nextSort(DEFAULT_INSTANCE_SORT, 'p99Ms')).toEqual({
      key: 'p99Ms',
      direction: 'descending',
    });
    expect(nextSort(DEFAULT_INSTANCE_SORT, 'id')).toEqual({ key: 'id', direction: 'ascending' });
    expect(nextSort({ key: 'p99Ms', direction: 'descending' }, 'p99Ms')).toEqual({
      key: 'p99Ms',
      direction: 'ascending',
    });
  });
});
