// GET /api/health/ready: 503 while the database cannot be reached or a breaker is open (stop
// sending traffic here); Redis down alone keeps it ready, as the app degrades to the database.
import { handle, hasHealthAccess, otherMethods, parseQuery } from '@/lib/api';
import { HEALTH_JSON, getReadiness } from '@/lib/health';
import { noQuery } from '../schema';

export const dynamic = 'force-dynamic';

export const GET = handle('GET /api/health/ready', async (request) => {
  parseQuery(request, noQuery);
  const r = await getReadiness();
  const body = {
    status: r.ready ? 'pass' : 'fail',
    time: new Date().toISOString(),
    ...(hasHealthAccess(request) && !r.ready ? { output: r.reasons.join('; ') } : {}),
  };
  return Response.json(body, {
    status: r.ready ? 200 : 503,
    headers: { 'content-type': HEALTH_JSON },
  });
});

export const { POST, PUT, PATCH, DELETE, OPTIONS } = otherMethods('/api/health/ready', ['GET']);
