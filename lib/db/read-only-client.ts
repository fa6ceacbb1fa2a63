// The client a replica-ok call receives: the same typed client, except that anything that would
// write throws DbReadOnlyError before a request is made. A replica cannot take writes, and a call
// that writes must fail the same way wherever it was routed, so the mistake shows in development.
import 'server-only';
import type { DbClient } from './clients';
import { DbReadOnlyError } from './db-errors';

const WRITES = new Set(['insert', 'update', 'upsert', 'delete']);

function refuse(what: string): never {
  throw new DbReadOnlyError(
    `${what} in a read-only call: a call with read: 'replica-ok' may only read (use read: 'primary' to write)`,
    { context: { operation: what } },
  );
}

function guardQuery<Q extends object>(query: Q, table: string): Q {
  return new Proxy(query, {
    get(target, prop, receiver) {
      if (typeof prop === 'string' && WRITES.has(prop)) return () => refuse(`${prop} on ${table}`);
      return Reflect.get(target, prop, receiver) as unknown;
    },
  });
}

interface Factory {
  from(table: string): object;
  rpc(fn: string, args?: unknown, opts?: { get?: boolean; head?: boolean }): unknown;
}

function guardFactory<F extends object>(factory: F): F {
  return new Proxy(factory, {
    get(target, prop, receiver) {
      const f = target as unknown as Factory;
      if (prop === 'from') return (table: string) => guardQuery(f.from(table), table);
      if (prop === 'rpc')
        return (fn: string, args?: unknown, opts?: { get?: boolean; head?: boolean }) => {
          // PostgREST runs GET/HEAD RPCs in a read-only transaction; POST ones may write.
          if (!opts?.get && !opts?.head) refuse(`rpc ${fn} (call it with { get: true } to read)`);
          return f.rpc(fn, args, opts);
        };
      if (prop === 'schema')
        return (name: string) =>
          guardFactory((target as unknown as { schema(n: string): object }).schema(name));
      return Reflect.get(target, prop, receiver) as unknown;
    },
  });
}

const guarded = new WeakMap<DbClient, DbClient>();

/** `client` with every write refused (memoized: one proxy per client). */
export function readOnlyClient(client: DbClient): DbClient {
  let g = guarded.get(client);
  if (!g) guarded.set(client, (g = guardFactory(client)));
  return g;
}
