// The demo app's data access: a signed-in user's notes (anon client + their JWT, RLS applies)
// and an admin overview (service-role client). Every call goes through lib/db.
import 'server-only';
import { createHash } from 'node:crypto';
import { decodeJwt } from 'jose';
import { cached, invalidatePattern } from '../cache';
import { withAnonClient, withServiceClient, type NoteRow } from '../db';

export type Note = Pick<NoteRow, 'id' | 'title' | 'body' | 'created_at'>;

export interface NewNote {
  readonly title: string;
  readonly body?: string;
  /** Makes the insert safe to retry: a second attempt with the same key lands once. */
  readonly idempotencyKey?: string;
}

const NOTE_COLUMNS = 'id, title, body, created_at';

const LIST_TTL_SECONDS = 30;
const OVERVIEW_TTL_SECONDS = 10;

/**
 * The `sub` claim, read without verifying the token: only used to group cache keys for
 * invalidation. Reads are keyed by a hash of the whole token too, so a forged token never meets
 * another user's cached rows (and the database, with RLS, refuses it).
 */
function subject(accessToken: string): string {
  try {
    const { sub } = decodeJwt(accessToken);
    return typeof sub === 'string' && /^[A-Za-z0-9-]{1,64}$/.test(sub) ? sub : 'unknown';
  } catch {
    return 'unknown';
  }
}

const tokenHash = (token: string) =>
  createHash('sha256').update(token).digest('base64url').slice(0, 22);

/** The user's latest notes, newest first; cached per user and token for 30 s. */
export function listNotes(
  accessToken: string,
  limit: number,
  signal?: AbortSignal,
): Promise<Note[]> {
  return cached(
    `notes:${subject(accessToken)}:${tokenHash(accessToken)}:${limit}`,
    LIST_TTL_SECONDS,
    () =>
      withAnonClient(
        (db) =>
          db
            .from('notes')
            .select(NOTE_COLUMNS)
            .order('created_at', { ascending: false })
            .limit(limit),
        {
          accessToken,
          context: 'notes.list',
          signal,
        },
      ),
  );
}

/** Drops the user's cached lists and the admin overview after a write. */
async function invalidateFor(accessToken: string): Promise<void> {
  await Promise.all([
    invalidatePattern(`notes:${subject(accessToken)}:*`),
    invalidatePattern('admin:notes:*'),
  ]);
}

/**
 * Creates a note owned by the user. With an idempotency key it is an upsert on that key, and
 * the wrapper may retry it; without one it is a plain insert and is never retried once sent.
 */
export async function createNote(accessToken: string, note: NewNote): Promise<Note> {
  const created = await insertNote(accessToken, note);
  await invalidateFor(accessToken);
  return created;
}

function insertNote(accessToken: string, note: NewNote): Promise<Note> {
  const row = {
    title: note.title,
    body: note.body ?? '',
    idempotency_key: note.idempotencyKey ?? null,
  };
  if (note.idempotencyKey) {
    return withAnonClient(
      (db) =>
        db
          .from('notes')
          .upsert(row, { onConflict: 'idempotency_key' })
          .select(NOTE_COLUMNS)
          .single(),
      { accessToken, context: 'notes.create', idempotent: true },
    );
  }
  return withAnonClient((db) => db.from('notes').insert(row).select(NOTE_COLUMNS).single(), {
    accessToken,
    context: 'notes.create',
  });
}

export interface NotesOverview {
  readonly totalNotes: number;
  readonly latest: Array<Note & { user_id: string }>;
}

/** Every user's notes at a glance, for operators (service role: bypasses RLS); cached 10 s. */
export function notesOverview(limit: number): Promise<NotesOverview> {
  return cached(`admin:notes:${limit}`, OVERVIEW_TTL_SECONDS, () => loadOverview(limit));
}

async function loadOverview(limit: number): Promise<NotesOverview> {
  const [latest, totalNotes] = await Promise.all([
    withServiceClient(
      (db) =>
        db
          .from('notes')
          .select(`${NOTE_COLUMNS}, user_id`)
          .order('created_at', { ascending: false })
          .limit(limit),
      // Cached for 10 s anyway: a replica's bounded lag is fine, so it may serve it (failover).
      { context: 'admin.notes.latest', read: 'replica-ok' },
    ),
    withServiceClient(
      async (db) => {
        const { count, error } = await db
          .from('notes')
          .select('id', { count: 'exact', head: true });
        return error ? { data: null, error } : { data: count ?? 0, error: null };
      },
      { context: 'admin.notes.count', read: 'replica-ok' },
    ),
  ]);
  return { totalNotes, latest };
}
