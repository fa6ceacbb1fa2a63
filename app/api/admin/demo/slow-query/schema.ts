import { z } from 'zod';

/** How long the database sleeps: long enough to be a slow call, short of every call timeout. */
export const slowQueryQuery = z.strictObject({
  ms: z.coerce.number().int().min(1).max(2_000).default(400),
});
