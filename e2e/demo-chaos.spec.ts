// What a new user sees with `npm start`: the demo workload (which the e2e app runs, as npm start
// does) puts slow calls on the database page and a cache hit rate under 100 % on the cache page
// within its first minute; `npm run chaos -- stop postgrest 10s` opens the breaker, and the
// timeline shows the open band closing once the fault has ended by itself.
// Named to run after dashboard.spec.ts, which counts the open bands of its own outage.
import { spawnSync } from 'node:child_process';
import { expect, test, type Page } from '@playwright/test';
import { readState, startService } from '../scripts/stack/index.ts';
import { healthToken } from './support';

function stack() {
  const state = readState(process.env.E2E_STACK!);
  if (!state) throw new Error('the e2e stack is not running');
  return state;
}

async function signIn(page: Page) {
  await page.goto('/signin');
  await page.getByLabel('Health token').fill(healthToken());
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page).toHaveURL(/\/$/);
}

/** `npm run chaos -- <args>` on the e2e stack. */
function chaos(...args: string[]): string {
  const env = { ...process.env };
  // The command acts only on the stack it is given; this one is the e2e app's own.
  delete env.SUPABASE_URL;
  delete env.REDIS_URL;
  const r = spawnSync(
    process.execPath,
    ['scripts/chaos.ts', ...args, '--stack', process.env.E2E_STACK!],
    { cwd: process.cwd(), env, encoding: 'utf8' },
  );
  expect(r.status, `${r.stdout}${r.stderr}`).toBe(0);
  return r.stdout;
}

test('the demo shows slow calls and cache misses; a chaos fault opens the breaker, which closes after it', async ({
  page,
}) => {
  test.setTimeout(240_000);
  await signIn(page);

  await page.getByRole('link', { name: 'Database' }).click();
  const slowCalls = page.getByTestId('slow-calls');
  // The demo's own slow query (the first comes 50 s in), whatever else was slow at start-up.
  await expect(
    slowCalls.locator('tbody tr').filter({ hasText: 'demo.slow_query' }),
  ).not.toHaveCount(0, { timeout: 90_000 });

  await page.getByRole('link', { name: 'Cache' }).click();
  const hitRate = page.getByTestId('chart-hit-rate-summary');
  await expect(hitRate).toHaveText(/^\d+(\.\d)?% over \d+ lookups/, { timeout: 60_000 });
  const percent = Number(/^([\d.]+)%/.exec((await hitRate.textContent()) ?? '')?.[1]);
  expect(percent).toBeGreaterThan(0);
  expect(percent).toBeLessThan(100);

  await page.getByRole('link', { name: 'Database' }).click();
  const timeline = page.getByTestId('breaker-timeline-service');
  const bands = timeline.locator('[data-band]');
  await expect(bands.last()).toHaveAttribute('data-band', 'closed', { timeout: 30_000 });
  const openBefore = await timeline.locator('[data-band="open"]').count();
  try {
    expect(chaos('stop', 'postgrest', '10s')).toMatch(/postgrest stopped for 10 s/);
    await expect
      .poll(() => timeline.locator('[data-band="open"]').count(), { timeout: 30_000 })
      .toBeGreaterThan(openBefore);
    // Nobody restarts PostgREST here: the fault ends by itself, and the breaker closes after it.
    await expect(bands.last()).toHaveAttribute('data-band', 'closed', { timeout: 90_000 });
    expect(await timeline.locator('[data-band="open"]').count()).toBeGreaterThan(openBefore);
    expect(chaos('status')).toMatch(/postgrest\s+ready/);
  } finally {
    await startService(stack(), 'postgrest');
  }
});
