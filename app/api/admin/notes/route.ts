// Operators' overview of every user's notes, through withServiceClient (bypasses RLS).
import { handle, otherMethods, parseQuery, requireAdmin } from '@/lib/api';
import { notesOverview } from '@/lib/notes';
import { overviewQuery } from './schema';

export const GET = handle('GET /api/admin/notes', async (request) => {
  requireAdmin(request);
  const { limit } = parseQuery(request, overviewQuery);
  return Response.json(await notesOverview(limit));
});

export const { POST, PUT, PATCH, DELETE, OPTIONS } = otherMethods('/api/admin/notes', ['GET']);
