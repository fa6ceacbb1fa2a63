import { z } from 'zod';

/** The sign-in form or JSON body: the health token, nothing else. */
export const signInBody = z.strictObject({
  token: z
    .string({ message: 'token must be text' })
    .min(1, 'token must not be empty')
    .max(4096, 'token must be at most 4096 characters'),
});

/** Neither sign-in nor sign-out takes query parameters. */
export const noQuery = z.strictObject({});
