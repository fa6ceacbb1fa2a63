// Recovery after an outage, with the production preset (a `next start` instance with no DB_* or
// HEALTH_* overrides): PostgREST paused for 20 s under light traffic, then resumed. The health
// probe tests the database directly while the breaker is open, so recovery takes one probe
// interval, not the breaker's reset time (15 s), and /api/health judges the present instead of
// the last minute.
import { expect, test } from '@playwright/test';
import { pauseService, readState, resumeService } from '../scripts/stack/index.ts';
import { startInstance, type AppInstance } from './instances';
import { healthToken } from './support';

const ADMIN_TOKEN = 'e2e-recovery-admin-token-0123456789';
const PAUSE_MS = 20_000;

function stack() {
  const state = readState(process.env.E2E_STACK!);
  if (!state) throw new Error('the e2e stack is not running');
  return state;
}

async function status(url: string, headers: Record<string, string> = {}): Promise<number> {
  try {
    const res = await fetch(url, { headers, signal: AbortSignal.timeout(4_000) });
    await res.arrayBuffer();
    return res.status;
  } catch {
    return 0;
  }
}

let app: AppInstance;
test.beforeAll(async () => {
  app = await startInstance({ id: 'e2e-recovery', env: { ADMIN_TOKEN } });
});
test.afterAll(async () => {
  resumeService(stack(), 'postgrest');
  await app?.stop();
});

test('PostgREST paused 20 s under traffic: app calls within 3 s of its return, /api/health 200 within 5 s', async () => {
  test.setTimeout(120_000);
  const admin = { authorization: `Bearer ${ADMIN_TOKEN}` };
  const token = { authorization: `Bearer ${healthToken()}` };
  const appCall = () => status(`${app.url}/api/admin/notes?limit=5`, admin);
  await expect.poll(appCall, { timeout: 20_000 }).toBe(200);
  expect(await status(`${app.url}/api/health`, token)).toBe(200);

  // Steady traffic throughout: eight callers, each one app call at a time. One caller alone is not
  // enough: with the production preset an attempt fails only after 3 s, and the client gives up
  // at 4 s (a cancelled call is not a failure), so it adds about one failure per 4 s and may not
  // reach the breaker's 10 consecutive failures within the pause.
  let running = true;
  let resumedAt = Infinity;
  let firstSuccessAfterResume = Infinity;
  let sawBreakerReject = false;
  const caller = async () => {
    while (running) {
      const code = await appCall();
      if (code === 503) sawBreakerReject = true;
      if (code === 200 && performance.now() > resumedAt && firstSuccessAfterResume === Infinity)
        firstSuccessAfterResume = performance.now();
      await new Promise((r) => setTimeout(r, 100));
    }
  };
  const traffic = Promise.all(Array.from({ length: 8 }, caller));

  pauseService(stack(), 'postgrest');
  const pausedAt = performance.now();
  const dbHealth = async () =>
    JSON.stringify(
      await (
        await fetch(`${app.url}/api/health/db`, {
          headers: token,
          signal: AbortSignal.timeout(10_000),
        })
      ).json(),
    );
  // The outage must really open the breaker, so that what follows measures a recovery.
  await expect.poll(dbHealth, { timeout: 30_000, intervals: [500] }).toContain('"open"');
  const openedAfterMs = performance.now() - pausedAt;
  await new Promise((r) => setTimeout(r, Math.max(0, PAUSE_MS - openedAfterMs)));
  const beforeResume = await dbHealth();
  resumeService(stack(), 'postgrest');
  resumedAt = performance.now();

  const firstOk = async (path: string): Promise<number> => {
    for (;;) {
      if ((await status(`${app.url}${path}`, token)) === 200) return performance.now() - resumedAt;
      await new Promise((r) => setTimeout(r, 100));
    }
  };
  const [readyMs, healthMs] = await Promise.all([
    firstOk('/api/health/ready'),
    firstOk('/api/health'),
  ]);
  await expect.poll(() => firstSuccessAfterResume < Infinity, { timeout: 15_000 }).toBe(true);
  running = false;
  await traffic;
  const callMs = firstSuccessAfterResume - resumedAt;
  console.log(
    `[recovery] production preset, PostgREST paused ${PAUSE_MS / 1000} s: resume → first successful app call ${callMs.toFixed(0)} ms, ` +
      `/api/health/ready 200 ${readyMs.toFixed(0)} ms, /api/health 200 ${healthMs.toFixed(0)} ms (breaker opened ${openedAfterMs.toFixed(0)} ms into the pause)`,
  );
  // The outage really opened the breaker (the figures above measure a recovery, not a blip).
  expect(sawBreakerReject).toBe(true);
  expect(beforeResume).toContain('"open"');
  expect(callMs).toBeLessThanOrEqual(3_000);
  expect(healthMs).toBeLessThanOrEqual(5_000);
});
