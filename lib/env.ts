// Configuration: one zod schema, read once, failing with the variable's name and what is wrong.
import 'server-only';
import { z } from 'zod';

const serverSchema = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  SUPABASE_URL: z.url({ message: 'must be the project URL, e.g. https://xyz.supabase.co' }),
  SUPABASE_ANON_KEY: z.string().min(20, 'must be the project anon (publishable) key'),
  SUPABASE_SERVICE_ROLE_KEY: z.string().min(20, 'must be the project service-role key'),
  REDIS_URL: z.string().regex(/^rediss?:\/\//, 'must be a redis:// or rediss:// URL'),
});

export type ServerEnv = z.infer<typeof serverSchema>;

export class EnvError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'EnvError';
  }
}

/** Checks an environment and names each bad variable (never its value). */
export function parseServerEnv(source: Record<string, string | undefined>): ServerEnv {
  const result = serverSchema.safeParse(source);
  if (result.success) return result.data;
  const problems = result.error.issues.map((i) => {
    const key = i.path.join('.');
    return source[key] === undefined ? `${key} is not set` : `${key} ${i.message}`;
  });
  throw new EnvError(`invalid configuration: ${problems.join('; ')}`);
}

let cached: ServerEnv | undefined;

/**
 * The server configuration, parsed on first use.
 * @throws EnvError naming every missing or malformed variable.
 */
export function serverEnv(): ServerEnv {
  cached ??= parseServerEnv(process.env);
  return cached;
}
