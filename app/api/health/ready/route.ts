// GET /api/health/ready: 503 while the database cannot be reached or a breaker is open (stop
// sending traffic here); Redis down alone keeps it ready, as the app degrades to the database.
// With the primary down but a read replica serving reads: 200, status "warn" (degraded).
import { handle, hasHealthAccess, otherMethods, parseQuery } from '@/lib/api';
import { HEALTH_JSON, getReadiness } from '@/lib/health';
import { noQuery } from '../schema';

export const dynamic = 'force-dynamic';

export const GET = handle('GET /api/health/ready', async (request) => {
  parseQuery(request, noQuery);
  const r = await getReadiness();
  const body = {
    status: !r.ready ? 'fail' : r.degraded ? 'warn' : 'pass',
    time: new Date().toISOString(),
    ...(hasHealthAccess(request) && r.reasons.length > 0 ? { output: r.reasons.join('; ') } : {}),
  };
  return Response.json(body, {
    status: r.ready ? 200 : 503,
    headers: { 'content-type': HEALTH_JSON },
  });
});

export const { POST, PUT, PATCH, DELETE, OPTIONS } = otherMethods('/api/health/ready', ['GET']);
