import { z } from 'zod';

export const overviewQuery = z.strictObject({
  limit: z.coerce.number().int().min(1).max(100).default(20),
});
