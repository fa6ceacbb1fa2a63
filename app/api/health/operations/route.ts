// GET /api/health/operations?scope=fleet|instance&instance=<id>&window=15m[&kind=…&operation=…]:
// figures per operation (the call's context, or the table and operation of its first request),
// the fleet's by default: calls/s, error %, latency percentiles, refusals, retries and a
// two-minute trend; with kind and operation, that operation over time and its slow calls. Needs
// the health token.
import { handle, otherMethods, parseQuery, requireHealthAccess } from '@/lib/api';
import { getOperations } from '@/lib/health';
import { operationsQuery } from '../schema';

export const dynamic = 'force-dynamic';

export const GET = handle('GET /api/health/operations', async (request) => {
  requireHealthAccess(request);
  const { scope, windowMs, only } = parseQuery(request, operationsQuery);
  return Response.json(await getOperations(scope, windowMs, only));
});

export const { POST, PUT, PATCH, DELETE, OPTIONS } = otherMethods('/api/health/operations', [
  'GET',
]);
