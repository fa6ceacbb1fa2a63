// Data-layer settings: a preset per environment, overridden by DB_* variables, checked as a whole.
import 'server-only';
import { serverEnv, type ServerEnv } from '../env';

export interface DbConfig {
  readonly poolSize: number;
  readonly queueSize: number;
  readonly queueTimeoutMs: number;
  readonly timeoutMs: number;
  /** Attempts per wrapped call, the first included; also the bound on its HTTP requests. */
  readonly maxAttempts: number;
  readonly backoffBaseMs: number;
  readonly backoffCapMs: number;
  readonly retryBudgetRatio: number;
  readonly retryMinPerSecond: number;
  readonly breakerFailureRate: number;
  readonly breakerMinCalls: number;
  readonly breakerWindowMs: number;
  readonly breakerConsecutiveFailures: number;
  readonly breakerResetMs: number;
  readonly breakerHalfOpenProbes: number;
  readonly slowCallMs: number;
  /** Operations whose figures are kept apart (more go under `other`). */
  readonly maxOperations: number;
}

export const DB_PRESETS = {
  development: {
    poolSize: 10,
    // 10 in flight + 200 waiting: the seed's load test of 200 concurrent calls fits.
    queueSize: 200,
    queueTimeoutMs: 2_000,
    timeoutMs: 5_000,
    maxAttempts: 3,
    backoffBaseMs: 50,
    backoffCapMs: 1_000,
    retryBudgetRatio: 0.2,
    retryMinPerSecond: 5,
    breakerFailureRate: 0.5,
    breakerMinCalls: 10,
    breakerWindowMs: 10_000,
    breakerConsecutiveFailures: 5,
    breakerResetMs: 5_000,
    breakerHalfOpenProbes: 2,
    slowCallMs: 100,
    maxOperations: 100,
  },
  // Staging rehearses production's behaviour with more patience while people look at it.
  staging: {
    poolSize: 15,
    queueSize: 200,
    queueTimeoutMs: 1_500,
    timeoutMs: 4_000,
    maxAttempts: 3,
    backoffBaseMs: 100,
    backoffCapMs: 2_000,
    retryBudgetRatio: 0.1,
    retryMinPerSecond: 10,
    breakerFailureRate: 0.5,
    breakerMinCalls: 20,
    breakerWindowMs: 30_000,
    breakerConsecutiveFailures: 10,
    breakerResetMs: 10_000,
    breakerHalfOpenProbes: 3,
    slowCallMs: 100,
    maxOperations: 100,
  },
  // Production favours shedding load over waiting: shorter queues and timeouts, a longer
  // window and reset so one blip does not flap the breaker, a tighter retry budget.
  production: {
    poolSize: 20,
    queueSize: 200,
    queueTimeoutMs: 1_000,
    timeoutMs: 3_000,
    maxAttempts: 3,
    backoffBaseMs: 100,
    backoffCapMs: 2_000,
    retryBudgetRatio: 0.1,
    retryMinPerSecond: 10,
    breakerFailureRate: 0.5,
    breakerMinCalls: 20,
    breakerWindowMs: 30_000,
    breakerConsecutiveFailures: 10,
    breakerResetMs: 15_000,
    breakerHalfOpenProbes: 3,
    slowCallMs: 100,
    maxOperations: 100,
  },
} as const satisfies Record<string, DbConfig>;

const OVERRIDES = {
  poolSize: 'DB_POOL_SIZE',
  queueSize: 'DB_QUEUE_SIZE',
  queueTimeoutMs: 'DB_QUEUE_TIMEOUT_MS',
  timeoutMs: 'DB_TIMEOUT_MS',
  maxAttempts: 'DB_MAX_ATTEMPTS',
  backoffBaseMs: 'DB_BACKOFF_BASE_MS',
  backoffCapMs: 'DB_BACKOFF_CAP_MS',
  retryBudgetRatio: 'DB_RETRY_BUDGET_RATIO',
  retryMinPerSecond: 'DB_RETRY_MIN_PER_SECOND',
  breakerFailureRate: 'DB_BREAKER_FAILURE_RATE',
  breakerMinCalls: 'DB_BREAKER_MIN_CALLS',
  breakerWindowMs: 'DB_BREAKER_WINDOW_MS',
  breakerConsecutiveFailures: 'DB_BREAKER_CONSECUTIVE_FAILURES',
  breakerResetMs: 'DB_BREAKER_RESET_MS',
  breakerHalfOpenProbes: 'DB_BREAKER_HALF_OPEN_PROBES',
  slowCallMs: 'DB_SLOW_CALL_MS',
  maxOperations: 'DB_MAX_OPERATIONS',
} as const satisfies Record<keyof DbConfig, keyof ServerEnv>;

export type DbPresetName = keyof typeof DB_PRESETS;

/** APP_ENV when set, else production for NODE_ENV=production and development otherwise. */
export function presetName(env: ServerEnv): DbPresetName {
  return env.APP_ENV ?? (env.NODE_ENV === 'production' ? 'production' : 'development');
}

/**
 * The preset for the environment (APP_ENV, else NODE_ENV) with every DB_* variable that is set
 * applied on top, checked as a whole.
 * @throws RangeError when settings contradict each other (e.g. backoff cap below its base).
 */
export function resolveDbConfig(env: ServerEnv): DbConfig {
  const preset = DB_PRESETS[presetName(env)];
  const config: Record<string, number> = { ...preset };
  for (const [key, variable] of Object.entries(OVERRIDES)) {
    const value = env[variable];
    if (value !== undefined) config[key] = value;
  }
  const c = config as unknown as DbConfig;
  if (c.backoffCapMs < c.backoffBaseMs) {
    throw new RangeError(
      `DB_BACKOFF_CAP_MS (${c.backoffCapMs}) must be ≥ DB_BACKOFF_BASE_MS (${c.backoffBaseMs})`,
    );
  }
  if (c.maxAttempts > 10) throw new RangeError(`DB_MAX_ATTEMPTS (${c.maxAttempts}) must be ≤ 10`);
  if (c.breakerHalfOpenProbes > c.poolSize) {
    throw new RangeError(
      `DB_BREAKER_HALF_OPEN_PROBES (${c.breakerHalfOpenProbes}) must be ≤ DB_POOL_SIZE (${c.poolSize}): the probes must fit in the pool`,
    );
  }
  if (c.slowCallMs >= c.timeoutMs * c.maxAttempts) {
    throw new RangeError(
      `DB_SLOW_CALL_MS (${c.slowCallMs}) must be below DB_TIMEOUT_MS × DB_MAX_ATTEMPTS (${c.timeoutMs * c.maxAttempts}): no call could be that slow`,
    );
  }
  return c;
}

let cached: DbConfig | undefined;

/** The process's data-layer settings, resolved once. */
export function dbConfig(): DbConfig {
  cached ??= resolveDbConfig(serverEnv());
  return cached;
}
