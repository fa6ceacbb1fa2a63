// What the fleet tests read from the dashboard's pages: sign-in on an instance, the instances
// badge and table (a column's values in row order, a sort and its check), and a chart's points.
import { expect, type Locator, type Page } from '@playwright/test';
import { healthToken } from './support';

/** Signs in on `base` (an instance's origin) and sets the refresh interval to 1 s. */
export async function signIn(page: Page, base: string) {
  await page.goto(`${base}/signin`);
  await page.getByLabel('Health token').fill(healthToken());
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page).toHaveURL(`${base}/`);
  await page.getByLabel('Refresh interval').selectOption('1000');
}

export const badge = (page: Page) => page.getByTestId('instances-badge');
export const row = (page: Page, id: string) =>
  page.locator(`[data-testid="instance-row"][data-instance="${id}"]`);

/** A sortable table's rows: their test id and the attribute that names each one. */
export interface TableRows {
  readonly testId: string;
  readonly idAttribute: string;
}

export const INSTANCE_ROWS: TableRows = { testId: 'instance-row', idAttribute: 'data-instance' };

/** The rows' ids and one column's values, read in one go (one render, no poll in between). */
export function column(
  page: Page,
  key: string,
  table: TableRows = INSTANCE_ROWS,
): Promise<Array<{ id: string; value: string }>> {
  return page.getByTestId(table.testId).evaluateAll(
    (rows, [k, idAttribute]) =>
      rows.map((r) => ({
        id: r.getAttribute(idAttribute!) ?? '',
        value:
          k === 'id'
            ? (r.getAttribute(idAttribute!) ?? '')
            : (r.querySelector(`[data-col="${k}"]`)?.getAttribute('data-value') ?? ''),
      })),
    [key, table.idAttribute] as const,
  );
}

const BREAKER_RANK: Record<string, number> = { unknown: 0, closed: 1, 'half-open': 2, open: 3 };

function inOrder(values: readonly string[], key: string, direction: string): boolean {
  const cmp = (a: string, b: string) =>
    key === 'id' || key === 'name'
      ? a < b
        ? -1
        : a > b
          ? 1
          : 0
      : key === 'breaker'
        ? BREAKER_RANK[a]! - BREAKER_RANK[b]!
        : Number(a) - Number(b);
  const sign = direction === 'ascending' ? 1 : -1;
  return values.every((v, i) => i === 0 || sign * cmp(values[i - 1]!, v) <= 0);
}

/** Clicks (or, with the keyboard, presses Enter on) a sort button and checks the rows' order. */
export async function sortBy(
  page: Page,
  key: string,
  how: 'click' | 'keyboard',
  table: TableRows = INSTANCE_ROWS,
) {
  const header = page.locator(`th[data-sort-key="${key}"]`);
  const before = await header.getAttribute('aria-sort');
  const button = header.getByRole('button');
  if (how === 'click') await button.click();
  else {
    await button.focus();
    await page.keyboard.press('Enter');
  }
  await expect(header).not.toHaveAttribute('aria-sort', before ?? 'none');
  const direction = (await header.getAttribute('aria-sort'))!;
  expect(direction).toMatch(/^(ascending|descending)$/);
  await expect(page.locator('th[aria-sort="ascending"], th[aria-sort="descending"]')).toHaveCount(
    1,
  );
  const values = (await column(page, key, table)).map((c) => c.value);
  expect(values.length).toBeGreaterThanOrEqual(3);
  expect(inOrder(values, key, direction), `${key} ${direction}: ${values.join(', ')}`).toBe(true);
}

/** The page's reading of a chart: how many points it draws and when the first one starts. */
export async function drawn(chart: Locator) {
  await expect(chart).toHaveAttribute('data-points', /^[1-9]\d*$/, { timeout: 30_000 });
  return {
    points: Number(await chart.getAttribute('data-points')),
    firstAt: Number(await chart.getAttribute('data-first-at')),
  };
}

export type History = { db: { anon: Array<{ t: number; counters: { calls: number } }> } };
