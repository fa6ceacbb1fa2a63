// The demo app's data access: a signed-in user's notes (anon client + their JWT, RLS applies)
// and an admin overview (service-role client). Every call goes through lib/db.
import 'server-only';
import { withAnonClient, withServiceClient, type NoteRow } from '../db';

export type Note = Pick<NoteRow, 'id' | 'title' | 'body' | 'created_at'>;

export interface NewNote {
  readonly title: string;
  readonly body?: string;
  /** Makes the insert safe to retry: a second attempt with the same key lands once. */
  readonly idempotencyKey?: string;
}

const NOTE_COLUMNS = 'id, title, body, created_at';

/** The user's latest notes, newest first. */
export function listNotes(
  accessToken: string,
  limit: number,
  signal?: AbortSignal,
): Promise<Note[]> {
  return withAnonClient(
    (db) =>
      db.from('notes').select(NOTE_COLUMNS).order('created_at', { ascending: false }).limit(limit),
    { accessToken, context: 'notes.list', signal },
  );
}

/**
 * Creates a note owned by the user. With an idempotency key it is an upsert on that key, and
 * the wrapper may retry it; without one it is a plain insert and is never retried once sent.
 */
export function createNote(accessToken: string, note: NewNote): Promise<Note> {
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

/** Every user's notes at a glance, for operators (service role: bypasses RLS). */
export async function notesOverview(limit: number): Promise<NotesOverview> {
  const [latest, totalNotes] = await Promise.all([
    withServiceClient(
      (db) =>
        db
          .from('notes')
          .select(`${NOTE_COLUMNS}, user_id`)
          .order('created_at', { ascending: false })
          .limit(limit),
      { context: 'admin.notes.latest' },
    ),
    withServiceClient(
      async (db) => {
        const { count, error } = await db
          .from('notes')
          .select('id', { count: 'exact', head: true });
        return error ? { data: null, error } : { data: count ?? 0, error: null };
      },
      { context: 'admin.notes.count' },
    ),
  ]);
  return { totalNotes, latest };
}
