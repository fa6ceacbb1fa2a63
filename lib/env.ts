// Configuration: one zod schema, read once, failing with the variable's name and what is wrong.
import 'server-only';
import { z } from 'zod';

// Optional numeric settings: unset means "use the default"; set means "must be valid".
const positiveInt = () =>
  z.coerce.number().int('must be a whole number').positive('must be > 0').optional();
const nonNegativeInt = () =>
  z.coerce.number().int('must be a whole number').min(0, 'must be ≥ 0').optional();
const ratio = () => z.coerce.number().gt(0, 'must be > 0').max(1, 'must be ≤ 1').optional();
// A comma-separated list of OpenTelemetry exporter names, as the SDK reads it.
const exporterList = (names: readonly string[]) =>
  z
    .string()
    .transform((v) =>
      v
        .split(',')
        .map((s) => s.trim())
        .filter(Boolean),
    )
    .refine((list) => list.every((n) => names.includes(n)), {
      message: `must be a comma-separated list of ${names.join(', ')}`,
    })
    .optional();

const serverSchema = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  // Which preset of settings (lib/db/db-config.ts): unset follows NODE_ENV.
  APP_ENV: z
    .enum(['development', 'staging', 'production'], {
      message: 'must be development, staging or production',
    })
    .optional(),
  SUPABASE_URL: z.url({ message: 'must be the project URL, e.g. https://xyz.supabase.co' }),
  SUPABASE_ANON_KEY: z.string().min(20, 'must be the project anon (publishable) key'),
  SUPABASE_SERVICE_ROLE_KEY: z.string().min(20, 'must be the project service-role key'),
  REDIS_URL: z.string().regex(/^rediss?:\/\//, 'must be a redis:// or rediss:// URL'),
  ADMIN_TOKEN: z.string().min(16, 'must be at least 16 characters').optional(),
  // Reverse proxies in front of the app that append to X-Forwarded-For (lib/api/forwarded.ts):
  // 0 = clients connect directly and the header is ignored.
  TRUSTED_PROXY_HOPS: z.coerce
    .number()
    .int('must be a whole number')
    .min(0, 'must be ≥ 0')
    .max(10, 'must be ≤ 10')
    .default(0),
  // --- health (lib/health): thresholds default to common practice ---
  HEALTH_TOKEN: z.string().min(16, 'must be at least 16 characters').optional(),
  HEALTH_UTILIZATION_WARN: ratio(),
  HEALTH_UTILIZATION_FAIL: ratio(),
  HEALTH_SUCCESS_RATE_WARN: ratio(),
  HEALTH_SUCCESS_RATE_FAIL: ratio(),
  HEALTH_P95_WARN_MS: positiveInt(),
  HEALTH_P95_FAIL_MS: positiveInt(),
  HEALTH_CACHE_HIT_RATE_WARN: ratio(),
  HEALTH_PROBE_TTL_MS: nonNegativeInt(),
  HEALTH_PROBE_TIMEOUT_MS: positiveInt(),
  // --- end health ---
  // --- database (lib/db): unset values take the preset for NODE_ENV (lib/db/db-config.ts) ---
  DB_POOL_SIZE: positiveInt(),
  DB_QUEUE_SIZE: nonNegativeInt(),
  DB_QUEUE_TIMEOUT_MS: positiveInt(),
  DB_TIMEOUT_MS: positiveInt(),
  DB_MAX_ATTEMPTS: positiveInt(),
  DB_BACKOFF_BASE_MS: positiveInt(),
  DB_BACKOFF_CAP_MS: positiveInt(),
  DB_RETRY_BUDGET_RATIO: ratio(),
  DB_RETRY_MIN_PER_SECOND: nonNegativeInt(),
  DB_BREAKER_FAILURE_RATE: ratio(),
  DB_BREAKER_MIN_CALLS: positiveInt(),
  DB_BREAKER_WINDOW_MS: positiveInt(),
  DB_BREAKER_CONSECUTIVE_FAILURES: positiveInt(),
  DB_BREAKER_RESET_MS: positiveInt(),
  DB_BREAKER_HALF_OPEN_PROBES: positiveInt(),
  DB_SLOW_CALL_MS: positiveInt(),
  // Read replicas (lib/db/replica-config.ts): unset means none, and every read goes to the primary.
  SUPABASE_READ_REPLICA_URLS: z.string().optional(),
  DB_FAILOVER_UTILIZATION: ratio(),
  DB_FAILOVER_RECOVER_UTILIZATION: ratio(),
  DB_FAILOVER_MIN_MS: nonNegativeInt(),
  DB_REPLICA_MAX_LAG_MS: positiveInt(),
  DB_REPLICA_LAG_PROBE_MS: positiveInt(),
  DB_MAX_OPERATIONS: z.coerce
    .number()
    .int('must be a whole number')
    .min(1, 'must be ≥ 1')
    .max(1_000, 'must be ≤ 1000 (every operation is a label value in Prometheus)')
    .optional(),
  /** A file to append every wrapped call to, as NDJSON (diagnostics; off when unset). */
  DB_CALL_LOG: z.string().min(1, 'must be a file path').optional(),
  // --- end database ---
  // --- cache (lib/cache): unset values take the defaults in lib/cache/cache-config.ts ---
  REDIS_KEY_PREFIX: z
    .string()
    .regex(/^[A-Za-z0-9_.:-]{1,64}$/, 'must be 1-64 letters, digits or _ . : -')
    .optional(),
  REDIS_CONNECT_TIMEOUT_MS: positiveInt(),
  REDIS_COMMAND_TIMEOUT_MS: positiveInt(),
  REDIS_MAX_RETRIES_PER_REQUEST: nonNegativeInt(),
  REDIS_RECONNECT_CAP_MS: positiveInt(),
  // No offline queue setting: it is always off (commands fail at once while disconnected); this
  // bounds the commands sent but not yet answered instead.
  REDIS_MAX_PENDING_COMMANDS: positiveInt(),
  // --- end cache ---
  // --- fleet (lib/fleet): how instances publish their figures to Redis ---
  INSTANCE_ID: z
    .string()
    .regex(/^[A-Za-z0-9_.:-]{1,100}$/, 'must be 1-100 letters, digits or _ . : -')
    .optional(),
  FLEET_FLUSH_MS: z.coerce
    .number()
    .int('must be a whole number')
    .min(1_000, 'must be ≥ 1000')
    .max(60_000, 'must be ≤ 60000')
    .optional(),
  FLEET_INSTANCE_TTL_MS: positiveInt(),
  // 0: no flush timer (a serverless process frozen between requests): publish after responses.
  FLEET_TIMER: z.enum(['0', '1'], { message: 'must be 0 or 1' }).optional(),
  FLEET_KEY_PREFIX: z
    .string()
    .regex(/^[A-Za-z0-9_.:-]{1,64}$/, 'must be 1-64 letters, digits or _ . : -')
    .optional(),
  // --- end fleet ---
  // --- OpenTelemetry (lib/telemetry): any of the first three turns it on; the SDK reads the
  // other standard OTEL_* variables itself (OTEL_BSP_*, OTEL_METRIC_EXPORT_INTERVAL, …) ---
  OTEL_EXPORTER_OTLP_ENDPOINT: z
    .url({ message: 'must be the OTLP base URL, e.g. http://localhost:4318' })
    .optional(),
  OTEL_TRACES_EXPORTER: exporterList(['otlp', 'console', 'none']),
  OTEL_METRICS_EXPORTER: exporterList(['otlp', 'console', 'prometheus', 'none']),
  OTEL_EXPORTER_OTLP_PROTOCOL: z
    .enum(['http/protobuf', 'http/json', 'grpc'], {
      message: 'must be http/protobuf, http/json or grpc',
    })
    .optional(),
  OTEL_SERVICE_NAME: z.string().min(1, 'must not be empty').optional(),
  OTEL_SDK_DISABLED: z
    .enum(['true', 'false'], { message: 'must be true or false' })
    .optional()
    .transform((v) => v === 'true'),
  // --- end OpenTelemetry ---
});

// Cross-field rules, checked after each variable's own.
const checkedSchema = serverSchema.superRefine((env, ctx) => {
  if (env.NODE_ENV === 'production' && !env.HEALTH_TOKEN) {
    ctx.addIssue({
      code: 'custom',
      path: ['HEALTH_TOKEN'],
      message: 'must be set in production: the detailed health endpoints and the dashboard need it',
    });
  }
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
  const result = checkedSchema.safeParse(source);
  if (result.success) return result.data;
  const problems = result.error.issues.map((i) => {
    const key = i.path.join('.');
    return source[key] === undefined && i.code !== 'custom'
      ? `${key} is not set`
      : `${key} ${i.message}`;
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
