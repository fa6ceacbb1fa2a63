// Read replicas in the dashboard: a `next start` instance configured with the e2e stack's read
// replica. The primary's PostgREST stopped under replica-ok reads (the operators' notes overview):
// the app keeps answering from the replica, the database page shows failover active and where
// reads go; with PostgREST back, reads return to the primary and the page says so.
import { expect, test, type Page } from '@playwright/test';
import { readState, replicaUrls, startService, stopService } from '../scripts/stack/index.ts';
import { startInstance, type AppInstance } from './instances';
import { healthToken } from './support';

const ADMIN_TOKEN = 'e2e-replica-admin-token-0123456789';

function stack() {
  const state = readState(process.env.E2E_STACK!);
  if (!state) throw new Error('the e2e stack is not running');
  return state;
}

let app: AppInstance;
test.beforeAll(async () => {
  app = await startInstance({
    id: 'e2e-replica',
    env: {
      ADMIN_TOKEN,
      SUPABASE_READ_REPLICA_URLS: replicaUrls(stack()).join(','),
      DB_FAILOVER_MIN_MS: '1000',
      DB_BREAKER_CONSECUTIVE_FAILURES: '3',
      DB_BREAKER_RESET_MS: '2000',
      HEALTH_PROBE_TTL_MS: '500',
    },
  });
});
test.afterAll(async () => {
  await startService(stack(), 'postgrest');
  await app?.stop();
});

async function signIn(page: Page) {
  await page.goto(`${app.url}/signin`);
  await page.getByLabel('Health token').fill(healthToken());
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page).toHaveURL(`${app.url}/`);
}

/** One overview read (its limit varies, so the 10 s cache does not answer all of them). */
let n = 0;
async function overview(): Promise<number> {
  n += 1;
  const res = await fetch(`${app.url}/api/admin/notes?limit=${(n % 100) + 1}`, {
    headers: { authorization: `Bearer ${ADMIN_TOKEN}` },
    signal: AbortSignal.timeout(10_000),
  }).catch(() => undefined);
  await res?.arrayBuffer();
  return res?.status ?? 0;
}

test('primary PostgREST stopped: reads keep answering from the replica, the database page shows failover, then reads come back', async ({
  page,
}) => {
  test.setTimeout(120_000);
  await signIn(page);
  await page.goto(`${app.url}/db`);
  const panel = page.getByTestId('db-replicas');
  await expect(panel).toBeVisible({ timeout: 20_000 });
  await expect(panel.getByTestId('reads-go-to')).toHaveAttribute('data-target', 'primary');
  await expect(panel.getByTestId('replica-eligible')).toHaveAttribute('data-eligible', 'true', {
    timeout: 20_000,
  });
  expect(await overview()).toBe(200);

  await stopService(stack(), 'postgrest');
  const statuses: number[] = [];
  for (let i = 0; i < 40; i++) statuses.push(await overview());
  const ok = statuses.filter((s) => s === 200).length;
  console.log(`40 overview reads with the primary's PostgREST stopped: ${ok} answered 200`);
  expect(ok).toBeGreaterThanOrEqual(39);
  await expect(panel.getByTestId('reads-go-to')).toHaveAttribute('data-target', 'replica-1', {
    timeout: 15_000,
  });
  await expect(panel.getByText('failover active')).toBeVisible();
  await expect(page.getByTestId('failover-activations-window')).toContainText(
    /^[1-9]\d* activation/,
    {
      timeout: 15_000,
    },
  );
  await expect(page.getByTestId('failover-timeline').locator('[data-band="failover"]')).toHaveCount(
    1,
  );
  // Writes are refused fast while reads flow: readiness says degraded, not down.
  const ready = await fetch(`${app.url}/api/health/ready`);
  expect(ready.status).toBe(200);
  expect(((await ready.json()) as { status: string }).status).toBe('warn');

  await startService(stack(), 'postgrest');
  await expect
    .poll(
      async () => {
        await overview();
        return (await page.getByTestId('reads-go-to').getAttribute('data-target')) ?? '';
      },
      { timeout: 45_000, intervals: [500] },
    )
    .toBe('primary');
  await expect(panel.getByText('reads on primary')).toBeVisible();
});
