// npm start: the dashboard on the embedded local stack (or on SUPABASE_URL/REDIS_URL when set).
// Ctrl-C stops Next and every process of the stack it started.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { prepareDemo, startDemoWorkload, warmStack, type DemoIdentity } from './demo-workload.ts';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { SystemPackagesError, ensureSystemPackages } from './setup/ensure-packages.ts';
import { PACKAGES_FOR } from './setup/missing-packages.ts';
import {
  MissingBinaryError,
  REPO_ROOT,
  appEnv,
  destroyStack,
  replicaUrls,
  portInUse,
  startStack,
  type StackState,
} from './stack/index.ts';

const EXTERNAL_VARS = [
  'SUPABASE_URL',
  'SUPABASE_ANON_KEY',
  'SUPABASE_SERVICE_ROLE_KEY',
  'REDIS_URL',
] as const;

const { values } = parseArgs({
  options: {
    dev: { type: 'boolean', default: false },
    'stack-name': { type: 'string', default: 'dev' },
    // Route replica-ok reads to the local stack's read replica (SUPABASE_READ_REPLICA_URLS).
    replica: { type: 'boolean', default: false },
  },
});

function fail(message: string): never {
  console.error(`npm start: ${message}`);
  process.exit(1);
}

const log = (line: string) => console.log(`[start] ${line}`);
log(`node ${process.version}`);

const port = Number(process.env.PORT ?? 3000);
if (!Number.isInteger(port) || port < 1 || port > 65535)
  fail(`PORT must be a port number, got "${process.env.PORT}"`);

const setVars = EXTERNAL_VARS.filter((k) => process.env[k]);
if (setVars.length > 0 && setVars.length < EXTERNAL_VARS.length) {
  const missing = EXTERNAL_VARS.filter((k) => !process.env[k]);
  fail(
    `${setVars.join(', ')} set but ${missing.join(', ')} missing: set all four to use your own Supabase and Redis, or none for the local stack.`,
  );
}

if (setVars.length === EXTERNAL_VARS.length && !values.dev && !process.env.HEALTH_TOKEN) {
  fail(
    'HEALTH_TOKEN must be set in production (npm start runs the production server): it protects the dashboard and the detailed health endpoints. Set it to a random string of 16+ characters, e.g. HEALTH_TOKEN=$(openssl rand -base64 24) npm start',
  );
}

if (await portInUse(port)) {
  fail(
    `port ${port} is already in use. Stop the process that holds it (e.g. "ss -ltnp 'sport = :${port}'"), or choose another: PORT=${port + 1} npm start`,
  );
}

let ownedStack: string | undefined;
let demo: { identity: DemoIdentity; state: StackState } | undefined;
// NEXT_MANUAL_SIG_HANDLE: the app's own shutdown (lib/startup/shutdown.ts) handles SIGTERM and
// SIGINT (drain calls, last fleet flush, close Redis) and exits; Next leaves the signals to it.
let env: NodeJS.ProcessEnv = {
  NEXT_TELEMETRY_DISABLED: '1',
  NEXT_MANUAL_SIG_HANDLE: 'true',
  ...process.env,
};
if (setVars.length === 0) {
  const name = values['stack-name'];
  try {
    ensureSystemPackages(PACKAGES_FOR.start, { log });
  } catch (err) {
    if (err instanceof SystemPackagesError) fail(err.message);
    throw err;
  }
  try {
    const { state, reused } = await startStack({
      name,
      owner: process.pid,
      log: (l) => log(`stack: ${l}`),
    });
    if (reused)
      log(`using the running stack "${name}" (started elsewhere; it is left running on exit)`);
    else ownedStack = name;
    env = { ...env, ...appEnv(state) };
    if (values.replica) {
      env.SUPABASE_READ_REPLICA_URLS = replicaUrls(state).join(',');
      log(`read replica on: replica-ok reads may go to ${env.SUPABASE_READ_REPLICA_URLS}`);
    }
    env.ADMIN_TOKEN ??= randomBytes(18).toString('base64url');
    if (env.DEMO_WORKLOAD !== '0')
      demo = { identity: await prepareDemo(state, env.ADMIN_TOKEN), state };
    if (!env.HEALTH_TOKEN && !values.dev) {
      // Production mode needs a token for the dashboard and detailed health endpoints; on the
      // local stack one is made for this run (set HEALTH_TOKEN to choose your own).
      env.HEALTH_TOKEN = randomBytes(18).toString('base64url');
      log(`dashboard sign-in token for this run: ${env.HEALTH_TOKEN}`);
    }
    log(
      `local stack "${name}": SUPABASE_URL ${appEnv(state).SUPABASE_URL}, Redis on 127.0.0.1:${state.ports.redis}`,
    );
  } catch (err) {
    if (err instanceof MissingBinaryError) fail(err.message);
    fail(`the local stack did not start: ${(err as Error).message}`);
  }
} else {
  log('using SUPABASE_URL and REDIS_URL from the environment; the local stack is not started');
}

let stopping = false;
const app: { next?: ChildProcess } = {};

async function shutdown(code: number): Promise<never> {
  if (stopping) return new Promise<never>(() => {});
  stopping = true;
  const next = app.next;
  if (next && next.exitCode === null) {
    next.kill('SIGTERM');
    await new Promise((r) => {
      const t = setTimeout(() => {
        next.kill('SIGKILL');
        r(undefined);
      }, 5000);
      next.once('exit', () => {
        clearTimeout(t);
        r(undefined);
      });
    });
  }
  if (ownedStack) {
    log(`stopping stack "${ownedStack}"`);
    await destroyStack(ownedStack);
  }
  process.exit(code);
}

for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
  process.on(signal, () => void shutdown(signal === 'SIGINT' ? 130 : 143));
}

/** A build is needed when there is none or a source file is newer than it. */
function buildIsStale(): boolean {
  const buildId = join(REPO_ROOT, '.next', 'BUILD_ID');
  if (!existsSync(buildId)) return true;
  const builtAt = statSync(buildId).mtimeMs;
  const newer = (dir: string): boolean =>
    existsSync(dir) &&
    readdirSync(dir, { withFileTypes: true }).some((e) =>
      e.isDirectory() ? newer(join(dir, e.name)) : statSync(join(dir, e.name)).mtimeMs > builtAt,
    );
  return (
    ['app', 'lib', 'components', 'hooks', 'public'].some((d) => newer(join(REPO_ROOT, d))) ||
    ['package.json', 'next.config.mjs', 'instrumentation.ts'].some(
      (f) => statSync(join(REPO_ROOT, f)).mtimeMs > builtAt,
    )
  );
}

const nextBin = join(REPO_ROOT, 'node_modules', 'next', 'dist', 'bin', 'next');
if (!values.dev && buildIsStale()) {
  log('building the app (next build)');
  const build = spawnSync(process.execPath, [nextBin, 'build'], {
    cwd: REPO_ROOT,
    env,
    stdio: 'inherit',
  });
  if (build.status !== 0) {
    console.error('npm start: next build failed');
    await shutdown(1);
  }
}
if (stopping) await new Promise(() => {});

const next = spawn(process.execPath, [nextBin, values.dev ? 'dev' : 'start', '-p', String(port)], {
  cwd: REPO_ROOT,
  env,
  stdio: 'inherit',
});
app.next = next;
log(`dashboard at http://localhost:${port}`);
next.on('exit', (code) => void shutdown(code ?? 1));

if (demo) {
  const base = `http://127.0.0.1:${port}`;
  const { identity, state } = demo;
  void (async () => {
    for (let i = 0; i < 600 && !stopping; i++) {
      const up = await fetch(`${base}/api/health/live`).then(
        (r) => r.ok,
        () => false,
      );
      if (up) {
        await warmStack(state);
        if (stopping) return;
        startDemoWorkload(base, identity);
        log(
          'demo workload running: reads, writes, slow queries and caller errors through the app (DEMO_WORKLOAD=0 turns it off); inject faults with npm run chaos',
        );
        return;
      }
      await new Promise((r) => setTimeout(r, 500));
    }
  })();
}
