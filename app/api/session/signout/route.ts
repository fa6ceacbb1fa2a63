// POST /api/session/signout: drops the dashboard session cookie (same-site requests only).
import {
  expiredSessionCookie,
  handle,
  otherMethods,
  parseQuery,
  requireSameOrigin,
} from '@/lib/api';
import { noQuery } from '../schema';

export const POST = handle('POST /api/session/signout', (request) => {
  requireSameOrigin(request);
  parseQuery(request, noQuery);
  const res = new Response(null, { status: 303, headers: { location: '/signin' } });
  res.headers.append('set-cookie', expiredSessionCookie(request));
  return res;
});

export const { GET, HEAD, PUT, PATCH, DELETE, OPTIONS } = otherMethods('/api/session/signout', [
  'POST',
]);
