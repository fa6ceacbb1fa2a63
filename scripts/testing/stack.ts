// Test helpers: the running test stack, fault injection, gateway request counts and users.
import { randomUUID } from 'node:crypto';
import { inject } from 'vitest';
import {
  killService,
  mintUserToken,
  pauseReplay,
  pauseService,
  readState,
  replicaUrls,
  resumeReplay,
  restartService,
  resumeService,
  runSql,
  startService,
  stopService,
  type ServiceName,
  type StackState,
} from '../stack/index.ts';

export function testStack(): StackState {
  const state = readState(inject('stackName'));
  if (!state) throw new Error('the test stack is not running (global setup failed?)');
  return state;
}

export const faults = {
  stop: (s: ServiceName) => stopService(testStack(), s),
  kill: (s: ServiceName) => killService(testStack(), s),
  start: (s: ServiceName) => startService(testStack(), s),
  restart: (s: ServiceName) => restartService(testStack(), s),
  pause: (s: ServiceName) => pauseService(testStack(), s),
  resume: (s: ServiceName) => resumeService(testStack(), s),
  /** Replication lag: the replica keeps receiving WAL but stops applying it. */
  pauseReplay: () => pauseReplay(testStack()),
  resumeReplay: () => resumeReplay(testStack()),
};

/** The test stack's read replica URLs, as SUPABASE_READ_REPLICA_URLS takes them. */
export function testReplicaUrls(): string[] {
  return replicaUrls(testStack());
}

export interface GatewayStats {
  total: number;
  routes: Record<string, number>;
}

/** Requests the gateway forwarded since the last reset, per "METHOD /rest/v1/path". */
export async function gatewayStats(): Promise<GatewayStats> {
  const res = await fetch(`http://127.0.0.1:${testStack().ports.gateway}/__gateway/stats`);
  return (await res.json()) as GatewayStats;
}

/** A request the gateway forwarded: its route, W3C `traceparent` (if any) and answered status. */
export interface GatewayTraceEntry {
  readonly route: string;
  readonly traceparent: string | null;
  /** null while unanswered; 0 when the caller went away before the answer. */
  readonly status: number | null;
}

/** The latest requests the gateway forwarded since the last reset (at most 1000), oldest first. */
export async function gatewayTraceparents(): Promise<GatewayTraceEntry[]> {
  const res = await fetch(
    `http://127.0.0.1:${testStack().ports.gateway}/__gateway/stats?traceparents=1`,
  );
  return ((await res.json()) as { traceparents: GatewayTraceEntry[] }).traceparents;
}

export async function resetGatewayStats(): Promise<void> {
  await fetch(`http://127.0.0.1:${testStack().ports.gateway}/__gateway/stats`, {
    method: 'DELETE',
  });
}

/** Runs SQL as the superuser over the socket; returns psql's unaligned output. */
export function sql(query: string, target: 'primary' | 'replica' = 'primary'): Promise<string> {
  return runSql(testStack(), query, target);
}

/** Creates a user in auth.users and returns its id and an access token. */
export async function createUser(): Promise<{ id: string; accessToken: string }> {
  const id = randomUUID();
  await sql(`insert into auth.users (id, email) values ('${id}', '${id}@example.test')`);
  return { id, accessToken: await mintUserToken(testStack().jwtSecret, id) };
}
