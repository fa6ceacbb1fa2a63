// GET /api/health/history?window=5m|15m|1h|6h|24h&scope=fleet|instance&instance=<id>: the time
// series the dashboard charts (the fleet's, from Redis, by default), so a page opened now shows
// the whole window, even after every instance restarted. Needs the token.
import { handle, otherMethods, parseQuery, requireHealthAccess } from '@/lib/api';
import { getHistory } from '@/lib/health';
import { historyQuery } from '../schema';

export const dynamic = 'force-dynamic';

export const GET = handle('GET /api/health/history', async (request) => {
  requireHealthAccess(request);
  const { scope, windowMs } = parseQuery(request, historyQuery);
  return Response.json(await getHistory(windowMs, scope));
});

export const { POST, PUT, PATCH, DELETE, OPTIONS } = otherMethods('/api/health/history', ['GET']);
