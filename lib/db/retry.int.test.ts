// Retries against the real stack: transient failures are retried and recover; caller errors,
// constraint violations and RLS denials are not; writes are retried only when idempotent.
import { randomUUID } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import {
  createUser,
  faults,
  gatewayStats,
  resetGatewayStats,
  sql,
} from '../../scripts/testing/stack';
import { testExecutor } from './test-support';

afterEach(async () => {
  faults.resume('postgres');
  await faults.start('postgrest');
});

describe('retry', () => {
  it('PostgREST stopped: the call is retried and succeeds when it comes back within the window', async () => {
    const ex = testExecutor('service', {
      maxAttempts: 5,
      backoffBaseMs: 200,
      backoffCapMs: 800,
      retryMinPerSecond: 10,
    });
    await faults.stop('postgrest');
    await resetGatewayStats();
    const restart = new Promise((r) => setTimeout(r, 300)).then(() => faults.start('postgrest'));
    const data = await ex.run((db) => db.rpc('health_ping', undefined, { get: true }), {
      context: 'test.retry',
    });
    await restart;
    expect(data).toBe(1);
    const stats = ex.metrics.stats();
    expect(stats.retries).toBeGreaterThanOrEqual(1);
    expect(stats.successes).toBe(1);
    expect((await gatewayStats()).routes['GET /rest/v1/rpc/health_ping']).toBe(stats.retries + 1);
  });

  it('PostgreSQL paused past the timeout: the attempt is aborted, retried, and succeeds after resume', async () => {
    const ex = testExecutor('service', {
      timeoutMs: 300,
      maxAttempts: 4,
      backoffBaseMs: 100,
      backoffCapMs: 300,
    });
    await ex.run((db) => db.rpc('health_ping', undefined, { get: true }));
    faults.pause('postgres');
    setTimeout(() => faults.resume('postgres'), 500);
    const data = await ex.run((db) => db.rpc('health_ping', undefined, { get: true }), {
      context: 'test.paused',
    });
    expect(data).toBe(1);
    const stats = ex.metrics.stats();
    expect(stats.retries).toBeGreaterThanOrEqual(1);
    expect(ex.breaker.snapshot().window.failures).toBeGreaterThanOrEqual(1);
  });

  it('a bad query (4xx) is not retried and does not count against the breaker', async () => {
    const ex = testExecutor('service');
    await resetGatewayStats();
    await expect(ex.run((db) => db.from('notes').select('no_such_column'))).rejects.toMatchObject({
      code: 'DB_BAD_REQUEST',
    });
    expect((await gatewayStats()).total).toBe(1);
    expect(ex.metrics.stats().retries).toBe(0);
    expect(ex.breaker.snapshot().window.failures).toBe(0);
  });

  it('a constraint violation is not retried even when idempotent', async () => {
    const ex = testExecutor('service');
    const user = await createUser();
    const key = randomUUID();
    await sql(
      `insert into public.notes (user_id, title, idempotency_key) values ('${user.id}', 'first', '${key}')`,
    );
    await resetGatewayStats();
    await expect(
      ex.run(
        (db) => db.from('notes').insert({ user_id: user.id, title: 'dupe', idempotency_key: key }),
        { idempotent: true },
      ),
    ).rejects.toMatchObject({ code: 'DB_CONSTRAINT', transient: false });
    expect((await gatewayStats()).total).toBe(1);
    expect(ex.breaker.snapshot().window.failures).toBe(0);
  });

  it('an RLS denial is not retried and does not count against the breaker', async () => {
    const ex = testExecutor('anon');
    const alice = await createUser();
    const bob = await createUser();
    await resetGatewayStats();
    await expect(
      ex.run(
        (db) => db.from('notes').insert({ user_id: alice.id, title: 'forged' }),
        {},
        bob.accessToken,
      ),
    ).rejects.toMatchObject({ code: 'DB_PERMISSION' });
    expect((await gatewayStats()).total).toBe(1);
    expect(ex.breaker.snapshot().window.failures).toBe(0);
    expect(await sql(`select count(*) from public.notes where title = 'forged'`)).toBe('0');
  });

  it('a non-idempotent insert that timed out after it was sent is not retried', async () => {
    const ex = testExecutor('service', {
      timeoutMs: 300,
      maxAttempts: 4,
      backoffBaseMs: 50,
      backoffCapMs: 100,
    });
    const user = await createUser();
    await resetGatewayStats();
    faults.pause('postgres');
    await expect(
      ex.run((db) => db.from('notes').insert({ user_id: user.id, title: 'once' })),
    ).rejects.toMatchObject({
      code: 'DB_TIMEOUT',
    });
    faults.resume('postgres');
    expect((await gatewayStats()).routes['POST /rest/v1/notes']).toBe(1);
    expect(ex.metrics.stats().retries).toBe(0);
  });

  it('an idempotent upsert is retried through the outage and the table ends with exactly one row', async () => {
    const ex = testExecutor('service', {
      timeoutMs: 300,
      maxAttempts: 5,
      backoffBaseMs: 100,
      backoffCapMs: 200,
      retryMinPerSecond: 10,
    });
    const user = await createUser();
    const key = randomUUID();
    await resetGatewayStats();
    faults.pause('postgres');
    setTimeout(() => faults.resume('postgres'), 700);
    const row = await ex.run(
      (db) =>
        db
          .from('notes')
          .upsert(
            { user_id: user.id, title: 'exactly once', idempotency_key: key },
            { onConflict: 'idempotency_key' },
          )
          .select('id, title')
          .single(),
      { idempotent: true, context: 'test.upsert' },
    );
    expect(row).toMatchObject({ title: 'exactly once' });
    expect((await gatewayStats()).routes['POST /rest/v1/notes']).toBeGreaterThanOrEqual(2);
    // Give the aborted attempts' transactions time to land, then count.
    await new Promise((r) => setTimeout(r, 300));
    expect(await sql(`select count(*) from public.notes where idempotency_key = '${key}'`)).toBe(
      '1',
    );
  });

  it('the caller aborting stops the call without a retry', async () => {
    const ex = testExecutor('service', { timeoutMs: 5_000 });
    faults.pause('postgres');
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 100);
    const started = Date.now();
    await expect(
      ex.run((db) => db.rpc('health_ping', undefined, { get: true }), {
        signal: controller.signal,
      }),
    ).rejects.toMatchObject({
      code: 'ABORTED',
    });
    expect(Date.now() - started).toBeLessThan(2_000);
    expect(ex.metrics.stats().retries).toBe(0);
    expect(ex.breaker.snapshot().window.failures).toBe(0);
  });
});
