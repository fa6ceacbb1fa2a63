// Extra `next start` instances of the built app on the e2e stack, for tests that need a fleet:
// each is its own process (own port, pid and INSTANCE_ID) sharing the stack's database and Redis,
// as pods behind a load balancer do.
import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { appEnv, freePort, readState } from '../scripts/stack/index.ts';
import { healthToken } from './support';

export interface AppInstance {
  readonly id: string;
  readonly port: number;
  readonly url: string;
  readonly pid: number;
  /** SIGTERM (graceful), then SIGKILL after `graceMs`. */
  stop(graceMs?: number): Promise<void>;
  /** SIGKILL at once: a crash, no shutdown flush. */
  kill(): Promise<void>;
  /** Output so far, for failure messages. */
  output(): string;
}

const nextBin = join(process.cwd(), 'node_modules', 'next', 'dist', 'bin', 'next');

function exited(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => child.once('exit', () => resolve()));
}

/**
 * Starts `next start` on a free port with the e2e stack's configuration and the e2e health token,
 * and waits until it answers /api/health/live.
 * @throws Error with the instance's output when it does not come up within `timeoutMs`.
 */
export async function startInstance(
  opts: { id?: string; env?: Record<string, string>; timeoutMs?: number } = {},
): Promise<AppInstance> {
  const name = process.env.E2E_STACK;
  const state = name ? readState(name) : undefined;
  if (!state) throw new Error('the e2e stack is not running (run through playwright.config.ts)');
  const port = await freePort();
  const id = opts.id ?? `e2e-instance-${port}`;
  let out = '';
  const child = spawn(process.execPath, [nextBin, 'start', '-p', String(port)], {
    cwd: process.cwd(),
    env: {
      ...process.env,
      ...appEnv(state),
      HEALTH_TOKEN: healthToken(),
      INSTANCE_ID: id,
      NEXT_TELEMETRY_DISABLED: '1',
      // The app's own graceful shutdown handles SIGTERM (drain, last fleet flush), as npm start.
      NEXT_MANUAL_SIG_HANDLE: 'true',
      ...opts.env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout!.on('data', (d: Buffer) => (out = (out + d.toString()).slice(-20_000)));
  child.stderr!.on('data', (d: Buffer) => (out = (out + d.toString()).slice(-20_000)));
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + (opts.timeoutMs ?? 60_000);
  for (;;) {
    if (child.exitCode !== null) throw new Error(`instance ${id} exited:\n${out}`);
    const up = await fetch(`${url}/api/health/live`).then(
      (r) => r.ok,
      () => false,
    );
    if (up) break;
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`instance ${id} did not answer on ${url}:\n${out}`);
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  return {
    id,
    port,
    url,
    pid: child.pid!,
    async stop(graceMs = 10_000) {
      if (child.exitCode !== null) return;
      child.kill('SIGTERM');
      const t = setTimeout(() => child.kill('SIGKILL'), graceMs);
      await exited(child);
      clearTimeout(t);
    },
    async kill() {
      child.kill('SIGKILL');
      await exited(child);
    },
    output: () => out,
  };
}
