// A replica-ok read: refused writes, routed by the read router, and served by a replica when it
// failed on the primary for a reason a replica does not share (unavailable, timed out, breaker
// open, pool full) — the failover pool's "retries move to it".
import 'server-only';
import { isAppError } from '../errors';
import { serverEnv } from '../env';
import type { DbCallOptions, Unwrapped } from './call-options';
import type { ClientKind } from './client-kind';
import type { DbClient } from './clients';
import type { DbExecutor } from './db-executor';
import type { ReadOptions } from './read-options';
import { readOnlyClient } from './read-only-client';
import type { ReadReplica } from './read-replica';
import type { ReadRouter } from './read-router';
import { readRouter } from './replica-registry';

/** Failures of the primary that a replica may not share. */
function primaryFailure(err: unknown): boolean {
  return (
    isAppError(err) && err.transient && err.code !== 'SHUTTING_DOWN' && err.code !== 'DB_CONFLICT'
  );
}

function onReplica<R>(
  replica: ReadReplica,
  kind: ClientKind,
  fn: (client: DbClient) => R,
  opts: DbCallOptions,
  accessToken: string | undefined,
): Promise<Unwrapped<Awaited<R>>> {
  // A replica's client carries the anon key; a service-role call sends the service key instead.
  const token =
    accessToken ?? (kind === 'service' ? serverEnv().SUPABASE_SERVICE_ROLE_KEY : undefined);
  return replica.executor.run(fn, opts, token);
}

/**
 * Runs a replica-ok read of `kind` where the router sends it (by default the process's router;
 * null: no replicas).
 * @throws DbReadOnlyError when `fn` tries to write; otherwise like DbExecutor.run.
 */
export async function routedRead<R>(
  kind: ClientKind,
  primary: DbExecutor,
  fn: (client: DbClient) => R,
  opts: DbCallOptions & ReadOptions,
  accessToken: string | undefined,
  router: ReadRouter | null = readRouter() ?? null,
): Promise<Unwrapped<Awaited<R>>> {
  const guarded = (client: DbClient) => fn(readOnlyClient(client));
  if (!router) return primary.run(guarded, opts, accessToken);
  const c = router.config;
  const pinned = opts.pin?.pinned(c.maxLagMs + c.lagProbeMs) ?? false;
  const route = router.route(kind, primary, pinned);
  if (route.to === 'replica') return onReplica(route.replica, kind, guarded, opts, accessToken);
  try {
    return await primary.run(guarded, opts, accessToken);
  } catch (err) {
    if (pinned || opts.signal?.aborted || !primaryFailure(err)) throw err;
    const replica = router.fallback();
    if (!replica) throw err;
    return onReplica(replica, kind, guarded, opts, accessToken);
  }
}
