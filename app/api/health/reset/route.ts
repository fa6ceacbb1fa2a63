// POST /api/health/reset: sets this instance's data-layer and cache figures back to zero (after
// publishing them to the fleet), as the seed's resetMetrics() did. Needs the health token; other
// methods get a 405.
import { handle, otherMethods, parseQuery, requireHealthAccess } from '@/lib/api';
import { resetMetrics } from '@/lib/health';
import { noQuery } from '../schema';

export const dynamic = 'force-dynamic';

export const POST = handle('POST /api/health/reset', async (request) => {
  requireHealthAccess(request);
  parseQuery(request, noQuery);
  return Response.json(await resetMetrics());
});

export const { GET, PUT, PATCH, DELETE, OPTIONS } = otherMethods('/api/health/reset', ['POST']);
