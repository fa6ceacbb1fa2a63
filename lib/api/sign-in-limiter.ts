// Failed sign-ins per client address: at most `maxFailures` in a fixed window, counted in Redis so
// that every instance shares the count, and in a bounded in-memory table while Redis is
// unreachable (each instance then counts on its own). An attempt is reserved before the token is
// checked and given back when it was right, so concurrent guesses cannot overshoot the limit.
import 'server-only';
import { createHash } from 'node:crypto';
import type { Redis } from 'ioredis';
import { cacheConfig, getRedisClient } from '../cache';
import { AppError, type AppErrorOptions } from '../errors';

/** Too many failed sign-ins from one address; `retryAfterMs` says when to try again. */
export class TooManyRequestsError extends AppError {
  readonly code = 'RATE_LIMITED' as const;
  readonly transient = true;
  readonly status = 429;
  readonly retryAfterMs: number;

  constructor(message: string, options: AppErrorOptions & { readonly retryAfterMs: number }) {
    super(message, options);
    this.retryAfterMs = options.retryAfterMs;
  }

  /** Sent as Retry-After by toResponse(). */
  override get retryAfterSeconds(): number {
    return Math.ceil(this.retryAfterMs / 1000);
  }
}

/** The outcome of reserving an attempt. */
export type SignInAttempt =
  | { readonly allowed: true; readonly failures: number; succeeded(): Promise<void> }
  | { readonly allowed: false; readonly retryAfterMs: number };

export interface SignInLimiterOptions {
  /** The Redis client to count in; undefined or not ready means "count in memory". */
  readonly client: () => Redis | undefined;
  /** Key namespace (the app's REDIS_KEY_PREFIX). */
  readonly prefix: string;
  readonly maxFailures?: number;
  readonly windowMs?: number;
  /** Addresses the in-memory table holds at most; the oldest give way beyond it. */
  readonly maxMemoryAddresses?: number;
  readonly now?: () => number;
}

// One round trip, atomic: count the attempt, start the window on the first one, and give a key
// that somehow lost its TTL a new one (a counter must never outlive its window).
const RESERVE = `
local n = redis.call('INCR', KEYS[1])
local ttl = redis.call('PTTL', KEYS[1])
if n == 1 or ttl < 0 then
  redis.call('PEXPIRE', KEYS[1], ARGV[1])
  ttl = tonumber(ARGV[1])
end
return {n, ttl}`;
// Gives an attempt back, unless the window has ended meanwhile (DECR would recreate the key
// without a TTL).
const RELEASE = `
if redis.call('PTTL', KEYS[1]) > 0 then return redis.call('DECR', KEYS[1]) end
return 0`;

interface Window {
  count: number;
  readonly endsAt: number;
}

function positive(name: string, value: number): number {
  if (!Number.isInteger(value) || value < 1)
    throw new RangeError(`${name} must be a whole number ≥ 1, got ${value}`);
  return value;
}

export class SignInLimiter {
  readonly maxFailures: number;
  readonly windowMs: number;
  private readonly maxMemoryAddresses: number;
  private readonly memory = new Map<string, Window>();
  private readonly now: () => number;
  private readonly opts: SignInLimiterOptions;

  /** @throws RangeError for a limit, window or table size that is not a whole number ≥ 1. */
  constructor(opts: SignInLimiterOptions) {
    this.opts = opts;
    this.maxFailures = positive('maxFailures', opts.maxFailures ?? 10);
    this.windowMs = positive('windowMs', opts.windowMs ?? 60_000);
    this.maxMemoryAddresses = positive('maxMemoryAddresses', opts.maxMemoryAddresses ?? 10_000);
    this.now = opts.now ?? Date.now;
  }

  /** Addresses counted in memory right now (bounded by `maxMemoryAddresses`). */
  get memorySize(): number {
    return this.memory.size;
  }

  /**
   * Reserves an attempt for `address` before its token is checked: refused once the window
   * holds `maxFailures`; call `succeeded()` when the token was right. Never rejects.
   */
  async attempt(address: string): Promise<SignInAttempt> {
    const key = `${this.opts.prefix}signin:failures:${createHash('sha256').update(address).digest('base64url').slice(0, 22)}`;
    const redis = this.readyClient();
    if (redis) {
      try {
        const [count, ttlMs] = (await redis.eval(RESERVE, 1, key, this.windowMs)) as [
          number,
          number,
        ];
        return this.verdict(count, ttlMs, () =>
          redis.eval(RELEASE, 1, key).then(
            () => undefined,
            () => undefined,
          ),
        );
      } catch {
        // Redis failed mid-way: count here instead, the limit must hold either way.
      }
    }
    return this.attemptInMemory(key);
  }

  private readyClient(): Redis | undefined {
    try {
      const client = this.opts.client();
      return client?.status === 'ready' ? client : undefined;
    } catch {
      return undefined;
    }
  }

  private verdict(count: number, ttlMs: number, release: () => Promise<void>): SignInAttempt {
    if (count > this.maxFailures) return { allowed: false, retryAfterMs: Math.max(1, ttlMs) };
    return { allowed: true, failures: count - 1, succeeded: release };
  }

  private attemptInMemory(key: string): SignInAttempt {
    const now = this.now();
    let window = this.memory.get(key);
    if (!window || window.endsAt <= now) {
      if (window) this.memory.delete(key);
      this.makeRoom(now);
      window = { count: 0, endsAt: now + this.windowMs };
      this.memory.set(key, window);
    }
    window.count += 1;
    const counted = window;
    return this.verdict(counted.count, counted.endsAt - now, async () => {
      if (counted.count > 0) counted.count -= 1;
    });
  }

  /** Drops ended windows, then the oldest, until one more address fits. */
  private makeRoom(now: number): void {
    if (this.memory.size < this.maxMemoryAddresses) return;
    for (const [key, window] of this.memory) if (window.endsAt <= now) this.memory.delete(key);
    for (const key of this.memory.keys()) {
      if (this.memory.size < this.maxMemoryAddresses) break;
      this.memory.delete(key);
    }
  }
}

interface LimiterGlobals {
  __signInLimiter?: SignInLimiter;
}
const store = globalThis as typeof globalThis & LimiterGlobals;

/**
 * The process's limiter: 10 failures a minute per address, on the shared Redis client under the
 * app's key prefix (kept on globalThis across Next's dev reloads).
 * @throws EnvError on first use when the environment is invalid.
 */
export function signInLimiter(): SignInLimiter {
  store.__signInLimiter ??= new SignInLimiter({
    client: getRedisClient,
    prefix: cacheConfig().keyPrefix,
  });
  return store.__signInLimiter;
}
