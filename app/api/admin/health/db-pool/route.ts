// GET /api/admin/health/db-pool: the database pools at a glance (status, utilization, success
// rate, average / p95 / p99 response time, circuit state, requests) per client kind and overall,
// under the path the pool manager this project replaces served it. Same access as
// /api/health/db: the health token (or the dashboard's session).
import { handle, otherMethods, parseQuery } from '@/lib/api';
import { getDbSnapshot } from '@/lib/db';
import { getHealth, requireHealthAccess } from '@/lib/health';
import { noQuery } from '@/app/api/health/schema';
import { poolSummary } from './pool-summary';

export const dynamic = 'force-dynamic';

export const GET = handle('GET /api/admin/health/db-pool', async (request) => {
  requireHealthAccess(request);
  parseQuery(request, noQuery);
  // The health report first: its (shared, cached) probes judge each kind; then the figures.
  const health = await getHealth();
  return Response.json(poolSummary(getDbSnapshot(), health.components, new Date()));
});

export const { POST, PUT, PATCH, DELETE, OPTIONS } = otherMethods('/api/admin/health/db-pool', [
  'GET',
]);
