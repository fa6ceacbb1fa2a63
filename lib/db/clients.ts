// The two Supabase clients of the process, one per kind, created once (kept across Next's dev
// reloads). A user's access token does not need a client of its own: the data layer's fetch
// sends it with the requests of the call that asked for it.
import 'server-only';
import { createClient, type SupabaseClient } from '@supabase/supabase-js';
import type { Database } from './database.types';
import { serverEnv } from '../env';
import { createDbFetch } from './db-fetch';
import { ATTEMPT_HEADER, attemptMarker } from './attempt-context';
import type { ClientKind } from './client-kind';

/** Tags a query builder created inside a wrapped call with that call's attempt. */
function tag<B>(builder: B): B {
  const marker = attemptMarker();
  const headers = (builder as { headers?: unknown }).headers;
  if (marker !== null && headers instanceof Headers) headers.set(ATTEMPT_HEADER, marker);
  return builder;
}

interface BuilderFactory {
  from(...args: unknown[]): unknown;
  rpc(...args: unknown[]): unknown;
}

function tagBuilders<T extends BuilderFactory>(target: T): T {
  const from = target.from.bind(target);
  const rpc = target.rpc.bind(target);
  target.from = (...args) => tag(from(...args));
  target.rpc = (...args) => tag(rpc(...args));
  return target;
}

/** supabase-js asks for a token per request; the data layer's fetch sets the real one. */
const noSessionToken = async () => null;

/**
 * Builds a client for `kind`: no session persistence or refresh, no realtime connection (opened
 * only if a channel is used), supabase-js's own retries off (the wrapper owns retries, so the
 * number of HTTP requests per call stays within DB_MAX_ATTEMPTS). Its builders are tagged with
 * the attempt that created them and its fetch joins each request to that attempt (see
 * attempt-context.ts); such a client has no `auth` API, which the data layer does not use.
 */
export function createKindClient(
  kind: ClientKind,
  env = serverEnv(),
  send?: Parameters<typeof createDbFetch>[1],
  /** A read replica's API URL instead of SUPABASE_URL. */
  url: string = env.SUPABASE_URL,
): DbClient {
  const key = kind === 'service' ? env.SUPABASE_SERVICE_ROLE_KEY : env.SUPABASE_ANON_KEY;
  const client = createClient<Database>(url, key, {
    auth: { persistSession: false, autoRefreshToken: false, detectSessionInUrl: false },
    db: { retry: false },
    accessToken: noSessionToken,
    global: { fetch: createDbFetch(key, send) },
  });
  const factory = client as unknown as BuilderFactory & { schema(name: string): BuilderFactory };
  tagBuilders(factory);
  const schema = factory.schema.bind(client);
  factory.schema = (name: string) => tagBuilders(schema(name));
  return client;
}

/** The typed client a wrapped callback receives. */
export type DbClient = SupabaseClient<Database>;
