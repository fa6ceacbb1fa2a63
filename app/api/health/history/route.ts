// GET /api/health/history?window=5m|15m|30m|1h: the time series the dashboard charts, so a page
// opened now already shows the last hour. Needs the token.
import { handle, onlyGet, parseQuery } from '@/lib/api';
import { getHistory, requireHealthAccess } from '@/lib/health';
import { historyQuery } from '../schema';

export const dynamic = 'force-dynamic';

export const GET = handle('GET /api/health/history', async (request) => {
  requireHealthAccess(request);
  const { windowMs } = parseQuery(request, historyQuery);
  return Response.json(getHistory(windowMs));
});

export const { POST, PUT, PATCH, DELETE } = onlyGet('/api/health/history');
