// How each service of the local stack is launched and how its readiness is checked.
import { execFile } from 'node:child_process';
import { connect } from 'node:net';
import { join } from 'node:path';
import type { StackBinaries } from './binaries.ts';
import type { SpawnSpec } from './processes.ts';
import { systemUser } from './processes.ts';

export const SERVICES = [
  'postgres',
  'postgrest',
  'redis',
  'gateway',
  // A hot-standby streaming replica of `postgres` and the PostgREST that serves it (read replica).
  'replica',
  'replica-postgrest',
] as const;
export type ServiceName = (typeof SERVICES)[number];

export interface StackPorts {
  readonly postgres: number;
  readonly postgrest: number;
  readonly postgrestAdmin: number;
  readonly redis: number;
  readonly gateway: number;
  readonly replica: number;
  readonly replicaPostgrest: number;
  readonly replicaPostgrestAdmin: number;
}

export interface StackState {
  readonly version: 1;
  readonly name: string;
  readonly dir: string;
  /** The process that owns the stack and stops it on exit; null when started from the CLI. */
  readonly owner: number | null;
  readonly startedAt: string;
  readonly ports: StackPorts;
  readonly jwtSecret: string;
  readonly anonKey: string;
  readonly serviceRoleKey: string;
  readonly authenticatorPassword: string;
  readonly redisPassword: string;
  readonly pids: Record<ServiceName, number>;
}

export const paths = (dir: string) => ({
  state: join(dir, 'state.json'),
  appEnv: join(dir, 'app.env'),
  pgData: join(dir, 'pg', 'data'),
  pgSocket: join(dir, 'pg', 'sock'),
  postgrestConf: join(dir, 'postgrest.conf'),
  replicaData: join(dir, 'pg', 'replica'),
  replicaPostgrestConf: join(dir, 'replica-postgrest.conf'),
  redisDir: join(dir, 'redis'),
  redisConf: join(dir, 'redis', 'redis.conf'),
  gatewayConf: join(dir, 'gateway.json'),
  log: (service: ServiceName | 'initdb' | 'migrate' | 'chaos' | 'basebackup') =>
    join(dir, 'logs', `${service}.log`),
});

/** Server processes refuse to run as root; when we are root they run as the postgres user. */
export function postgresUser(): { uid: number; gid: number } | undefined {
  if (process.getuid?.() !== 0) return undefined;
  const user = systemUser('postgres');
  if (!user)
    throw new Error(
      'running as root needs a "postgres" system user (apt-get install -y postgresql)',
    );
  return user;
}

/** The server's arguments for a data folder, port and socket folder. */
function postgresArgs(data: string, port: number, socket: string): string[] {
  return [
    '-D',
    data,
    '-p',
    String(port),
    '-k',
    socket,
    '-c',
    'listen_addresses=127.0.0.1',
    '-c',
    'max_connections=100',
    // A throwaway development cluster: durability is traded for speed.
    '-c',
    'fsync=off',
    '-c',
    'synchronous_commit=off',
    '-c',
    'full_page_writes=off',
  ];
}

export function spawnSpec(state: StackState, service: ServiceName, bins: StackBinaries): SpawnSpec {
  const p = paths(state.dir);
  const logFile = p.log(service);
  switch (service) {
    case 'postgres':
      return {
        command: bins.postgres,
        args: postgresArgs(p.pgData, state.ports.postgres, p.pgSocket),
        logFile,
        ...postgresUser(),
      };
    case 'replica':
      return {
        command: bins.postgres,
        // Its data folder holds standby.signal and primary_conninfo (pg_basebackup -R).
        args: [
          ...postgresArgs(p.replicaData, state.ports.replica, p.pgSocket),
          '-c',
          'hot_standby=on',
          // Queries on the standby are not cancelled by vacuum on the primary.
          '-c',
          'hot_standby_feedback=on',
        ],
        logFile,
        ...postgresUser(),
      };
    case 'postgrest':
    case 'replica-postgrest':
      return {
        command: bins.postgrest,
        args: [service === 'postgrest' ? p.postgrestConf : p.replicaPostgrestConf],
        logFile,
        cwd: state.dir,
        env: { PATH: process.env.PATH ?? '' },
      };
    case 'redis':
      return { command: bins.redisServer, args: [p.redisConf], logFile, cwd: p.redisDir };
    case 'gateway':
      return {
        command: process.execPath,
        args: [join(import.meta.dirname, 'gateway.ts'), p.gatewayConf],
        logFile,
        cwd: state.dir,
      };
  }
}

/** Database connections PostgREST keeps (opened on demand, closed after 30 s idle). */
export const POSTGREST_DB_POOL = 10;

/** PostgREST's configuration: on the primary, or (`replica`) on the hot standby. */
export function postgrestConfig(
  state: StackState,
  target: 'primary' | 'replica' = 'primary',
): string {
  const onReplica = target === 'replica';
  const dbPort = onReplica ? state.ports.replica : state.ports.postgres;
  const uri = `postgres://authenticator:${state.authenticatorPassword}@127.0.0.1:${dbPort}/postgres`;
  return [
    `db-uri = "${uri}"`,
    `db-schemas = "public"`,
    `db-anon-role = "anon"`,
    `db-pool = ${POSTGREST_DB_POOL}`,
    `db-pool-acquisition-timeout = 5`,
    `jwt-secret = "${state.jwtSecret}"`,
    `server-host = "127.0.0.1"`,
    `server-port = ${onReplica ? state.ports.replicaPostgrest : state.ports.postgrest}`,
    `admin-server-port = ${onReplica ? state.ports.replicaPostgrestAdmin : state.ports.postgrestAdmin}`,
    `log-level = "warn"`,
    '',
  ].join('\n');
}

export function redisConfig(state: StackState): string {
  return [
    `port ${state.ports.redis}`,
    'bind 127.0.0.1',
    'protected-mode yes',
    'save ""',
    'appendonly no',
    `dir ${paths(state.dir).redisDir}`,
    `requirepass ${state.redisPassword}`,
    // A cache's usual setting: bounded memory, least-recently-used keys evicted first.
    'maxmemory 64mb',
    'maxmemory-policy allkeys-lru',
    '',
  ].join('\n');
}

function httpOk(url: string, timeoutMs = 1000): Promise<boolean> {
  return fetch(url, { signal: AbortSignal.timeout(timeoutMs) })
    .then((r) => r.ok)
    .catch(() => false);
}

function redisPing(port: number, password: string, timeoutMs = 1000): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    let buffer = '';
    const done = (ok: boolean) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(timeoutMs, () => done(false));
    socket.on('error', () => done(false));
    socket.on('connect', () => socket.write(`AUTH ${password}\r\nPING\r\n`));
    socket.on('data', (chunk) => {
      buffer += chunk.toString();
      if (buffer.includes('+PONG')) done(true);
      else if (buffer.includes('-')) done(false);
    });
  });
}

function pgReady(bins: StackBinaries, state: StackState, port: number): Promise<boolean> {
  return new Promise((resolve) => {
    execFile(
      bins.pgIsReady,
      ['-q', '-h', paths(state.dir).pgSocket, '-p', String(port), '-t', '1'],
      (err) => resolve(!err),
    );
  });
}

/** One readiness check per service: true when it serves requests. */
export function isReady(
  state: StackState,
  service: ServiceName,
  bins: StackBinaries,
): Promise<boolean> {
  switch (service) {
    case 'postgres':
      return pgReady(bins, state, state.ports.postgres);
    case 'replica':
      return pgReady(bins, state, state.ports.replica);
    case 'postgrest':
      return httpOk(`http://127.0.0.1:${state.ports.postgrestAdmin}/ready`);
    case 'replica-postgrest':
      return httpOk(`http://127.0.0.1:${state.ports.replicaPostgrestAdmin}/ready`);
    case 'redis':
      return redisPing(state.ports.redis, state.redisPassword);
    case 'gateway':
      return httpOk(`http://127.0.0.1:${state.ports.gateway}/__gateway/health`);
  }
}
