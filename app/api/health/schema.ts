// Query schemas of the health endpoints: none take parameters but /history.
import { z } from 'zod';

/** No parameters: anything given is refused with a 400 naming it. */
export const noQuery = z.strictObject({});

const WINDOWS = {
  '5m': 5 * 60_000,
  '15m': 15 * 60_000,
  '30m': 30 * 60_000,
  '1h': 60 * 60_000,
} as const;

export const historyQuery = z
  .strictObject({
    window: z.enum(Object.keys(WINDOWS) as [keyof typeof WINDOWS, ...(keyof typeof WINDOWS)[]], {
      message: `window must be one of ${Object.keys(WINDOWS).join(', ')}`,
    }),
  })
  .partial()
  .transform((q) => ({ windowMs: WINDOWS[q.window ?? '15m'] }));
