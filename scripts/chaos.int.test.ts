// npm run chaos against the test stack: timed faults end by themselves (even when the command is
// killed), status shows them, repairs cancel them, and nothing is done when SUPABASE_URL points
// at another project.
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { faults, testStack } from './testing/stack.ts';
import { REPO_ROOT, health, paths, type ServiceName } from './stack/index.ts';
import { pendingRestorations } from './chaos/restorer.ts';

interface Run {
  code: number | null;
  out: string;
}

function chaos(args: string[], env: Record<string, string> = {}) {
  const child = spawn(
    process.execPath,
    [join(REPO_ROOT, 'scripts', 'chaos.ts'), ...args, '--stack', testStack().name],
    { cwd: REPO_ROOT, env: { ...process.env, ...env }, detached: true },
  );
  let out = '';
  child.stdout.on('data', (d: Buffer) => (out += d));
  child.stderr.on('data', (d: Buffer) => (out += d));
  const done = new Promise<Run>((resolve) => child.on('exit', (code) => resolve({ code, out })));
  return { child, done };
}

const state = (s: ServiceName) => health(testStack()).then((h) => h[s]);
const until = async (s: ServiceName, want: string, timeoutMs = 20_000) =>
  expect.poll(() => state(s), { timeout: timeoutMs, interval: 100 }).toBe(want);

afterEach(async () => {
  for (const r of pendingRestorations(testStack())) process.kill(r.pid, 'SIGTERM');
  await faults.start('postgrest');
  await faults.start('redis');
});

describe('npm run chaos', () => {
  it('stop postgrest 5s: down at once, listed with its end, back by itself even when the command is killed', async () => {
    const run = chaos(['stop', 'postgrest', '5s']);
    await until('postgrest', 'down');
    // Interrupt the command as hard as possible: the restorer does not depend on it.
    try {
      process.kill(-run.child.pid!, 'SIGKILL');
    } catch {
      /* it had already finished */
    }
    const status = await chaos(['status']).done;
    expect(status.code).toBe(0);
    expect(status.out).toMatch(/postgrest\s+down\s+restarts at \d\d:\d\d:\d\d \(in \d s\)/);
    expect(status.out).toMatch(/redis\s+ready/);
    await until('postgrest', 'ready');
    // The restorer exits once it has seen PostgREST ready and logged it.
    await expect.poll(() => pendingRestorations(testStack()), { timeout: 5_000 }).toEqual([]);
    expect(readFileSync(paths(testStack().dir).log('chaos'), 'utf8')).toMatch(/postgrest: started/);
  });

  it('pause redis 3s: paused, then resumed on time', async () => {
    const run = await chaos(['pause', 'redis', '3s']).done;
    expect(run.code).toBe(0);
    expect(run.out).toMatch(/redis paused for 3 s: it resumes by itself at/);
    expect(await state('redis')).toBe('paused');
    await until('redis', 'ready', 10_000);
  });

  it('kill redis with no duration stays down until restart redis', async () => {
    const killed = await chaos(['kill', 'redis']).done;
    expect(killed.out).toContain('redis killed; bring it back with: npm run chaos -- start redis');
    expect(await state('redis')).toBe('down');
    await new Promise((r) => setTimeout(r, 1_000));
    expect(await state('redis')).toBe('down');
    const restarted = await chaos(['restart', 'redis']).done;
    expect(restarted).toMatchObject({ code: 0, out: 'redis restarted\n' });
    expect(await state('redis')).toBe('ready');
  });

  it('a repair ends a timed fault early and cancels its restorer', async () => {
    await chaos(['stop', 'redis', '60s']).done;
    expect(pendingRestorations(testStack()).map((r) => r.service)).toEqual(['redis']);
    const started = await chaos(['start', 'redis']).done;
    expect(started.code).toBe(0);
    expect(await state('redis')).toBe('ready');
    expect(pendingRestorations(testStack())).toEqual([]);
  });

  it('refuses to act when SUPABASE_URL points at another project, touching nothing', async () => {
    const run = await chaos(['stop', 'postgrest', '5s'], {
      SUPABASE_URL: 'https://xyz.supabase.co',
    }).done;
    expect(run.code).toBe(1);
    expect(run.out).toContain('chaos: refusing: SUPABASE_URL points to https://xyz.supabase.co');
    expect(await state('postgrest')).toBe('ready');
    expect(pendingRestorations(testStack())).toEqual([]);
  });

  it('says what to do when no such local stack runs', async () => {
    const child = spawn(
      process.execPath,
      [join(REPO_ROOT, 'scripts', 'chaos.ts'), 'kill', 'redis', '--stack', 'no-such-stack'],
      { cwd: REPO_ROOT },
    );
    let out = '';
    child.stderr.on('data', (d: Buffer) => (out += d));
    const code = await new Promise((r) => child.on('exit', r));
    expect(code).toBe(1);
    expect(out).toBe(
      'chaos: no local stack "no-such-stack" is running: start one with npm start (or npm run stack start)\n',
    );
  });
});
