// The dashboard's fleet view in Chromium, over three extra `next start` instances on the e2e
// stack (their own ports and ids, one database, one Redis), the pages served by one of them:
// "N of M instances reporting", the sortable instances table and an instance's drill-down; a
// killed instance turning stale, then dropping out; charts that still draw the points from before
// all three restarted (history comes from Redis); and Redis stopped, then back.
import { expect, test } from '@playwright/test';
import { startService, stopService } from '../scripts/stack/index.ts';
import { startInstance, type AppInstance } from './instances';
import { badge, column, drawn, row, signIn, sortBy, type History } from './fleet-page';
import { e2eStackState, newUser, notesLoad, unevenLoad } from './notes-load';

// Fast fleet cycles for these instances only: a flush a second, gone after 6 s.
const FLUSH_MS = 1_000;
const TTL_MS = 6_000;
const FLEET_ENV = {
  FLEET_FLUSH_MS: String(FLUSH_MS),
  FLEET_INSTANCE_TTL_MS: String(TTL_MS),
  NEXT_MANUAL_SIG_HANDLE: 'true',
};
const SHARES = [0.7, 0.2, 0.1] as const;
const RUN = `fleet-ui-${process.pid}`;
// The charts these tests read are the users' (anon) ones: the notes load runs as signed-in users.

let instances: AppInstance[] = [];
/** Every instance this file started, so afterAll stops all of them. */
const started: AppInstance[] = [];

async function start(id: string): Promise<AppInstance> {
  const instance = await startInstance({ id, env: FLEET_ENV, timeoutMs: 120_000 });
  started.push(instance);
  return instance;
}

test.describe.configure({ mode: 'serial' });

test.afterAll(async () => {
  await Promise.all(started.map((i) => i.stop()));
});

test('three instances: all reporting, a sortable table with their figures, and a drill-down with points', async ({
  page,
}) => {
  test.setTimeout(300_000);
  instances = await Promise.all(SHARES.map((_, i) => start(`${RUN}-${i}`)));
  const results = await unevenLoad(
    instances.map((i) => i.url),
    SHARES,
    150,
  );
  expect(results.flatMap((r) => r.failures)).toEqual([]);

  const [a, b, c] = instances as [AppInstance, AppInstance, AppInstance];
  await signIn(page, a.url);
  // The main e2e server is in the fleet too: all of them, and at least these three.
  const summary = badge(page).locator('summary');
  await expect(summary).toHaveText(/^(\d+) of \1 instances reporting/, { timeout: 30_000 });
  expect(Number(await summary.getAttribute('data-listed'))).toBeGreaterThanOrEqual(3);
  await expect(summary).toHaveAttribute('data-stale', '0');
  await summary.click();
  for (const i of instances)
    await expect(badge(page).locator(`li[data-instance="${i.id}"]`)).toHaveAttribute(
      'data-state',
      'reporting',
    );
  await summary.click();

  await page.getByRole('link', { name: 'Instances' }).click();
  await expect(page).toHaveURL(`${a.url}/instances`);
  for (const i of instances) {
    await expect(row(page, i.id)).toHaveAttribute('data-state', 'reporting', { timeout: 20_000 });
  }
  await expect(row(page, a.id)).toContainText('(answering)');
  // The figures are the instances' own: every one made calls, the 70% one more than the 10% one.
  const figures = async (key: string) =>
    Object.fromEntries((await column(page, key)).map((x) => [x.id, Number(x.value)]));
  await expect
    .poll(async () => {
      const calls = await figures('callsPerSecond');
      return instances.every((i) => calls[i.id]! > 0) && calls[a.id]! > calls[c.id]!;
    })
    .toBe(true);
  const [p99, errors, utilization, share] = await Promise.all(
    ['p99Ms', 'errorRate', 'utilization', 'share'].map(figures),
  );
  for (const i of instances) {
    expect(p99![i.id]).toBeGreaterThan(0);
    expect(errors![i.id]).toBeGreaterThanOrEqual(0);
    expect(errors![i.id]).toBeLessThanOrEqual(1);
    expect(utilization![i.id]).toBeGreaterThanOrEqual(0);
    expect(utilization![i.id]).toBeLessThanOrEqual(1);
    expect(share![i.id]).toBeGreaterThan(0);
  }

  // Sorted by calls/s at first, as Hystrix lists circuits by volume; then by every column.
  await expect(page.locator('th[data-sort-key="callsPerSecond"]')).toHaveAttribute(
    'aria-sort',
    'descending',
  );
  for (const key of ['errorRate', 'p99Ms', 'utilization', 'breaker', 'id', 'callsPerSecond']) {
    await sortBy(page, key, 'click');
    await sortBy(page, key, 'keyboard'); // the other way round, from the keyboard
  }

  // Drill down into b: its pages, the scope kept by the navigation, its own points.
  await row(page, b.id).getByRole('link', { name: b.id }).click();
  await expect(page).toHaveURL(`${a.url}/?scope=instance&instance=${b.id}`);
  const banner = page.getByTestId('scope-banner');
  await expect(banner).toHaveAttribute('data-instance', b.id);
  await expect(banner).toContainText(`Instance ${b.id}`);
  await expect(banner.getByRole('link', { name: 'back to the fleet' })).toBeVisible();
  await page.getByRole('link', { name: 'Database' }).click();
  await expect(page).toHaveURL(`${a.url}/db?scope=instance&instance=${b.id}`);
  await expect(banner).toHaveAttribute('data-instance', b.id);
  const throughput = page.getByTestId('chart-throughput-anon');
  const { points } = await drawn(throughput);
  const history = (await (
    await page.request.get(
      `${a.url}/api/health/history?scope=instance&instance=${encodeURIComponent(b.id)}&window=15m`,
    )
  ).json()) as History & { scope: { subject: string } };
  expect(history.scope.subject).toBe(b.id);
  const withCalls = history.db.anon.filter((p) => p.counters.calls > 0).length;
  expect(withCalls).toBeGreaterThan(0);
  expect(Math.abs(points - withCalls)).toBeLessThanOrEqual(2); // a poll apart at most
  // A line between buckets with calls, or a dot for a bucket that stands alone.
  await expect(
    page
      .getByTestId('chart-latency-anon')
      .locator('path.recharts-curve, circle[data-lone-point]')
      .filter({ visible: true })
      .first(),
  ).toBeVisible();
  await page.getByRole('link', { name: 'Cache' }).click();
  await expect(page).toHaveURL(`${a.url}/cache?scope=instance&instance=${b.id}`);
  await expect(page.getByTestId('chart-hit-rate')).toHaveAttribute('data-points', /^[1-9]\d*$/, {
    timeout: 20_000,
  });
  await banner.getByRole('link', { name: 'back to the fleet' }).click();
  await expect(page).toHaveURL(`${a.url}/cache`);
  await expect(page.getByTestId('scope-banner')).toHaveCount(0);
});

test('a killed instance is shown stale, then drops out after its TTL', async ({ page }) => {
  test.setTimeout(120_000);
  const [a, , c] = instances as [AppInstance, AppInstance, AppInstance];
  await signIn(page, a.url);
  await page.getByRole('link', { name: 'Instances' }).click();
  await expect(row(page, c.id)).toHaveAttribute('data-state', 'reporting', { timeout: 20_000 });
  const listed = Number(await badge(page).locator('summary').getAttribute('data-listed'));

  const killedAt = Date.now();
  await c.kill();
  // Stale after two flush intervals without a flush, still listed: the badge counts it apart.
  await expect(row(page, c.id)).toHaveAttribute('data-state', 'stale', { timeout: TTL_MS + 4_000 });
  const staleAfter = Date.now() - killedAt;
  await expect(row(page, c.id)).toContainText('stale');
  const summary = badge(page).locator('summary');
  await expect(summary).toHaveAttribute('data-stale', '1');
  await expect(summary).toHaveAttribute('title', new RegExp(`stale: .*${c.id}`));
  // Past its TTL it leaves the count; its figures stay in the table, marked, while in the window.
  await expect(row(page, c.id)).toHaveAttribute('data-state', 'dropped', { timeout: 20_000 });
  const droppedAfter = Date.now() - killedAt;
  await expect(row(page, c.id)).toContainText('dropped out');
  await expect(summary).toHaveAttribute('data-listed', String(listed - 1));
  await expect(summary).toHaveAttribute('data-stale', '0');
  console.log(
    `killed instance: shown stale ${staleAfter} ms and dropped out ${droppedAfter} ms after SIGKILL (flush ${FLUSH_MS} ms, TTL ${TTL_MS} ms, page refresh 1 s)`,
  );
});

test('all three restarted: the charts still draw the points from before the restart', async ({
  page,
}) => {
  test.setTimeout(300_000);
  const before = instances;
  const loadStart = Date.now();
  const results = await Promise.all(
    before.slice(0, 2).map(async (i) => notesLoad(i.url, await newUser(), 30)),
  );
  expect(results.flatMap((r) => r.failures)).toEqual([]);
  // Rolled out as a deploy does: the old processes stop (their last figures published), new ones
  // with new ids start. Nothing on screen can come from the memory of a process that drew it.
  await Promise.all(before.map((i) => i.stop()));
  const restartAt = Date.now();
  instances = await Promise.all(SHARES.map((_, i) => start(`${RUN}-${i}-next`)));
  const [a] = instances as [AppInstance];
  await signIn(page, a.url);
  await page.getByRole('link', { name: 'Database' }).click();
  await expect(page.getByLabel('Time window')).toHaveValue('15m');

  // A process just started may answer before its Redis connection is up: its first answers are
  // then its own figures, labelled so. The fleet's come with the connection.
  await expect(badge(page)).toHaveAttribute('data-fleet', 'available', { timeout: 30_000 });
  await expect(page.getByTestId('fleet-unavailable')).toHaveCount(0);
  // The fleet's throughput, served by a process that started after the restart, begins before it.
  const fleet = await drawn(page.getByTestId('chart-throughput-anon'));
  expect(fleet.firstAt).toBeLessThan(restartAt - 5_000);
  // And an old instance's own pages: every point of its drawn from Redis.
  const old = before[0]!;
  await page.goto(`${a.url}/db?scope=instance&instance=${old.id}`);
  await expect(page.getByTestId('scope-banner')).toHaveAttribute('data-state', 'dropped', {
    timeout: 30_000,
  });
  const mine = await drawn(page.getByTestId('chart-throughput-anon'));
  expect(mine.firstAt).toBeLessThan(restartAt - 5_000);
  const history = (await (
    await page.request.get(
      `${a.url}/api/health/history?scope=instance&instance=${encodeURIComponent(old.id)}&window=15m`,
    )
  ).json()) as History;
  const withCalls = history.db.anon.filter((p) => p.counters.calls > 0);
  expect(withCalls.filter((p) => p.t < restartAt - 5_000).length).toBeGreaterThan(0);
  expect(Math.abs(mine.points - withCalls.length)).toBeLessThanOrEqual(2);
  console.log(
    `after the restart: the fleet chart starts ${Math.round((restartAt - fleet.firstAt) / 1000)} s before it, ${old.id}'s draws ${mine.points} point(s) (load from ${Math.round((restartAt - loadStart) / 1000)} s before)`,
  );
  // A day's window: the same history from 1-minute buckets, per second all the same, by the minute.
  await page.getByLabel('Time window').selectOption('24h');
  const day = (await (
    await page.request.get(
      `${a.url}/api/health/history?scope=instance&instance=${encodeURIComponent(old.id)}&window=24h`,
    )
  ).json()) as History & { bucketMs: number };
  expect(day.bucketMs).toBe(60_000);
  const minutes = day.db.anon.filter((p) => p.counters.calls > 0).length;
  expect(minutes).toBeGreaterThan(0);
  const chart = page.getByTestId('chart-throughput-anon');
  await expect
    .poll(async () => Math.abs(Number(await chart.getAttribute('data-points')) - minutes))
    .toBeLessThanOrEqual(1);
  await expect(chart.locator('.recharts-cartesian-axis-tick-value').first()).toHaveText(
    /^\d\d:\d\d$/,
  );
});

test('Redis stopped: the pages say the fleet view is unavailable and which instance they show; back, the fleet returns', async ({
  page,
}) => {
  test.setTimeout(180_000);
  const [a] = instances as [AppInstance];
  // Some calls of a's own, so its local charts have something to draw without the fleet.
  expect((await notesLoad(a.url, await newUser(), 30)).failures).toEqual([]);
  await signIn(page, a.url);
  await expect(badge(page)).toHaveAttribute('data-fleet', 'available', { timeout: 30_000 });
  await stopService(e2eStackState(), 'redis');
  try {
    const label = page.getByTestId('fleet-unavailable');
    await expect(label).toBeVisible({ timeout: 30_000 });
    await expect(label).toContainText(/Fleet view unavailable \(Redis .+\): showing this instance/);
    await expect(label).toContainText(a.id);
    await expect(label).toHaveAttribute('data-instance', a.id);
    await expect(badge(page)).toHaveAttribute('data-fleet', 'unavailable');
    // The pages keep working: a status (whichever: the machine's load moves p95), this
    // instance's charts, and no stale data.
    await expect(page.getByTestId('status-banner')).toHaveAttribute(
      'data-status',
      /pass|warn|fail/,
    );
    await page.getByRole('link', { name: 'Database' }).click();
    await expect(page.getByTestId('fleet-unavailable')).toContainText(a.id);
    await drawn(page.getByTestId('chart-throughput-anon'));
    await page.getByRole('link', { name: 'Cache' }).click();
    await expect(page.getByTestId('fleet-unavailable')).toBeVisible();
    await expect(page.getByTestId('cache-connection')).toContainText('down');
    await expect(page.getByTestId('stale-notice')).toHaveCount(0);
  } finally {
    await startService(e2eStackState(), 'redis');
  }
  await expect(page.getByTestId('fleet-unavailable')).toHaveCount(0, { timeout: 60_000 });
  await expect(badge(page)).toHaveAttribute('data-fleet', 'available');
  await expect(badge(page).locator('summary')).toHaveText(/^\d+ of \d+ instances? reporting/);
});
