// GET /api/health/redis: the cache's figures with the server's INFO and ping. Needs the token.
import { handle, otherMethods, parseQuery, requireHealthAccess } from '@/lib/api';
import { getRedisDetails } from '@/lib/health';
import { noQuery } from '../schema';

export const dynamic = 'force-dynamic';

export const GET = handle('GET /api/health/redis', async (request) => {
  requireHealthAccess(request);
  parseQuery(request, noQuery);
  return Response.json(await getRedisDetails());
});

export const { POST, PUT, PATCH, DELETE, OPTIONS } = otherMethods('/api/health/redis', ['GET']);
