// The signed-in user's notes: RLS decides what they see, through withAnonClient.
import { bearerToken, handle, parseJsonBody, parseQuery } from '@/lib/api';
import { createNote, listNotes } from '@/lib/notes';
import { createNoteBody, listNotesQuery } from './schema';

export const GET = handle('GET /api/notes', async (request) => {
  const token = bearerToken(request);
  const { limit } = parseQuery(request, listNotesQuery);
  return Response.json({ notes: await listNotes(token, limit, request.signal) });
});

export const POST = handle('POST /api/notes', async (request) => {
  const token = bearerToken(request);
  const body = await parseJsonBody(request, createNoteBody);
  return Response.json({ note: await createNote(token, body) }, { status: 201 });
});
