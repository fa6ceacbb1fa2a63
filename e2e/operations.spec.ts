// The operations view in Chromium, on an extra `next start` instance of the e2e stack: traffic
// through five operations of the app's own routes (reads, writes some of which row-level
// security refuses, an operator's overview, a slow query), the operations page sorted by its
// headers (mouse and keyboard, the sort kept in the URL) and filtered by client kind, one
// operation's drill-down with points on its charts and its slow calls, the overview's worst
// operations and SLO panel against /api/health/slo; and the empty and Redis-down states.
import { randomUUID } from 'node:crypto';
import { expect, test, type Page } from '@playwright/test';
import { startService, stopService } from '../scripts/stack/index.ts';
import {
  operationId,
  worstOperations,
  type OperationRow,
} from '../components/dashboard/operation-rows';
import { formatBudgetLeft, formatBurn } from '../components/dashboard/slo-figures';
import { column, drawn, signIn, sortBy, type TableRows } from './fleet-page';
import { startInstance, type AppInstance } from './instances';
import { e2eStackState, newUser, notesLoad } from './notes-load';

const ADMIN_TOKEN = `ops-admin-${randomUUID()}`;
const RUN = `ops-ui-${process.pid}`;
const OPERATION_ROWS: TableRows = { testId: 'operation-row', idAttribute: 'data-operation' };
/** What this file drives, by client kind. */
const DRIVEN = [
  ['anon', 'notes.list'],
  ['anon', 'notes.create'],
  ['service', 'admin.notes.latest'],
  ['service', 'admin.notes.count'],
  ['service', 'demo.slow_query'],
] as const;

let a: AppInstance;
const started: AppInstance[] = [];

async function start(id: string): Promise<AppInstance> {
  const instance = await startInstance({
    id,
    env: { FLEET_FLUSH_MS: '1000', ADMIN_TOKEN, NEXT_MANUAL_SIG_HANDLE: 'true' },
    timeoutMs: 120_000,
  });
  started.push(instance);
  return instance;
}

/** Writes that row-level security refuses: another user's idempotency key (403, not retried). */
async function refusedWrites(url: string, n: number): Promise<number[]> {
  const owner = await newUser();
  const other = await newUser();
  const key = randomUUID();
  const post = (token: string) =>
    fetch(`${url}/api/notes`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ title: 'mine', idempotencyKey: key }),
    });
  expect((await post(owner)).status).toBe(201);
  const statuses: number[] = [];
  for (let i = 0; i < n; i++) statuses.push((await post(other)).status);
  return statuses;
}

async function admin(url: string, path: string): Promise<number> {
  const res = await fetch(`${url}${path}`, { headers: { authorization: `Bearer ${ADMIN_TOKEN}` } });
  await res.arrayBuffer();
  return res.status;
}

const opRow = (page: Page, kind: string, name: string) =>
  page.locator(`[data-testid="operation-row"][data-kind="${kind}"][data-operation="${name}"]`);

type OperationsAnswer = {
  operations: Array<{ kind: string; name: string; calls: number; errorRate: number }>;
  detail?: { points: Array<{ calls: number; latency: unknown }>; slowCalls: unknown[] };
};

test.describe.configure({ mode: 'serial' });

test.afterAll(async () => {
  await Promise.all(started.map((i) => i.stop()));
});

test('five operations: the page sorts and filters them, and one drills down with points', async ({
  page,
}) => {
  test.setTimeout(300_000);
  a = await start(`${RUN}-a`);
  const load = await notesLoad(a.url, await newUser(), 60);
  expect(load.failures).toEqual([]);
  const refused = await refusedWrites(a.url, 6);
  expect(
    refused.every((s) => s >= 400 && s < 500),
    refused.join(','),
  ).toBe(true);
  for (let i = 0; i < 20; i++) expect(await admin(a.url, '/api/admin/notes?limit=5')).toBe(200);
  for (const ms of [350, 450, 400])
    expect(await admin(a.url, `/api/admin/demo/slow-query?ms=${ms}`)).toBe(200);

  await signIn(page, a.url);
  await page.getByRole('link', { name: 'Operations', exact: true }).click();
  await expect(page).toHaveURL(`${a.url}/operations`);
  for (const [kind, name] of DRIVEN)
    await expect(opRow(page, kind, name)).toBeVisible({ timeout: 30_000 });

  // The figures are the API's: the refused writes are notes.create's errors; the slow query is
  // the slowest operation of this run.
  const api = (await (
    await page.request.get(`${a.url}/api/health/operations?window=15m`)
  ).json()) as OperationsAnswer;
  const create = api.operations.find((o) => o.kind === 'anon' && o.name === 'notes.create')!;
  expect(create.errorRate).toBeGreaterThan(0);
  await expect
    .poll(async () =>
      Number(
        await opRow(page, 'anon', 'notes.create')
          .locator('[data-col="errorRate"]')
          .getAttribute('data-value'),
      ),
    )
    .toBeGreaterThan(0);
  const slow = await opRow(page, 'service', 'demo.slow_query')
    .locator('[data-col="p99Ms"]')
    .getAttribute('data-value');
  expect(Number(slow)).toBeGreaterThanOrEqual(340);
  // A trend line for an operation called in the last two minutes.
  await expect(
    opRow(page, 'anon', 'notes.list').locator('[data-col="trend"] [role="img"]'),
  ).toHaveAttribute('data-points', /^[1-9]\d*$/);

  // Volume first; then each sortable column both ways, by mouse and from the keyboard.
  await expect(page.locator('th[data-sort-key="callsPerSecond"]')).toHaveAttribute(
    'aria-sort',
    'descending',
  );
  for (const key of ['errorRate', 'p99Ms', 'p50Ms', 'name', 'callsPerSecond']) {
    await sortBy(page, key, 'click', OPERATION_ROWS);
    await sortBy(page, key, 'keyboard', OPERATION_ROWS);
  }
  // The sort is in the URL: a reload (or a shared link) keeps it.
  await sortBy(page, 'p99Ms', 'click', OPERATION_ROWS);
  await expect(page).toHaveURL(/[?&]sort=p99Ms&dir=desc/);
  await page.reload();
  await expect(page.locator('th[data-sort-key="p99Ms"]')).toHaveAttribute(
    'aria-sort',
    'descending',
  );
  const p99s = (await column(page, 'p99Ms', OPERATION_ROWS)).map((c) => Number(c.value));
  expect(p99s).toEqual([...p99s].sort((x, y) => y - x));

  // Filtered by client kind: only the users' operations, and the filter in the URL too.
  await page.getByLabel('Client kind').selectOption('anon');
  await expect(page).toHaveURL(/[?&]kind=anon/);
  await expect(opRow(page, 'service', 'admin.notes.count')).toHaveCount(0);
  const kinds = await page
    .getByTestId('operation-row')
    .evaluateAll((rows) => rows.map((r) => r.getAttribute('data-kind')));
  expect(kinds.length).toBeGreaterThanOrEqual(2);
  expect(new Set(kinds)).toEqual(new Set(['anon']));
  await page.getByLabel('Client kind').selectOption('all');
  await expect(page).not.toHaveURL(/kind=/);

  // The slow query's drill-down: latency and errors over time with points, and its slow calls.
  await opRow(page, 'service', 'demo.slow_query')
    .getByRole('link', { name: 'demo.slow_query' })
    .click();
  await expect(page).toHaveURL(`${a.url}/operations/detail?kind=service&name=demo.slow_query`);
  await expect(page.getByRole('heading', { name: 'demo.slow_query' })).toBeVisible();
  const latency = await drawn(page.getByTestId('chart-operation-latency'));
  const errors = await drawn(page.getByTestId('chart-operation-errors'));
  const detail = (await (
    await page.request.get(
      `${a.url}/api/health/operations?window=15m&kind=service&operation=demo.slow_query`,
    )
  ).json()) as OperationsAnswer;
  const withCalls = detail.detail!.points.filter((p) => p.calls > 0).length;
  expect(withCalls).toBeGreaterThan(0);
  expect(Math.abs(errors.points - withCalls)).toBeLessThanOrEqual(1);
  expect(latency.points).toBeGreaterThan(0);
  await expect(
    page
      .getByTestId('chart-operation-latency')
      .locator('path.recharts-curve, circle[data-lone-point]')
      .filter({ visible: true })
      .first(),
  ).toBeVisible();
  // Every call of it took over DB_SLOW_CALL_MS: the slow-call log, filtered by context, lists
  // this run's three (and the demo workload's, from the main e2e server) as the API does.
  expect(detail.detail!.slowCalls.length).toBeGreaterThanOrEqual(3);
  await expect
    .poll(async () => {
      const now = (await (
        await page.request.get(
          `${a.url}/api/health/operations?window=15m&kind=service&operation=demo.slow_query`,
        )
      ).json()) as OperationsAnswer;
      return (await page.getByTestId('operation-slow-call').count()) - now.detail!.slowCalls.length;
    })
    .toBe(0);
  await page.getByRole('link', { name: '← all operations' }).click();
  await expect(page).toHaveURL(`${a.url}/operations`);
});

test('the overview links the worst operations, and its SLO panel shows /api/health/slo', async ({
  page,
}) => {
  test.setTimeout(120_000);
  await signIn(page, a.url);
  // This instance's own operations: what earlier specs did to the shared e2e server (PostgREST
  // stopped, Redis killed) stays in the fleet's window, with error rates of its own.
  const mine = `scope=instance&instance=${encodeURIComponent(a.id)}`;
  await page.goto(`${a.url}/?${mine}`);
  const worst = page.getByTestId('worst-operation');
  await expect(worst).toHaveCount(3, { timeout: 30_000 });
  // notes.create has the refused writes: the worst of this instance's operations.
  await expect(worst.first()).toHaveAttribute('data-operation', 'notes.create');
  // Ranked as the API's figures rank them (polled: the page and a fresh answer, a poll apart).
  await expect
    .poll(async () => {
      const api = (await (
        await page.request.get(`${a.url}/api/health/operations?${mine}&window=15m`)
      ).json()) as { operations: OperationRow[] };
      const shown = await worst.evaluateAll((els) =>
        els.map((e) => `${e.getAttribute('data-kind')}:${e.getAttribute('data-operation')}`),
      );
      return shown.join(' ') === worstOperations(api.operations).map(operationId).join(' ');
    })
    .toBe(true);
  await worst.first().getByRole('link').click();
  await expect(page).toHaveURL(`${a.url}/operations/detail?${mine}&kind=anon&name=notes.create`);
  await expect(page.getByTestId('operation-failure-codes')).toBeVisible();
  await page.getByRole('link', { name: 'Overview' }).click();

  const panel = page.getByTestId('slo-panel');
  await expect(panel).toHaveAttribute('data-available', 'true', { timeout: 30_000 });
  type Slo = {
    periodDays: number;
    availability: {
      budget: { left: number; partial: boolean; coveredDays: number };
      burnRates: Record<string, number>;
    };
    latency: {
      budget: { left: number; partial: boolean; coveredDays: number };
      burnRates: Record<string, number>;
    };
  };
  for (const id of ['availability', 'latency'] as const) {
    // The panel polls every second and the fleet keeps serving: the figures on screen match an
    // answer of the API read at about the same time.
    await expect
      .poll(
        async () => {
          const slo = (await (await page.request.get(`${a.url}/api/health/slo`)).json()) as Slo;
          const f = slo[id];
          const budget = await panel.getByTestId(`slo-${id}-budget`).textContent();
          const burn1h = await panel.getByTestId(`slo-${id}-burn-1h`).textContent();
          const burn3d = await panel.getByTestId(`slo-${id}-burn-3d`).textContent();
          return (
            budget === formatBudgetLeft(f.budget.left) &&
            burn1h === formatBurn(f.burnRates['1h']!) &&
            burn3d === formatBurn(f.burnRates['3d']!)
          );
        },
        { timeout: 30_000 },
      )
      .toBe(true);
    const slo = (await (await page.request.get(`${a.url}/api/health/slo`)).json()) as Slo;
    const coverage = panel.getByTestId(`slo-${id}-coverage`);
    await expect(coverage).toHaveAttribute('data-partial', String(slo[id].budget.partial));
    await expect(coverage).toHaveAttribute('data-covered-days', String(slo[id].budget.coveredDays));
    if (slo[id].budget.partial)
      await expect(coverage).toContainText(
        `partial: over ${slo[id].budget.coveredDays} day${slo[id].budget.coveredDays === 1 ? '' : 's'} of ${slo.periodDays}`,
      );
    for (const w of ['5m', '30m', '1h', '6h', '3d'])
      await expect(panel.getByTestId(`slo-${id}-burn-${w}`)).toHaveText(/^\d+(\.\d+)?×$/);
  }
});

test('empty and degraded: an instance with no calls yet, and Redis down (this instance, labelled)', async ({
  page,
}) => {
  test.setTimeout(180_000);
  // A fresh instance no one has called: in the fleet, with no operations.
  const idle = await start(`${RUN}-idle`);
  await signIn(page, a.url);
  await page.goto(`${a.url}/operations?scope=instance&instance=${idle.id}`);
  await expect(page.getByTestId('scope-banner')).toHaveAttribute('data-instance', idle.id, {
    timeout: 30_000,
  });
  await expect(page.getByTestId('operations-empty')).toContainText('No operations yet', {
    timeout: 30_000,
  });
  await page.goto(
    `${a.url}/operations/detail?scope=instance&instance=${idle.id}&kind=anon&name=notes.list`,
  );
  await expect(page.getByTestId('operation-no-calls')).toBeVisible({ timeout: 30_000 });
  await expect(page.getByTestId('chart-operation-latency')).toContainText('No calls');
  // Back to the fleet: the same operation's drill-down, the fleet's calls of it.
  await page.getByTestId('scope-banner').getByRole('link', { name: 'back to the fleet' }).click();
  await expect(page).toHaveURL(`${a.url}/operations/detail?kind=anon&name=notes.list`);
  await drawn(page.getByTestId('chart-operation-errors'));
  await page.goto(`${a.url}/operations/detail?kind=nope`);
  await expect(page.getByTestId('operation-missing')).toBeVisible();

  await page.goto(`${a.url}/operations`);
  await expect(opRow(page, 'anon', 'notes.list')).toBeVisible({ timeout: 30_000 });
  await stopService(e2eStackState(), 'redis');
  try {
    const label = page.getByTestId('fleet-unavailable');
    await expect(label).toContainText(a.id, { timeout: 30_000 });
    // This instance's own operations (from its memory), labelled as such; no crash, no stale data.
    await expect(page.getByTestId('operations-local')).toContainText(a.id);
    await expect(opRow(page, 'anon', 'notes.list')).toBeVisible();
    await expect(page.getByTestId('stale-notice')).toHaveCount(0);
    await opRow(page, 'anon', 'notes.list').getByRole('link', { name: 'notes.list' }).click();
    await expect(page.getByTestId('chart-operation-latency')).toContainText('No history');
    await page.getByRole('link', { name: 'Overview' }).click();
    await expect(page.getByTestId('slo-unavailable')).toBeVisible({ timeout: 30_000 });
    await expect(page.getByTestId('worst-operation').first()).toBeVisible();
  } finally {
    await startService(e2eStackState(), 'redis');
  }
  await expect(page.getByTestId('fleet-unavailable')).toHaveCount(0, { timeout: 60_000 });
  await expect(page.getByTestId('slo-panel')).toHaveAttribute('data-available', 'true', {
    timeout: 30_000,
  });
});

test('past the cap: the `other` row and the overflow count, as the API reports them', async ({
  page,
}) => {
  test.setTimeout(180_000);
  // One operation per client kind on this instance: the second and third go to `other`.
  const small = await startInstance({
    id: `${RUN}-cap1`,
    env: {
      FLEET_FLUSH_MS: '1000',
      ADMIN_TOKEN,
      NEXT_MANUAL_SIG_HANDLE: 'true',
      DB_MAX_OPERATIONS: '1',
    },
    timeoutMs: 120_000,
  });
  started.push(small);
  for (let i = 0; i < 5; i++) expect(await admin(small.url, '/api/admin/notes?limit=5')).toBe(200);
  expect(await admin(small.url, '/api/admin/demo/slow-query?ms=120')).toBe(200);

  await signIn(page, a.url);
  await page.goto(`${a.url}/operations?scope=instance&instance=${small.id}`);
  const other = opRow(page, 'service', 'other');
  await expect(other).toBeVisible({ timeout: 30_000 });
  await expect(other).toContainText('(operations past the cap)');
  const overflow = page.getByTestId('operations-overflow');
  await expect(overflow).toBeVisible();
  const api = (await (
    await page.request.get(
      `${a.url}/api/health/operations?scope=instance&instance=${small.id}&window=15m`,
    )
  ).json()) as OperationsAnswer & { overflowCalls: number };
  expect(api.overflowCalls).toBeGreaterThan(0);
  await expect(overflow).toHaveAttribute('data-value', String(api.overflowCalls));
  await expect(overflow).toContainText(`${api.overflowCalls} calls`);
  // One service-role operation besides `other` on the page, as the cap of one keeps.
  await expect(page.locator('[data-testid="operation-row"][data-kind="service"]')).toHaveCount(2);
});
