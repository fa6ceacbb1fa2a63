// npm start's failure messages and its clean shutdown on Ctrl-C.
import { spawn } from 'node:child_process';
import { createServer, type Server } from 'node:net';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import {
  REPO_ROOT,
  destroyStack,
  findProcesses,
  freePort,
  portInUse,
  readState,
  stackDir,
} from './stack/index.ts';

interface Run {
  code: number | null;
  output: string;
}

/** Runs scripts/start.ts with the given environment, without the test stack's variables. */
function start(env: Record<string, string>, args: string[] = [], detached = false) {
  const clean = { ...process.env };
  for (const k of [
    'SUPABASE_URL',
    'SUPABASE_ANON_KEY',
    'SUPABASE_SERVICE_ROLE_KEY',
    'REDIS_URL',
    'HEALTH_TOKEN',
  ])
    delete clean[k];
  const child = spawn(process.execPath, [join(REPO_ROOT, 'scripts', 'start.ts'), ...args], {
    cwd: REPO_ROOT,
    env: { ...clean, NEXT_TELEMETRY_DISABLED: '1', ...env },
    detached,
  });
  let output = '';
  child.stdout.on('data', (d) => (output += d));
  child.stderr.on('data', (d) => (output += d));
  const done = new Promise<Run>((resolve) => child.on('exit', (code) => resolve({ code, output })));
  return { child, done, output: () => output };
}

const stacks: string[] = [];
const groups: number[] = [];
afterEach(async () => {
  // A failed test must not leave its app running.
  for (const pgid of groups.splice(0)) {
    try {
      process.kill(-pgid, 'SIGKILL');
    } catch {
      /* already gone */
    }
  }
  for (const name of stacks.splice(0)) await destroyStack(name);
});

describe('npm start', () => {
  it('fails with a clear message when the port is taken', async () => {
    const port = await freePort();
    const server: Server = createServer().listen(port, '0.0.0.0');
    await new Promise((r) => server.once('listening', r));
    try {
      const run = await start({ PORT: String(port) }).done;
      expect(run.code).toBe(1);
      expect(run.output).toContain(`port ${port} is already in use`);
      expect(run.output).toContain(`PORT=${port + 1} npm start`);
    } finally {
      server.close();
    }
  });

  it('fails naming the missing binary and its Debian package', async () => {
    const name = `start-missing-${process.pid}`;
    stacks.push(name);
    const run = await start(
      { PORT: String(await freePort()), REDIS_SERVER_BIN: '/nonexistent/redis-server' },
      ['--stack-name', name],
    ).done;
    expect(run.code).toBe(1);
    expect(run.output).toMatch(/redis-server not found.*Debian package "redis-server"/);
    expect(findProcesses(stackDir(name))).toEqual([]);
  });

  it('refuses a half-set external configuration, naming what is missing', async () => {
    const run = await start({
      PORT: String(await freePort()),
      SUPABASE_URL: 'https://x.supabase.co',
    }).done;
    expect(run.code).toBe(1);
    expect(run.output).toMatch(/SUPABASE_ANON_KEY, SUPABASE_SERVICE_ROLE_KEY, REDIS_URL missing/);
  });

  it('refuses to run the production server on external services without HEALTH_TOKEN', async () => {
    const run = await start({
      PORT: String(await freePort()),
      SUPABASE_URL: 'https://x.supabase.co',
      SUPABASE_ANON_KEY: 'anon-key-anon-key-anon-key',
      SUPABASE_SERVICE_ROLE_KEY: 'service-key-service-key-service',
      REDIS_URL: 'redis://127.0.0.1:1',
    }).done;
    expect(run.code).toBe(1);
    expect(run.output).toMatch(/HEALTH_TOKEN must be set in production/);
    expect(run.output).not.toContain('service-key-service-key-service');
  });

  it('Ctrl-C stops Next and leaves none of the stack processes running', async () => {
    const name = `start-sigint-${process.pid}`;
    stacks.push(name);
    const port = await freePort();
    const app = start({ PORT: String(port) }, ['--dev', '--stack-name', name], true);
    groups.push(app.child.pid!);
    await expect
      .poll(async () => (readState(name)?.pids.gateway ?? 0) > 0 && (await portInUse(port)), {
        timeout: 45_000,
        interval: 200,
      })
      .toBe(true);
    const stackPids = findProcesses(stackDir(name));
    expect(stackPids.length).toBeGreaterThanOrEqual(4);
    // A terminal's Ctrl-C signals the whole foreground process group.
    process.kill(-app.child.pid!, 'SIGINT');
    const run = await app.done;
    expect(run.output).toContain(`stopping stack "${name}"`);
    expect(findProcesses(stackDir(name))).toEqual([]);
    expect(await portInUse(port)).toBe(false);
  });
});
