// A deliberately slow query for operators and the demo workload: the database sleeps (the
// demo_slow_query RPC, pg_sleep) through withServiceClient, so the call is timed, recorded and
// listed among the slow calls like any other. Needs the admin token.
import { handle, otherMethods, parseQuery, requireAdmin } from '@/lib/api';
import { withServiceClient } from '@/lib/db';
import { slowQueryQuery } from './schema';

export const GET = handle('GET /api/admin/demo/slow-query', async (request) => {
  requireAdmin(request);
  const { ms } = parseQuery(request, slowQueryQuery);
  const sleptMs = await withServiceClient((db) => db.rpc('demo_slow_query', { ms }), {
    context: 'demo.slow_query',
    // Sleeping changes nothing, so a retried attempt is harmless.
    idempotent: true,
    signal: request.signal,
  });
  return Response.json({ sleptMs });
});

export const { POST, PUT, PATCH, DELETE, OPTIONS } = otherMethods('/api/admin/demo/slow-query', [
  'GET',
]);
