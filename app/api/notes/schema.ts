import { z } from 'zod';

export const listNotesQuery = z.strictObject({
  limit: z.coerce.number().int().min(1).max(100).default(20),
});

export const createNoteBody = z.strictObject({
  title: z.string().trim().min(1).max(200),
  body: z.string().max(10_000).optional(),
  idempotencyKey: z.uuid().optional(),
});

/** Creating a note takes no query parameters. */
export const createNoteQuery = z.strictObject({});
