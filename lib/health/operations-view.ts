// GET /api/health/operations behind the scenes: which query is slow or failing, per operation,
// for the scope (the fleet by default). The fleet's figures come from the 1 min buckets (they
// carry each operation's histogram and errors) and the trend from the 5 s ones; an instance
// seen from memory (this one, or any while Redis is down) has its lifetime figures, no trend.
import 'server-only';
import { getDbReadings, type DbReading, type OperationReading } from '../db';
import {
  operationHistory,
  operationRows,
  readFleetView,
  type OperationPoint,
  type OperationRow,
} from '../fleet';
import { resolve, type ScopeInfo, type ScopeRequest } from './scoped-views';

/** The trend beside each operation: its last two minutes in 5 s buckets. */
export const OPERATION_TREND_MS = 2 * 60_000;

type Kind = 'service' | 'anon';

export interface OperationsView {
  readonly scope: ScopeInfo;
  readonly windowMs: number;
  /** Width of the trend's buckets (empty trends when seen from memory). */
  readonly trendBucketMs: number;
  /** Calls counted under `other` because an instance's operation table was full. */
  readonly overflowCalls: number;
  readonly operations: readonly OperationRow[];
  /** With `operation`: that operation over the window, and its latest slow calls. */
  readonly detail?: {
    readonly kind: Kind;
    readonly name: string;
    readonly bucketMs: number;
    readonly points: readonly OperationPoint[];
    readonly slowCalls: ReadonlyArray<{
      readonly instance: string;
      readonly durationMs: number;
      readonly at: string;
      readonly outcome: string;
      readonly attempts: number;
    }>;
  };
}

/** Rows of one instance's operations from memory (lifetime figures). */
function localRows(readings: Record<Kind, DbReading>, windowMs: number): OperationRow[] {
  const rows: OperationRow[] = [];
  for (const kind of ['service', 'anon'] as const) {
    const ops = readings[kind].operations;
    const total = ops.reduce((n, o) => n + o.counts.calls, 0);
    for (const op of ops as readonly OperationReading[]) {
      const { calls, successes, failures } = op.counts;
      rows.push({
        kind,
        name: op.name,
        calls,
        callsPerSecond: calls / (windowMs / 1000),
        successes,
        failures,
        errorRate: successes + failures === 0 ? 0 : failures / (successes + failures),
        failuresByCode: Object.fromEntries(op.failuresByCode),
        rejected: { breaker: op.counts.rejectedBreaker, pool: op.counts.rejectedPool },
        retries: op.counts.retries,
        latency: op.latency.summary(),
        share: total === 0 ? 0 : calls / total,
        trend: [],
        errorTrend: [],
      });
    }
  }
  return rows.sort((a, b) => b.calls - a.calls);
}

/**
 * The operations of the scope over `windowMs`; with `operation` (and its `kind`), its points
 * over time and slow calls too.
 * @throws NotFoundError for an unknown instance.
 */
export async function getOperations(
  req: ScopeRequest,
  windowMs: number,
  only?: { readonly kind: Kind; readonly operation: string },
): Promise<OperationsView> {
  const { info, data, ids } = await resolve(req, windowMs);
  if (!data) {
    const readings = getDbReadings();
    const operations = localRows(readings, windowMs);
    const overflowCalls = readings.service.operationOverflow + readings.anon.operationOverflow;
    return {
      scope: info,
      windowMs,
      trendBucketMs: 0,
      overflowCalls,
      operations,
      ...(only
        ? {
            detail: {
              ...only,
              name: only.operation,
              bucketMs: 0,
              points: [],
              slowCalls: readings[only.kind].slowCalls
                .filter((s) => s.context === only.operation)
                .map((s) => ({ ...s, instance: info.self })),
            },
          }
        : {}),
    };
  }
  const [coarse, trend] = await Promise.all([
    readFleetView(windowMs, undefined, 'coarse'),
    readFleetView(OPERATION_TREND_MS, undefined, 'fine'),
  ]);
  const from = coarse.ok ? coarse.data : data;
  const operations = operationRows(from, trend.ok ? trend.data : undefined, ids);
  const overflowCalls = data.instances
    .filter((i) => !ids || ids.has(i.id))
    .reduce(
      (n, i) =>
        n +
        (i.status?.db.service.operationOverflow ?? 0) +
        (i.status?.db.anon.operationOverflow ?? 0),
      0,
    );
  return {
    scope: info,
    windowMs,
    trendBucketMs: trend.ok ? trend.data.bucketMs : 0,
    overflowCalls,
    operations,
    ...(only
      ? {
          detail: {
            kind: only.kind,
            name: only.operation,
            bucketMs: from.bucketMs,
            points: operationHistory(from, only.kind, only.operation, ids),
            slowCalls: data.slowCalls
              .filter(
                (s) =>
                  s.kind === only.kind &&
                  s.context === only.operation &&
                  (!ids || ids.has(s.instance)),
              )
              .map((s) => ({
                instance: s.instance,
                durationMs: s.durationMs,
                at: s.at,
                outcome: s.outcome ?? 'unknown',
                attempts: s.attempts ?? 1,
              })),
          },
        }
      : {}),
  };
}
