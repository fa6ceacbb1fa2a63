// Health judges the database, not its callers: calls that failed by the caller's own fault (a bad
// query, a missing row or function, a constraint, RLS, the caller's abort) do not lower the
// success rate that /api/health judges, as they do not count for the breaker or the SLO. They are
// still counted as failures by code for the dashboard.
import { beforeAll, expect, it } from 'vitest';
import { isAppError } from '../errors';
import { withServiceClient } from '../db';
import { getHealth, resetMetrics } from '.';

beforeAll(async () => {
  await resetMetrics();
});

it("40 calls refused for the caller's own fault and 10 that succeed: the database's success rate is whole", async () => {
  for (let i = 0; i < 40; i++) {
    const err = await withServiceClient((db) =>
      db.rpc('no_such_function' as never, undefined, { get: true }),
    ).catch((e: unknown) => e);
    expect(isAppError(err) && err.code).toBe('DB_NOT_FOUND');
  }
  for (let i = 0; i < 10; i++)
    await withServiceClient((db) => db.rpc('health_ping', undefined, { get: true }));

  const report = await getHealth();
  const service = report.components.find((c) => c.id === 'supabase-service')!;
  const rate = service.measurements.find((m) => m.name === 'successRate')!;
  expect(rate).toMatchObject({ status: 'pass', observedValue: 1 });
  expect(service.status).toBe('pass');
  expect(report.status).toBe('pass');
});
