// GET /api/health/metrics: Prometheus text exposition of the same figures. Needs the token.
import { handle, onlyGet, parseQuery } from '@/lib/api';
import { metricsRegistry, requireHealthAccess } from '@/lib/health';
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

export const { POST, PUT, PATCH, DELETE } = onlyGet('/api/health/metrics');
