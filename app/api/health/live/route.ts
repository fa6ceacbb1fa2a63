// GET /api/health/live: the process answers. Checks no dependency, so a database outage never
// gets the process restarted.
import { handle, otherMethods, parseQuery } from '@/lib/api';
import { HEALTH_JSON } from '@/lib/health';
import { noQuery } from '../schema';

export const dynamic = 'force-dynamic';

export const GET = handle('GET /api/health/live', (request) => {
  parseQuery(request, noQuery);
  return Response.json(
    { status: 'pass', time: new Date().toISOString() },
    { headers: { 'content-type': HEALTH_JSON } },
  );
});

export const { POST, PUT, PATCH, DELETE, OPTIONS } = otherMethods('/api/health/live', ['GET']);
