// GET /api/health/detailed: everything, plus the process (uptime, memory, event-loop delay).
import { handle, onlyGet, parseQuery } from '@/lib/api';
import { getDetailed, httpStatusFor, requireHealthAccess } from '@/lib/health';
import { noQuery } from '../schema';

export const dynamic = 'force-dynamic';

export const GET = handle('GET /api/health/detailed', async (request) => {
  requireHealthAccess(request);
  parseQuery(request, noQuery);
  const detailed = await getDetailed();
  return Response.json(detailed, { status: httpStatusFor(detailed.health.status) });
});

export const { POST, PUT, PATCH, DELETE } = onlyGet('/api/health/detailed');
