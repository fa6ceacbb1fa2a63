-- Replication health read by the data layer's replica routing (lib/db/replica-*.ts): how far this
-- server's replay is behind its primary. On a primary (not in recovery) the lag is 0.
-- Lag: 0 while everything received is replayed (an idle primary sends nothing, so an old last
-- replay time is not lag); otherwise the age of the last replayed transaction, which keeps
-- growing while replay is paused or behind. Bytes: received but not yet replayed WAL.

create or replace function public.health_replica_lag()
returns json
language sql volatile
set search_path = ''
as $$
  select case
    when not pg_catalog.pg_is_in_recovery() then
      pg_catalog.json_build_object('in_recovery', false, 'lag_ms', 0, 'lag_bytes', 0)
    else pg_catalog.json_build_object(
      'in_recovery', true,
      'lag_ms', case
        when pg_catalog.pg_last_wal_receive_lsn() is null
          or pg_catalog.pg_last_wal_replay_lsn() is null then null
        when pg_catalog.pg_last_wal_receive_lsn() <= pg_catalog.pg_last_wal_replay_lsn() then 0
        when pg_catalog.pg_last_xact_replay_timestamp() is null then null
        else greatest(0, round(extract(epoch from
          (pg_catalog.clock_timestamp() - pg_catalog.pg_last_xact_replay_timestamp())) * 1000))
      end,
      'lag_bytes', coalesce(pg_catalog.pg_wal_lsn_diff(
        pg_catalog.pg_last_wal_receive_lsn(), pg_catalog.pg_last_wal_replay_lsn()), 0),
      'replay_paused', pg_catalog.pg_is_wal_replay_paused()
    )
  end
$$;

revoke all on function public.health_replica_lag() from public;
grant execute on function public.health_replica_lag() to anon, authenticated, service_role;
