// The signed-in user's notes: RLS decides what they see, through withAnonClient.
import { bearerToken, handle, otherMethods, parseJsonBody, parseQuery } from '@/lib/api';
import { createNote, listNotes } from '@/lib/notes';
import { createNoteBody, createNoteQuery, listNotesQuery } from './schema';

export const GET = handle('GET /api/notes', async (request) => {
  const token = bearerToken(request);
  const { limit } = parseQuery(request, listNotesQuery);
  return Response.json({ notes: await listNotes(token, limit, request.signal) });
});

export const POST = handle('POST /api/notes', async (request) => {
  const token = bearerToken(request);
  parseQuery(request, createNoteQuery);
  const body = await parseJsonBody(request, createNoteBody);
  return Response.json({ note: await createNote(token, body) }, { status: 201 });
});

export const { PUT, PATCH, DELETE, OPTIONS } = otherMethods('/api/notes', ['GET', 'POST']);
