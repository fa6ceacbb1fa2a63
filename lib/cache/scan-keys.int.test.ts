// The one SCAN walk on the real server: every match once the walk completes, the limits that
// stop it early, and deletion page by page with progress reported.
import type { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deleteMatching, scanKeys } from './scan-keys';
import { adminClient, uniquePrefix } from './test-support';

let admin: Redis;
beforeAll(async () => {
  admin = await adminClient();
});
afterAll(() => admin?.disconnect());

async function seed(prefix: string, n: number): Promise<void> {
  const pipeline = admin.pipeline();
  for (let i = 0; i < n; i++) pipeline.set(`${prefix}${i % 2 ? 'odd' : 'even'}:${i}`, '1');
  await pipeline.exec();
}

describe('scanKeys', () => {
  it('hands over every matching key, and only those, page by page', async () => {
    const p = uniquePrefix();
    await seed(p, 1_200);
    const seen = new Set<string>();
    let pages = 0;
    const r = await scanKeys(
      admin,
      `${p}odd:*`,
      (keys) => {
        pages++;
        keys.forEach((k) => seen.add(k));
      },
      { count: 100 },
    );
    expect(r.complete).toBe(true);
    expect(seen.size).toBe(600);
    expect([...seen].every((k) => k.startsWith(`${p}odd:`))).toBe(true);
    expect(pages).toBeGreaterThan(1);
    await deleteMatching(admin, `${p}*`);
  });

  it('stops early, incomplete, at maxKeys or past the deadline', async () => {
    const p = uniquePrefix();
    await seed(p, 1_000);
    const byCount = await scanKeys(admin, `${p}*`, () => {}, { count: 50, maxKeys: 100 });
    expect(byCount.complete).toBe(false);
    expect(byCount.scanned).toBeGreaterThanOrEqual(100);
    expect(byCount.scanned).toBeLessThan(1_000);
    const byTime = await scanKeys(admin, `${p}*`, () => {}, { count: 50, deadline: 0 });
    expect(byTime.complete).toBe(false);
    expect(byTime.scanned).toBeLessThan(1_000);
    await deleteMatching(admin, `${p}*`);
  });
});

describe('deleteMatching', () => {
  it('deletes exactly the matches, reporting each page, and leaves the rest', async () => {
    const p = uniquePrefix();
    await seed(p, 1_000);
    const reported: number[] = [];
    const deleted = await deleteMatching(admin, `${p}even:*`, {
      count: 100,
      onDeleted: (n) => reported.push(n),
    });
    expect(deleted).toBe(500);
    expect(reported.reduce((a, b) => a + b, 0)).toBe(500);
    const left: string[] = [];
    await scanKeys(admin, `${p}*`, (keys) => void left.push(...keys));
    expect(left).toHaveLength(500);
    expect(left.every((k) => k.startsWith(`${p}odd:`))).toBe(true);
    await deleteMatching(admin, `${p}*`);
  });
});
