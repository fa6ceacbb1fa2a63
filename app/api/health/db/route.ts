// GET /api/health/db?scope=fleet|instance&instance=<id>&window=15m: pool, breaker and call figures
// per client kind (the fleet's by default), the database's own connection report, and this
// instance's probes. Needs the health token.
import { handle, otherMethods, parseQuery, requireHealthAccess } from '@/lib/api';
import { getDbDetails } from '@/lib/health';
import { scopeQuery } from '../schema';

export const dynamic = 'force-dynamic';

export const GET = handle('GET /api/health/db', async (request) => {
  requireHealthAccess(request);
  const { scope, windowMs } = parseQuery(request, scopeQuery);
  return Response.json(await getDbDetails(scope, windowMs));
});

export const { POST, PUT, PATCH, DELETE, OPTIONS } = otherMethods('/api/health/db', ['GET']);
