// Types of the schema in supabase/migrations, in the shape `supabase gen types typescript`
// produces. Regenerate (or edit) when a migration changes a table or function.
export type Json = string | number | boolean | null | { [key: string]: Json | undefined } | Json[];

export type Database = {
  __InternalSupabase: { PostgrestVersion: '12' };
  public: {
    Tables: {
      notes: {
        Row: {
          id: number;
          user_id: string;
          title: string;
          body: string;
          idempotency_key: string | null;
          created_at: string;
          updated_at: string;
        };
        Insert: {
          user_id?: string;
          title: string;
          body?: string;
          idempotency_key?: string | null;
          created_at?: string;
          updated_at?: string;
        };
        Update: {
          user_id?: string;
          title?: string;
          body?: string;
          idempotency_key?: string | null;
          updated_at?: string;
        };
        Relationships: [];
      };
    };
    Views: { [_ in never]: never };
    Functions: {
      health_ping: { Args: never; Returns: number };
      health_db_connections: { Args: never; Returns: Json };
      health_replica_lag: { Args: never; Returns: Json };
      demo_slow_query: { Args: { ms: number }; Returns: number };
    };
    Enums: { [_ in never]: never };
    CompositeTypes: { [_ in never]: never };
  };
};

export type NoteRow = Database['public']['Tables']['notes']['Row'];

/** The report of public.health_db_connections(). */
export interface DbConnectionReport {
  total: number;
  active: number;
  idle: number;
  idle_in_transaction: number;
  waiting_on_locks: number;
  max_connections: number;
}
