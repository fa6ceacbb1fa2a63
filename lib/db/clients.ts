// The two Supabase clients of the process, created once (and kept across Next's dev reloads).
import 'server-only';
import { createClient, type SupabaseClient } from '@supabase/supabase-js';
import { serverEnv } from '../env';

type Kind = 'service' | 'anon';

const store = globalThis as typeof globalThis & {
  __supabaseClients?: Partial<Record<Kind, SupabaseClient>>;
};

const clientOptions = {
  auth: { persistSession: false, autoRefreshToken: false, detectSessionInUrl: false },
} as const;

/** The service-role client: bypasses RLS, server only. */
export function serviceClient(): SupabaseClient {
  const clients = (store.__supabaseClients ??= {});
  const env = serverEnv();
  return (clients.service ??= createClient(
    env.SUPABASE_URL,
    env.SUPABASE_SERVICE_ROLE_KEY,
    clientOptions,
  ));
}

/** The anon client: RLS applies; sees only what anonymous callers may. */
export function anonClient(): SupabaseClient {
  const clients = (store.__supabaseClients ??= {});
  const env = serverEnv();
  return (clients.anon ??= createClient(env.SUPABASE_URL, env.SUPABASE_ANON_KEY, clientOptions));
}

/** A client that runs as the user whose access token is given (RLS applies as that user). */
export function userClient(accessToken: string): SupabaseClient {
  const env = serverEnv();
  return createClient(env.SUPABASE_URL, env.SUPABASE_ANON_KEY, {
    ...clientOptions,
    accessToken: async () => accessToken,
  });
}
