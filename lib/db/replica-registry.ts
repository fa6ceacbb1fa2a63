// The process's read replicas and their router, made once from SUPABASE_READ_REPLICA_URLS (kept
// across Next's dev reloads); none when it is unset.
import 'server-only';
import { DeadlineTimer } from '../resilience';
import { serverEnv } from '../env';
import { createKindClient } from './clients';
import { dbConfig } from './db-config';
import { DbExecutor } from './db-executor';
import { ReadReplica } from './read-replica';
import { ReadRouter } from './read-router';
import { resolveReplicaConfig } from './replica-config';

const store = globalThis as typeof globalThis & {
  __dbReadRouter?: ReadRouter | null;
  __dbReplicaTimer?: DeadlineTimer;
};

/** The read router, or undefined when no replica is configured. Starts lag probing on first use. */
export function readRouter(): ReadRouter | undefined {
  if (store.__dbReadRouter === undefined) {
    const env = serverEnv();
    const config = resolveReplicaConfig(env);
    if (config.urls.length === 0) {
      store.__dbReadRouter = null;
    } else {
      store.__dbReplicaTimer ??= new DeadlineTimer({ resolutionMs: 5 });
      const replicas = config.urls.map(
        (url, i) =>
          new ReadReplica({
            name: `replica-${i + 1}`,
            host: new URL(url).host,
            // The anon key as apikey; service-role calls send the service key as their token.
            executor: new DbExecutor('replica', dbConfig(), {
              client: createKindClient('anon', env, undefined, url),
              timer: store.__dbReplicaTimer!,
            }),
            maxLagMs: config.maxLagMs,
            lagProbeMs: config.lagProbeMs,
          }),
      );
      store.__dbReadRouter = new ReadRouter(replicas, config);
      store.__dbReadRouter.start();
    }
  }
  return store.__dbReadRouter ?? undefined;
}

/** The router if it was already made (for snapshots that must not create it). */
export function existingReadRouter(): ReadRouter | undefined {
  return store.__dbReadRouter ?? undefined;
}

/** Stops lag probing and forgets the replicas (tests that change SUPABASE_READ_REPLICA_URLS). */
export function resetReadRouter(): void {
  store.__dbReadRouter?.stop();
  store.__dbReadRouter = undefined;
}
