// GET /api/health: overall pass / warn / fail with one check per component. 200 for pass and
// warn, 503 for fail. Figures only with the health token (or when none is configured).
import { handle, hasHealthAccess, otherMethods, parseQuery } from '@/lib/api';
import { HEALTH_JSON, getHealth, httpStatusFor, toHealthJson } from '@/lib/health';
import { noQuery } from './schema';

export const dynamic = 'force-dynamic';

export const GET = handle('GET /api/health', async (request) => {
  parseQuery(request, noQuery);
  const report = await getHealth();
  return Response.json(toHealthJson(report, hasHealthAccess(request)), {
    status: httpStatusFor(report.status),
    headers: { 'content-type': HEALTH_JSON },
  });
});

export const { POST, PUT, PATCH, DELETE, OPTIONS } = otherMethods('/api/health', ['GET']);
