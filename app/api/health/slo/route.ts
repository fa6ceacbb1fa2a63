// GET /api/health/slo: the data layer's SLOs for the whole fleet, as the dashboard shows them
// beside the status banner: the error budget left over 30 days (partial until the daily counts
// in Redis cover them) and the burn rates over 5 min, 30 min, 1 h, 6 h and 3 days, for
// availability (99.9 %) and latency (99 % within 300 ms). Needs the health token.
import { handle, otherMethods, parseQuery, requireHealthAccess } from '@/lib/api';
import { getSlo } from '@/lib/health';
import { noQuery } from '../schema';

export const dynamic = 'force-dynamic';

export const GET = handle('GET /api/health/slo', async (request) => {
  requireHealthAccess(request);
  parseQuery(request, noQuery);
  return Response.json(await getSlo());
});

export const { POST, PUT, PATCH, DELETE, OPTIONS } = otherMethods('/api/health/slo', ['GET']);
