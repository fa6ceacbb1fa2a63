// Security of what the built app serves: the Content-Security-Policy (a fresh nonce per page,
// frame-ancestors 'none'), nosniff and Referrer-Policy on pages and on API answers of every kind;
// the dashboard rendering in Chromium without a single policy violation; the session cookie's
// Secure flag behind an HTTPS proxy; and the refusal of cross-site sign-ins.
import { expect, test, type APIResponse, type Page } from '@playwright/test';
import { healthToken } from './support';

function expectSecurityHeaders(res: APIResponse, what: string) {
  const headers = res.headers();
  expect(headers['content-security-policy'], what).toMatch(/(^|;\s*)frame-ancestors 'none'/);
  expect(headers['x-content-type-options'], what).toBe('nosniff');
  expect(headers['referrer-policy'], what).toBe('same-origin');
}

/** A signed-in session cookie, by the JSON sign-in (right tokens do not count toward the limit). */
async function sessionCookie(request: import('@playwright/test').APIRequestContext) {
  const res = await request.post('/api/session', { data: { token: healthToken() } });
  expect(res.status()).toBe(200);
  return res.headers()['set-cookie']!.split(';')[0]!;
}

test('API answers carry the security headers: successes, errors, 404s and refused methods', async ({
  request,
}) => {
  const answers: Array<[string, string, number]> = [
    ['GET', '/api/health/live', 200],
    ['HEAD', '/api/health/live', 200],
    ['GET', '/api/health/db', 401],
    ['GET', '/api/health?verbose=1', 400],
    ['PUT', '/api/session', 405],
    ['GET', '/api/no-such-endpoint', 404],
    ['DELETE', `/api/${'x'.repeat(10_000)}`, 404],
    ['PROPFIND', '/api/health', 400],
    ['GET', '/api/%zz', 400],
  ];
  for (const [method, path, status] of answers) {
    const res = await request.fetch(path, { method, failOnStatusCode: false });
    const what = `${method} ${path.slice(0, 40)}`;
    expect(res.status(), what).toBe(status);
    expectSecurityHeaders(res, what);
    expect(res.headers()['content-security-policy'], what).toMatch(/^default-src 'none'/);
  }
});

test('pages carry a policy with a fresh nonce, and every script in them has it', async ({
  request,
}) => {
  const cookie = await sessionCookie(request);
  for (const [path, status] of [
    ['/signin', 200],
    ['/', 200],
    ['/db', 200],
    ['/cache', 200],
    ['/no-such-page', 404],
  ] as const) {
    const nonces: string[] = [];
    for (let i = 0; i < 2; i++) {
      const res = await request.get(path, { headers: { cookie }, maxRedirects: 0 });
      expect(res.status(), path).toBe(status);
      expectSecurityHeaders(res, path);
      const csp = res.headers()['content-security-policy']!;
      const nonce = /'nonce-([^']+)'/.exec(csp)?.[1];
      expect(nonce, `${path}: ${csp}`).toBeTruthy();
      expect(csp).toMatch(/script-src 'self' 'nonce-[^']+' 'strict-dynamic'(;|$)/);
      expect(csp).not.toContain('unsafe-eval');
      const html = await res.text();
      const scripts = html.match(/<script\b[^>]*>/g) ?? [];
      expect(scripts.length, path).toBeGreaterThan(0);
      for (const tag of scripts) expect(tag, path).toContain(`nonce="${nonce}"`);
      nonces.push(nonce!);
    }
    expect(nonces[0], `${path}: a new nonce per request`).not.toBe(nonces[1]);
  }
});

/** Collects CSP violations (the DOM event and Chromium's console report) on a page. */
async function watchViolations(page: Page): Promise<string[]> {
  const violations: string[] = [];
  page.on('console', (m) => {
    if (/Content Security Policy/i.test(m.text())) violations.push(m.text());
  });
  await page.exposeFunction('__reportViolation', (v: string) => violations.push(v));
  await page.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (e) => {
      const report = (window as unknown as { __reportViolation(v: string): void })
        .__reportViolation;
      report(`${e.violatedDirective} ${e.blockedURI} at ${e.sourceFile}:${e.lineNumber}`);
    });
  });
  return violations;
}

test('the dashboard renders under the policy without a violation', async ({ page }) => {
  const violations = await watchViolations(page);
  await page.goto('/signin');
  await page.getByLabel('Health token').fill(healthToken());
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page).toHaveURL(/\/$/);
  await expect(page.getByTestId('status-banner')).toHaveAttribute('data-status', /pass|warn|fail/, {
    timeout: 30_000,
  });
  await page.getByRole('link', { name: 'Database' }).click();
  await expect(
    page.getByTestId('chart-throughput-service').locator('path.recharts-curve').first(),
  ).toBeVisible({ timeout: 20_000 });
  await page.getByRole('link', { name: 'Cache' }).click();
  await expect(page.getByTestId('chart-hit-rate')).toHaveAttribute('data-points', /^[1-9]\d*$/, {
    timeout: 20_000,
  });
  await page.goto('/no-such-page');
  await expect(page.getByRole('heading', { name: 'Page not found' })).toBeVisible();
  await page.getByRole('link', { name: 'Back to the dashboard' }).click();
  await expect(page.getByTestId('status-banner')).toBeVisible();
  expect(violations).toEqual([]);
});

test('another site cannot frame the dashboard', async ({ page, baseURL }) => {
  const refused: string[] = [];
  page.on('console', (m) => {
    if (/frame-ancestors/.test(m.text())) refused.push(m.text());
  });
  await page.setContent(`<iframe src="${baseURL}/signin"></iframe>`);
  await expect.poll(() => refused.length, { timeout: 10_000 }).toBeGreaterThan(0);
  const frame = page.frames().find((f) => f !== page.mainFrame());
  expect(await frame?.locator('#token').count()).toBe(0);
});

test('the session cookie is Secure when the request came over HTTPS through a proxy', async ({
  request,
}) => {
  const behindTls = await request.post('/api/session', {
    data: { token: healthToken() },
    headers: { 'x-forwarded-proto': 'https' },
  });
  expect(behindTls.status()).toBe(200);
  expect(behindTls.headers()['set-cookie']).toMatch(/; Secure(;|$)/);
  const plain = await request.post('/api/session', { data: { token: healthToken() } });
  expect(plain.headers()['set-cookie']).not.toMatch(/Secure/);
});

test('a sign-in from another site is refused with a 403 JSON error', async ({ request }) => {
  const crossSite: Record<string, string>[] = [
    { origin: 'https://evil.example' },
    { origin: 'null' },
    { 'sec-fetch-site': 'cross-site' },
  ];
  for (const headers of crossSite) {
    const res = await request.post('/api/session', {
      data: { token: healthToken() },
      headers,
      failOnStatusCode: false,
    });
    expect(res.status()).toBe(403);
    expect(res.headers()['set-cookie']).toBeUndefined();
    expect(await res.json()).toMatchObject({ error: { code: 'FORBIDDEN' } });
  }
});
