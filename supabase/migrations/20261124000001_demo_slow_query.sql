-- A deliberately slow query for the demo workload and load tests: sleeps `ms` milliseconds on
-- the server, then answers with them. Bounded (at most 5 s), and callable by the service role
-- only, so no client key can use it to tie up database connections.
create or replace function public.demo_slow_query(ms integer)
returns integer
language plpgsql
volatile
set search_path = ''
as $$
begin
  if ms is null or ms < 0 or ms > 5000 then
    raise exception 'ms must be between 0 and 5000, got %', ms using errcode = '22023';
  end if;
  perform pg_catalog.pg_sleep(ms / 1000.0);
  return ms;
end
$$;

-- Supabase grants execute on new public functions to anon and authenticated by default.
revoke all on function public.demo_slow_query(integer) from public, anon, authenticated;
grant execute on function public.demo_slow_query(integer) to service_role;
