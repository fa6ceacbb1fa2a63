// GET /api/health/redis: the cache's figures with the server's INFO and ping. Needs the token.
import { handle, onlyGet, parseQuery } from '@/lib/api';
import { getRedisDetails, requireHealthAccess } from '@/lib/health';
import { noQuery } from '../schema';

export const dynamic = 'force-dynamic';

export const GET = handle('GET /api/health/redis', async (request) => {
  requireHealthAccess(request);
  parseQuery(request, noQuery);
  return Response.json(await getRedisDetails());
});

export const { POST, PUT, PATCH, DELETE } = onlyGet('/api/health/redis');
