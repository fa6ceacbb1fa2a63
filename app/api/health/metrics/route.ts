// GET /api/health/metrics: Prometheus text exposition of the same figures. Needs the token.
import { handle, otherMethods, parseQuery, requireHealthAccess } from '@/lib/api';
import { metricsRegistry } from '@/lib/health';
import { noQuery } from '../schema';

export const dynamic = 'force-dynamic';

export const GET = handle('GET /api/health/metrics', async (request) => {
  requireHealthAccess(request);
  parseQuery(request, noQuery);
  const registry = metricsRegistry();
  return new Response(await registry.metrics(), {
    headers: { 'content-type': registry.contentType },
  });
});

export const { POST, PUT, PATCH, DELETE, OPTIONS } = otherMethods('/api/health/metrics', ['GET']);
