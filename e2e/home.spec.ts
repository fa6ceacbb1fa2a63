import { expect, test } from '@playwright/test';

test('the home page is served and backed by the local stack', async ({ page }) => {
  await page.goto('/');
  await expect(page.getByTestId('db-status')).toContainText('Database: reachable');
});
