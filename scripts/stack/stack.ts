// The local Supabase-compatible stack: start, stop, report, and control single services.
import { execFile } from 'node:child_process';
import {
  chmodSync,
  chownSync,
  existsSync,
  mkdirSync,
  readFileSync,
  readdirSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { findBinaries, type StackBinaries } from './binaries.ts';
import { mintRoleKey, newSecret } from './keys.ts';
import { freePort } from './ports.ts';
import {
  findProcesses,
  isAlive,
  isPaused,
  killGroup,
  pauseGroup,
  resumeGroup,
  spawnDetached,
  stopGroup,
  tail,
  waitFor,
} from './processes.ts';
import {
  SERVICES,
  isReady,
  paths,
  postgresUser,
  postgrestConfig,
  redisConfig,
  spawnSpec,
  type ServiceName,
  type StackState,
} from './services.ts';

const run = promisify(execFile);

export const REPO_ROOT = resolve(import.meta.dirname, '..', '..');
export const STACK_ROOT = join(REPO_ROOT, '.stack');

export function stackDir(name: string): string {
  if (!/^[a-z0-9-]+$/.test(name))
    throw new RangeError(`stack name must be lowercase letters, digits or -: ${name}`);
  return join(STACK_ROOT, name);
}

export function readState(name: string): StackState | undefined {
  try {
    return JSON.parse(readFileSync(paths(stackDir(name)).state, 'utf8')) as StackState;
  } catch {
    return undefined;
  }
}

function writeSecretFile(file: string, content: string): void {
  writeFileSync(file, content, { mode: 0o600 });
  chmodSync(file, 0o600);
}

function saveState(state: StackState): void {
  writeSecretFile(paths(state.dir).state, JSON.stringify(state, null, 2));
  const env = appEnv(state);
  writeSecretFile(
    paths(state.dir).appEnv,
    Object.entries(env)
      .map(([k, v]) => `${k}=${v}`)
      .join('\n') + '\n',
  );
}

/** The configuration the app reads, as environment variables. */
export function appEnv(state: StackState): Record<string, string> {
  return {
    SUPABASE_URL: `http://127.0.0.1:${state.ports.gateway}`,
    SUPABASE_ANON_KEY: state.anonKey,
    SUPABASE_SERVICE_ROLE_KEY: state.serviceRoleKey,
    REDIS_URL: `redis://:${state.redisPassword}@127.0.0.1:${state.ports.redis}`,
  };
}

/**
 * The read replica's API URLs, as SUPABASE_READ_REPLICA_URLS takes them: the gateway serves the
 * replica's PostgREST under its own path, as a real project serves each replica on its own URL.
 * Not part of appEnv: the app runs without replicas unless it is given them.
 */
export function replicaUrls(state: StackState): string[] {
  return [`http://127.0.0.1:${state.ports.gateway}/replicas/1`];
}

/** Direct database access for tests and tooling (superuser over the socket). */
export function databaseUrl(state: StackState): string {
  return `postgresql://postgres@127.0.0.1:${state.ports.postgres}/postgres?host=${encodeURIComponent(paths(state.dir).pgSocket)}`;
}

export type StackHealth = Record<ServiceName, 'ready' | 'paused' | 'down'>;

export async function health(
  state: StackState,
  bins: StackBinaries = findBinaries(),
): Promise<StackHealth> {
  const entries = await Promise.all(
    SERVICES.map(async (s) => {
      const pid = state.pids[s];
      if (!pid || !isAlive(pid)) return [s, 'down'] as const;
      if (isPaused(pid)) return [s, 'paused'] as const;
      return [s, (await isReady(state, s, bins)) ? 'ready' : 'down'] as const;
    }),
  );
  return Object.fromEntries(entries) as StackHealth;
}

class StackStartError extends Error {}

async function launch(
  state: StackState,
  service: ServiceName,
  bins: StackBinaries,
): Promise<number> {
  const spec = spawnSpec(state, service, bins);
  const pid = spawnDetached(spec);
  const ready = await waitFor(
    async () => isAlive(pid) && (await isReady(state, service, bins)),
    20_000,
    50,
  );
  if (!ready) {
    killGroup(pid);
    throw new StackStartError(
      `${service} did not become ready (log ${spec.logFile}):\n${tail(spec.logFile, 15)}`,
    );
  }
  return pid;
}

/** Which PostgreSQL server a query goes to. */
export type SqlTarget = 'primary' | 'replica';

/** psql's arguments for the stack's superuser over its socket, stopping at the first error. */
function psqlArgs(state: StackState, target: SqlTarget = 'primary'): string[] {
  return [
    '-X',
    '-q',
    '-v',
    'ON_ERROR_STOP=1',
    '-h',
    paths(state.dir).pgSocket,
    '-p',
    String(target === 'replica' ? state.ports.replica : state.ports.postgres),
  ];
}

/** Runs SQL as the superuser; returns psql's unaligned, tuples-only output. */
export async function runSql(
  state: StackState,
  query: string,
  target: SqlTarget = 'primary',
): Promise<string> {
  const { stdout } = await run(findBinaries().psql, [
    ...psqlArgs(state, target),
    '-A',
    '-t',
    '-U',
    'postgres',
    '-d',
    'postgres',
    '-c',
    query,
  ]);
  return stdout.trim();
}

async function psql(
  state: StackState,
  bins: StackBinaries,
  file: string,
  vars: Record<string, string> = {},
) {
  const args = psqlArgs(state);
  for (const [k, v] of Object.entries(vars)) args.push('-v', `${k}=${v}`);
  args.push('-U', 'postgres', '-d', 'postgres', '-f', file);
  try {
    await run(bins.psql, args, {
      env: { ...process.env, PGOPTIONS: '-c client_min_messages=warning' },
    });
  } catch (err) {
    const stderr = (err as { stderr?: string }).stderr ?? String(err);
    throw new StackStartError(`applying ${file} failed:\n${stderr}`);
  }
}

/**
 * Clones the primary into the replica's folder with streaming replication settings written
 * (`-R`: standby.signal and primary_conninfo), WAL streamed during the copy (`-X stream`).
 */
async function baseBackup(state: StackState, bins: StackBinaries): Promise<void> {
  const p = paths(state.dir);
  await run(
    bins.pgBasebackup,
    [
      '-h',
      p.pgSocket,
      '-p',
      String(state.ports.postgres),
      '-U',
      'postgres',
      '-D',
      p.replicaData,
      '-R',
      '-X',
      'stream',
      '-c',
      'fast',
      '--no-sync',
    ],
    { ...(postgresUser() ?? {}) },
  ).catch((err: { stderr?: string }) => {
    throw new StackStartError(`pg_basebackup failed:\n${err.stderr ?? String(err)}`);
  });
}

/** SQL files in name order: the local bootstrap first, then the migrations. */
function sqlFiles(): { bootstrap: string[]; migrations: string[] } {
  const list = (dir: string) =>
    existsSync(dir)
      ? readdirSync(dir)
          .filter((f) => f.endsWith('.sql'))
          .sort()
          .map((f) => join(dir, f))
      : [];
  return {
    bootstrap: list(join(REPO_ROOT, 'supabase', 'bootstrap')),
    migrations: list(join(REPO_ROOT, 'supabase', 'migrations')),
  };
}

/** Kills every process of a stack, recorded or found by its folder, and removes the folder. */
export async function destroyStack(name: string): Promise<void> {
  const dir = stackDir(name);
  const state = readState(name);
  const pids = new Set<number>(Object.values(state?.pids ?? {}));
  for (const pid of findProcesses(dir)) pids.add(pid);
  // Dependents first, so PostgreSQL is not kept busy with reconnects while it stops.
  const order = state
    ? [
        state.pids.gateway,
        state.pids.postgrest,
        state.pids['replica-postgrest'],
        state.pids.redis,
        state.pids.replica,
        state.pids.postgres,
      ]
    : [];
  const postgresPids = [state?.pids.postgres, state?.pids.replica];
  for (const pid of order) {
    if (pid) await stopGroup(pid, postgresPids.includes(pid) ? 'SIGINT' : 'SIGTERM', 5000);
    pids.delete(pid);
  }
  await Promise.all([...pids].map((pid) => stopGroup(pid, 'SIGTERM', 3000)));
  rmSync(dir, { recursive: true, force: true });
}

/** Eight distinct free ports (the kernel may hand the same free port out twice in a row). */
async function stackPorts(): Promise<StackState['ports']> {
  const taken = new Set<number>();
  const next = async (): Promise<number> => {
    for (;;) {
      const port = await freePort();
      if (!taken.has(port)) return (taken.add(port), port);
    }
  };
  return {
    postgres: await next(),
    postgrest: await next(),
    postgrestAdmin: await next(),
    redis: await next(),
    gateway: await next(),
    replica: await next(),
    replicaPostgrest: await next(),
    replicaPostgrestAdmin: await next(),
  };
}

export interface StartOptions {
  readonly name: string;
  /** Process that owns the stack; a stack whose owner died is a leftover. */
  readonly owner?: number | null;
  readonly log?: (line: string) => void;
}

export interface StartResult {
  readonly state: StackState;
  readonly reused: boolean;
}

/**
 * Starts the stack, or returns the running one when it is healthy and its owner lives.
 * A crashed or orphaned stack is torn down and replaced.
 * @throws MissingBinaryError when a binary is missing; Error with the service's log otherwise.
 */
export async function startStack(opts: StartOptions): Promise<StartResult> {
  const log = opts.log ?? (() => {});
  const bins = findBinaries();
  const dir = stackDir(opts.name);
  const existing = readState(opts.name);
  if (existing) {
    const ownerAlive = existing.owner === null || isAlive(existing.owner);
    const h = await health(existing, bins);
    const allReady = SERVICES.every((s) => h[s] === 'ready');
    if (ownerAlive && allReady) return { state: existing, reused: true };
    const why = !ownerAlive
      ? `its owner (pid ${existing.owner}) is gone`
      : `not all services are ready (${JSON.stringify(h)})`;
    log(`replacing leftover stack "${opts.name}": ${why}`);
  }
  await destroyStack(opts.name);

  const p = paths(dir);
  // The folders are traversable (the postgres user must reach pg/); secrets are 0600 files.
  for (const d of [STACK_ROOT, dir, join(dir, 'logs')]) {
    mkdirSync(d, { recursive: true });
    chmodSync(d, 0o755);
  }
  for (const d of [join(dir, 'pg'), p.pgSocket, p.redisDir])
    mkdirSync(d, { recursive: true, mode: 0o700 });
  const jwtSecret = newSecret(32);
  let state: StackState = {
    version: 1,
    name: opts.name,
    dir,
    owner: opts.owner ?? null,
    startedAt: new Date().toISOString(),
    ports: await stackPorts(),
    jwtSecret,
    anonKey: await mintRoleKey(jwtSecret, 'anon'),
    serviceRoleKey: await mintRoleKey(jwtSecret, 'service_role'),
    authenticatorPassword: newSecret(18),
    redisPassword: newSecret(18),
    pids: { postgres: 0, postgrest: 0, redis: 0, gateway: 0, replica: 0, 'replica-postgrest': 0 },
  };
  const pids = { ...state.pids };
  const withPids = () => ({ ...state, pids: { ...pids } });
  try {
    const pgUser = postgresUser();
    if (pgUser) for (const d of [join(dir, 'pg'), p.pgSocket]) chownSync(d, pgUser.uid, pgUser.gid);
    log('initdb');
    await run(
      bins.initdb,
      [
        '-D',
        p.pgData,
        '-U',
        'postgres',
        '-E',
        'UTF8',
        '--no-locale',
        '--auth-local=trust',
        '--auth-host=scram-sha-256',
        '--no-sync',
      ],
      {
        ...(pgUser ?? {}),
      },
    ).catch((err: { stderr?: string }) => {
      throw new StackStartError(`initdb failed:\n${err.stderr ?? String(err)}`);
    });
    writeSecretFile(p.postgrestConf, postgrestConfig(state));
    writeSecretFile(p.replicaPostgrestConf, postgrestConfig(state, 'replica'));
    writeSecretFile(p.redisConf, redisConfig(state));
    writeSecretFile(
      p.gatewayConf,
      JSON.stringify({
        port: state.ports.gateway,
        upstream: `http://127.0.0.1:${state.ports.postgrest}`,
        replicas: [`http://127.0.0.1:${state.ports.replicaPostgrest}`],
        apiKeys: [state.anonKey, state.serviceRoleKey],
      }),
    );
    saveState(state);

    log(`postgres on ${state.ports.postgres}`);
    pids.postgres = await launch(state, 'postgres', bins);
    saveState((state = withPids()));
    const sql = sqlFiles();
    for (const f of sql.bootstrap)
      await psql(state, bins, f, { authenticator_password: state.authenticatorPassword });
    for (const f of sql.migrations) await psql(state, bins, f);

    log(
      `postgrest on ${state.ports.postgrest}, redis on ${state.ports.redis}, gateway on ${state.ports.gateway}, replica on ${state.ports.replica}`,
    );
    // The replica is cloned once the schema is loaded, while the other services start.
    const replicaReady = (async () => {
      await baseBackup(state, bins);
      pids.replica = await launch(state, 'replica', bins);
      pids['replica-postgrest'] = await launch(state, 'replica-postgrest', bins);
    })();
    const [postgrest, redis] = await Promise.all([
      launch(state, 'postgrest', bins),
      launch(state, 'redis', bins),
      replicaReady,
    ]);
    pids.postgrest = postgrest;
    pids.redis = redis;
    saveState((state = withPids()));
    pids.gateway = await launch(state, 'gateway', bins);
    saveState((state = withPids()));
    return { state, reused: false };
  } catch (err) {
    saveState(withPids());
    await destroyStack(opts.name).catch(() => {});
    throw err;
  }
}

/** Stops every process of the named stack and removes its folder. Harmless when not running. */
export async function stopStack(name: string): Promise<void> {
  await destroyStack(name);
}

// ---- single-service control, for fault-injection tests ----

function pidOf(state: StackState, service: ServiceName): number {
  const current = readState(state.name) ?? state;
  return current.pids[service];
}

function setPid(state: StackState, service: ServiceName, pid: number): StackState {
  const current = readState(state.name) ?? state;
  const next = { ...current, pids: { ...current.pids, [service]: pid } };
  saveState(next);
  return next;
}

const isPostgres = (service: ServiceName) => service === 'postgres' || service === 'replica';

/** Graceful stop (PostgreSQL: fast shutdown). */
export async function stopService(state: StackState, service: ServiceName): Promise<void> {
  await stopGroup(pidOf(state, service), isPostgres(service) ? 'SIGINT' : 'SIGTERM', 5000);
}

/** SIGKILL: a crash. */
export async function killService(state: StackState, service: ServiceName): Promise<void> {
  const pid = pidOf(state, service);
  killGroup(pid);
  await waitFor(() => !isAlive(pid), 3000, 10);
}

export function pauseService(state: StackState, service: ServiceName): void {
  pauseGroup(pidOf(state, service));
}

export function resumeService(state: StackState, service: ServiceName): void {
  resumeGroup(pidOf(state, service));
}

/** Starts a stopped service on its old port and waits until it is ready. */
export async function startService(state: StackState, service: ServiceName): Promise<StackState> {
  const bins = findBinaries();
  const current = readState(state.name) ?? state;
  const old = current.pids[service];
  if (old && isAlive(old)) {
    if (isPaused(old)) resumeGroup(old);
    if (await isReady(current, service, bins)) return current;
    await stopGroup(old, isPostgres(service) ? 'SIGINT' : 'SIGTERM', 5000);
  }
  const pid = await launch(current, service, bins);
  return setPid(current, service, pid);
}

export async function restartService(state: StackState, service: ServiceName): Promise<StackState> {
  await stopService(state, service);
  return startService(state, service);
}

// ---- replication lag, for fault-injection tests ----

/** Pauses WAL replay on the replica: it keeps receiving WAL but applies none (growing lag). */
export async function pauseReplay(state: StackState): Promise<void> {
  await runSql(state, 'select pg_wal_replay_pause()', 'replica');
}

/** Resumes WAL replay on the replica: it catches up with what it received. */
export async function resumeReplay(state: StackState): Promise<void> {
  await runSql(state, 'select pg_wal_replay_resume()', 'replica');
}

/** Whether WAL replay on the replica is paused. */
export async function replayPaused(state: StackState): Promise<boolean> {
  return (await runSql(state, 'select pg_is_wal_replay_paused()', 'replica')) === 't';
}
