// Every /api path no route serves, for every method: a JSON 404 instead of Next's HTML page, so
// API clients always get `{ error: { code, message } }`. The path is not echoed back (it may be
// 10,000 characters long, or carry what should not be reflected).
import { handle } from '@/lib/api';
import { NotFoundError } from '@/lib/errors';

export const dynamic = 'force-dynamic';

const notFound = handle('/api/*', () => {
  throw new NotFoundError('no API endpoint at this path: see the README for the endpoints');
});

export {
  notFound as GET,
  notFound as HEAD,
  notFound as POST,
  notFound as PUT,
  notFound as PATCH,
  notFound as DELETE,
  notFound as OPTIONS,
};
