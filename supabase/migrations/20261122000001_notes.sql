-- Sample schema for the demo routes: notes owned by a user, visible only to that user.
create table if not exists public.notes (
  id bigint generated always as identity primary key,
  user_id uuid not null default auth.uid() references auth.users (id) on delete cascade,
  title text not null check (char_length(title) between 1 and 200),
  body text not null default '' check (char_length(body) <= 10000),
  -- A caller-chosen key that makes a retried insert land once (upsert on conflict).
  idempotency_key uuid unique,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);

create index if not exists notes_user_id_created_at_idx on public.notes (user_id, created_at desc);

alter table public.notes enable row level security;

create policy notes_select_own on public.notes
  for select to authenticated using ((select auth.uid()) = user_id);
create policy notes_insert_own on public.notes
  for insert to authenticated with check ((select auth.uid()) = user_id);
create policy notes_update_own on public.notes
  for update to authenticated using ((select auth.uid()) = user_id)
  with check ((select auth.uid()) = user_id);
create policy notes_delete_own on public.notes
  for delete to authenticated using ((select auth.uid()) = user_id);
