// The kinds of Supabase client the data layer wraps, each with its own breaker, pool and metrics.

export const CLIENT_KINDS = ['service', 'anon'] as const;

/** `service`: the service-role key (bypasses RLS, server only); `anon`: the anon key, or a user's token. */
export type ClientKind = (typeof CLIENT_KINDS)[number];

/** What an executor serves: one of the primary's client kinds, or a read replica. */
export type ExecutorKind = ClientKind | 'replica';
