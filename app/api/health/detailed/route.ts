// GET /api/health/detailed?scope=…: everything (database figures for the scope, the fleet's by
// default), plus this instance's judgement, Redis and process (uptime, memory, event-loop delay).
import { handle, otherMethods, parseQuery, requireHealthAccess } from '@/lib/api';
import { getDetailed, httpStatusFor } from '@/lib/health';
import { scopeQuery } from '../schema';

export const dynamic = 'force-dynamic';

export const GET = handle('GET /api/health/detailed', async (request) => {
  requireHealthAccess(request);
  const { scope, windowMs } = parseQuery(request, scopeQuery);
  const detailed = await getDetailed(scope, windowMs);
  return Response.json(detailed, { status: httpStatusFor(detailed.health.status) });
});

export const { POST, PUT, PATCH, DELETE, OPTIONS } = otherMethods('/api/health/detailed', ['GET']);
