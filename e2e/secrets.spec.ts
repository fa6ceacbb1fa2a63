// Secret scan of what leaves the server: every health endpoint's body (with and without the
// token), the pages' HTML, and every built client bundle. None may hold the service-role key,
// the JWT secret, a password or the health token.
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import { e2eStack, healthToken } from './support';

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? files(path) : [path];
  });
}

test('no secret reaches a response body or a client bundle', async ({ request }) => {
  const stack = e2eStack();
  const token = healthToken();
  const secrets = {
    serviceRoleKey: stack.serviceRoleKey,
    jwtSecret: stack.jwtSecret,
    redisPassword: stack.redisPassword,
    authenticatorPassword: stack.authenticatorPassword,
    healthToken: token,
  };

  const paths = [
    '/api/health',
    '/api/health/live',
    '/api/health/ready',
    '/api/health/db',
    '/api/health/redis',
    '/api/health/detailed',
    '/api/health/metrics',
    '/api/health/history?window=1h',
    '/api/health/operations?window=1h',
    '/api/health/operations?kind=service&operation=admin.notes.count',
    '/api/health/slo',
    '/',
    '/operations',
    '/operations/detail?kind=service&name=admin.notes.count',
  ];
  const bodies: string[] = [];
  for (const path of paths) {
    for (const headers of [{}, { authorization: `Bearer ${token}` }] as Record<string, string>[]) {
      const res = await request.get(path, { headers });
      bodies.push(await res.text());
    }
  }
  const bundles = files(join(process.cwd(), '.next', 'static')).filter((f) =>
    /\.(js|css|json|html)$/.test(f),
  );
  expect(bundles.length).toBeGreaterThan(0);
  const shipped = bundles.map((f) => readFileSync(f, 'utf8'));

  for (const [name, secret] of Object.entries(secrets)) {
    expect(secret.length, name).toBeGreaterThan(8);
    expect(
      bodies.some((b) => b.includes(secret)),
      `${name} in a response body`,
    ).toBe(false);
    expect(
      shipped.some((b) => b.includes(secret)),
      `${name} in a client bundle`,
    ).toBe(false);
  }
  expect(bodies.join('\n')).not.toMatch(/\n\s+at .+:\d+:\d+/);
});
