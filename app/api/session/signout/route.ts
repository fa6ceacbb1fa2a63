// POST /api/session/signout: drops the dashboard session cookie.
import { handle } from '@/lib/api';
import { SESSION_COOKIE } from '@/lib/health';

export const POST = handle('POST /api/session/signout', () => {
  const res = new Response(null, { status: 303, headers: { location: '/signin' } });
  res.headers.append(
    'set-cookie',
    `${SESSION_COOKIE}=; Path=/; HttpOnly; SameSite=Strict; Max-Age=0`,
  );
  return res;
});
