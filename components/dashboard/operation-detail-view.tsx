'use client';
// One operation's drill-down (`/operations/detail?kind=…&name=…`): its figures over the window,
// its latency percentiles and its calls and errors over time, and its latest slow calls.
import Link from 'next/link';
import { useSearchParams } from 'next/navigation';
import { operationChartRows } from '../charts/chart-rows';
import { LatencyChart } from '../charts/latency-chart';
import { OperationErrorsChart } from '../charts/operation-errors-chart';
import { formatClock, formatCount, formatMs, formatPct, formatPerSecond } from './format';
import {
  OPERATION_HEALTH_LABEL,
  OTHER_OPERATION,
  operationHealth,
  type OperationKind,
} from './operation-rows';
import { scopedHref } from './scope';
import { StaleNotice } from './stale-notice';
import { StatusBanner } from './status-banner';
import { useHistory, useOperationDetail } from './use-health';
import { useScope } from './use-scope';

/** The server's limits on `operation` (app/api/health/schema.ts). */
const MAX_NAME = 100;

function parseTarget(params: URLSearchParams): { kind: OperationKind; name: string } | undefined {
  const kind = params.get('kind');
  const name = params.get('name');
  if ((kind !== 'service' && kind !== 'anon') || !name || name.length > MAX_NAME) return undefined;
  return { kind, name };
}

export function OperationDetailView() {
  const params = useSearchParams();
  const scope = useScope();
  const target = parseTarget(new URLSearchParams(params.toString()));
  const back = (
    <Link className="underline" href={scopedHref('/operations', scope)}>
      ← all operations
    </Link>
  );
  if (!target)
    return (
      <div className="space-y-4">
        <p className="text-sm" data-testid="operation-missing">
          No operation chosen: this page needs <code>kind=service|anon</code> and{' '}
          <code>name=&lt;operation&gt;</code> (at most {MAX_NAME} characters). {back}
        </p>
      </div>
    );
  return <Detail kind={target.kind} name={target.name} back={back} />;
}

function Figure({ label, value, col }: { label: string; value: string; col?: string }) {
  return (
    <div>
      <dt className="text-xs text-muted">{label}</dt>
      <dd className="text-lg font-semibold tabular-nums" data-col={col}>
        {value}
      </dd>
    </div>
  );
}

function Detail({
  kind,
  name,
  back,
}: {
  kind: OperationKind;
  name: string;
  back: React.ReactNode;
}) {
  const polled = useOperationDetail(kind, name);
  const thresholds = useHistory().data?.thresholds;
  const data = polled.data;
  const detail = data?.detail;
  const row = data?.operations.find((r) => r.kind === kind && r.name === name);
  const rows = detail ? operationChartRows(detail.points, detail.bucketMs) : [];
  const noHistory =
    data && detail && detail.bucketMs === 0
      ? 'No history: the fleet view is unavailable, and an instance keeps no history per operation in memory'
      : undefined;
  const health = row && thresholds ? operationHealth(row, thresholds) : undefined;
  return (
    <div className="space-y-4">
      <StatusBanner />
      <StaleNotice error={polled.error} updatedAt={polled.updatedAt} />
      <section aria-labelledby="h-operation" className="space-y-3" data-testid="operation-detail">
        <p className="text-sm">{back}</p>
        <div className="flex flex-wrap items-center gap-3">
          <h2 id="h-operation" className="font-mono text-lg font-semibold">
            {name}
          </h2>
          <span className="text-sm text-muted">
            {kind === 'service' ? 'service role' : 'users (anon + RLS)'}
          </span>
          {health && (
            <span className="text-sm font-semibold" data-testid="operation-health">
              {OPERATION_HEALTH_LABEL[health]}
            </span>
          )}
        </div>
        {name === OTHER_OPERATION && (
          <p className="text-sm text-muted">
            <code>{OTHER_OPERATION}</code> is not one operation: it holds every call whose operation
            came after an instance&apos;s table was full.
          </p>
        )}
        {data && !row && (
          <p className="text-sm text-muted" data-testid="operation-no-calls">
            No calls of this operation in the window
            {data.scope.fleetAvailable ? '' : ' on this instance'}.
          </p>
        )}
        {row && (
          <dl className="grid grid-cols-2 gap-3 rounded-lg border border-line bg-panel p-3 sm:grid-cols-4 lg:grid-cols-8">
            <Figure label="calls" value={formatCount(row.calls)} col="calls" />
            <Figure label="calls/s" value={formatPerSecond(row.callsPerSecond)} />
            <Figure label="error %" value={formatPct(row.errorRate, 2)} col="errorRate" />
            <Figure label="p50" value={formatMs(row.latency.count ? row.latency.p50Ms : null)} />
            <Figure label="p95" value={formatMs(row.latency.count ? row.latency.p95Ms : null)} />
            <Figure label="p99" value={formatMs(row.latency.count ? row.latency.p99Ms : null)} />
            <Figure
              label="refused (breaker · pool)"
              value={`${row.rejected.breaker} · ${row.rejected.pool}`}
            />
            <Figure label="retries" value={String(row.retries)} />
          </dl>
        )}
        {row && Object.keys(row.failuresByCode).length > 0 && (
          <p className="text-sm" data-testid="operation-failure-codes">
            Failures by code:{' '}
            {Object.entries(row.failuresByCode)
              .sort((a, b) => b[1] - a[1])
              .map(([code, n]) => `${code} × ${n}`)
              .join(', ')}
          </p>
        )}
        <div className="grid gap-3 lg:grid-cols-2">
          <LatencyChart
            rows={rows}
            title="Latency percentiles"
            warnMs={thresholds?.p95Ms.warn}
            failMs={thresholds?.p95Ms.fail}
            testId="chart-operation-latency"
            empty={noHistory}
          />
          <OperationErrorsChart rows={rows} testId="chart-operation-errors" empty={noHistory} />
        </div>
        <SlowCalls calls={detail?.slowCalls ?? []} loaded={detail !== undefined} />
      </section>
    </div>
  );
}

type SlowCall = NonNullable<
  NonNullable<ReturnType<typeof useOperationDetail>['data']>['detail']
>['slowCalls'][number];

function SlowCalls({ calls, loaded }: { calls: readonly SlowCall[]; loaded: boolean }) {
  const sorted = [...calls].sort((a, b) => b.at.localeCompare(a.at));
  return (
    <div className="rounded-lg border border-line bg-panel p-3" data-testid="operation-slow-calls">
      <h3 className="text-sm font-semibold">Its slow calls</h3>
      <p className="mb-2 text-xs text-muted">
        From the slow-call log (each instance&apos;s latest calls at or over{' '}
        <code>DB_SLOW_CALL_MS</code>), filtered by this operation&apos;s context: there is no
        separate slow-call list per operation, so a busy instance&apos;s older slow calls of this
        operation may have left its log already.
      </p>
      {!loaded ? (
        <p className="text-sm text-muted">Loading…</p>
      ) : sorted.length === 0 ? (
        <p className="text-sm text-muted">No slow calls of this operation in the log.</p>
      ) : (
        <div className="max-h-72 overflow-auto">
          <table className="w-full text-left text-xs">
            <thead className="text-muted">
              <tr>
                <th scope="col" className="py-1 pr-3">
                  time
                </th>
                <th scope="col" className="py-1 pr-3">
                  instance
                </th>
                <th scope="col" className="py-1 pr-3 text-right">
                  duration
                </th>
                <th scope="col" className="py-1">
                  outcome
                </th>
              </tr>
            </thead>
            <tbody>
              {sorted.map((c) => (
                <tr
                  key={`${c.at}-${c.instance}-${c.durationMs}`}
                  className="border-t border-line"
                  data-testid="operation-slow-call"
                >
                  <td className="py-0.5 pr-3">{formatClock(Date.parse(c.at))}</td>
                  <td className="py-0.5 pr-3 font-mono">{c.instance}</td>
                  <td className="py-0.5 pr-3 text-right tabular-nums">{formatMs(c.durationMs)}</td>
                  <td className={c.outcome === 'success' ? 'text-ok' : 'text-fail'}>
                    {c.outcome}
                    {c.attempts > 1 ? ` (${c.attempts} attempts)` : ''}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </div>
  );
}
