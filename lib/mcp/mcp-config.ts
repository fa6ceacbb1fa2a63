// The Redis MCP server's settings, from its own environment (it needs no Supabase keys): the
// app's Redis and key prefix, what it may change, and where the app's health API is.
import { z } from 'zod';

const flag = z
  .enum(['0', '1', 'true', 'false'])
  .optional()
  .transform((v) => v === '1' || v === 'true');

const schema = z.object({
  REDIS_URL: z.string().regex(/^rediss?:\/\//, 'must be a redis:// or rediss:// URL'),
  REDIS_KEY_PREFIX: z
    .string()
    .regex(/^[A-Za-z0-9_.:-]{1,64}$/, 'must be 1-64 letters, digits or _ . : -')
    .default('app:'),
  REDIS_CONNECT_TIMEOUT_MS: z.coerce.number().int().positive().default(2_000),
  REDIS_COMMAND_TIMEOUT_MS: z.coerce.number().int().positive().default(1_000),
  /** Lists and allows redis_set, redis_delete and redis_delete_pattern. */
  MCP_REDIS_ALLOW_WRITES: flag,
  /** Also lists redis_flush (the app's keys only). Needs MCP_REDIS_ALLOW_WRITES too. */
  MCP_REDIS_ALLOW_DESTRUCTIVE: flag,
  /** The running app, for app_health (e.g. http://localhost:3000). */
  APP_URL: z.url().optional(),
  HEALTH_TOKEN: z.string().min(16).optional(),
});

export type McpConfig = z.infer<typeof schema>;

/** @throws Error naming each bad variable, never its value. */
export function parseMcpConfig(env: Record<string, string | undefined>): McpConfig {
  const r = schema.safeParse(env);
  if (r.success) return r.data;
  const problems = r.error.issues.map((i) => {
    const key = i.path.join('.');
    return env[key] === undefined ? `${key} is not set` : `${key} ${i.message}`;
  });
  throw new Error(`invalid configuration: ${problems.join('; ')}`);
}
