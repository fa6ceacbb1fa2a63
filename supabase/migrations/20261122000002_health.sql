-- Health functions read by /api/health: a cheap ping, and a connection report.

create or replace function public.health_ping()
returns integer
language sql stable
set search_path = ''
as $$ select 1 $$;

revoke all on function public.health_ping() from public;
grant execute on function public.health_ping() to anon, authenticated, service_role;

-- Connections as pg_stat_activity sees them. SECURITY DEFINER so the counts cover every
-- session, not only the caller's; execution is restricted to service_role below.
create or replace function public.health_db_connections()
returns json
language sql stable
security definer
set search_path = ''
as $$
  select json_build_object(
    'total', count(*),
    'active', count(*) filter (where a.state = 'active'),
    'idle', count(*) filter (where a.state = 'idle'),
    'idle_in_transaction', count(*) filter (where a.state like 'idle in transaction%'),
    'waiting_on_locks', count(*) filter (where a.wait_event_type = 'Lock'),
    'max_connections', pg_catalog.current_setting('max_connections')::int
  )
  from pg_catalog.pg_stat_activity a
  where a.backend_type = 'client backend'
$$;

revoke all on function public.health_db_connections() from public, anon, authenticated;
grant execute on function public.health_db_connections() to service_role;
