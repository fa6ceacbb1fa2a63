// GET /api/health/db: pool, breaker and call figures per client kind, the database's own
// connection report, and a live probe's round trip. Needs the health token.
import { handle, onlyGet, parseQuery } from '@/lib/api';
import { getDbDetails, requireHealthAccess } from '@/lib/health';
import { noQuery } from '../schema';

export const dynamic = 'force-dynamic';

export const GET = handle('GET /api/health/db', async (request) => {
  requireHealthAccess(request);
  parseQuery(request, noQuery);
  return Response.json(await getDbDetails());
});

export const { POST, PUT, PATCH, DELETE } = onlyGet('/api/health/db');
