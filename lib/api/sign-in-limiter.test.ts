import { describe, expect, it } from 'vitest';
import { SignInLimiter } from './sign-in-limiter';

// Redis unavailable: the limiter counts in memory (the Redis path is in the session route's
// integration test against the real server).
function memoryLimiter(opts: { maxMemoryAddresses?: number } = {}) {
  let now = 1_000_000;
  const limiter = new SignInLimiter({
    client: () => undefined,
    prefix: 'test:',
    now: () => now,
    ...opts,
  });
  return { limiter, advance: (ms: number) => (now += ms) };
}

describe('SignInLimiter in memory', () => {
  it('refuses the 11th failure in a window, with the time left, until the window ends', async () => {
    const { limiter, advance } = memoryLimiter();
    for (let i = 0; i < 10; i++) expect((await limiter.attempt('a')).allowed).toBe(true);
    advance(15_000);
    expect(await limiter.attempt('a')).toEqual({ allowed: false, retryAfterMs: 45_000 });
    expect((await limiter.attempt('b')).allowed).toBe(true);
    advance(45_000);
    expect((await limiter.attempt('a')).allowed).toBe(true);
  });

  it('does not count attempts that succeeded', async () => {
    const { limiter } = memoryLimiter();
    for (let i = 0; i < 30; i++) {
      const attempt = await limiter.attempt('a');
      expect(attempt.allowed).toBe(true);
      if (attempt.allowed) await attempt.succeeded();
    }
  });

  it('holds at most maxMemoryAddresses, dropping the oldest', async () => {
    const { limiter } = memoryLimiter({ maxMemoryAddresses: 100 });
    for (let i = 0; i < 10; i++) await limiter.attempt('first');
    for (let i = 0; i < 10_000; i++) await limiter.attempt(`addr-${i}`);
    expect(limiter.memorySize).toBe(100);
    expect((await limiter.attempt('first')).allowed).toBe(true);
  });

  it('checks its options', () => {
    expect(
      () => new SignInLimiter({ client: () => undefined, prefix: 'p:', maxFailures: 0 }),
    ).toThrow(RangeError);
    expect(
      () => new SignInLimiter({ client: () => undefined, prefix: 'p:', windowMs: 1.5 }),
    ).toThrow(/windowMs/);
  });

  it('counts in memory when the client cannot be had', async () => {
    const limiter = new SignInLimiter({
      client: () => {
        throw new Error('invalid configuration');
      },
      prefix: 'p:',
      maxFailures: 1,
    });
    expect((await limiter.attempt('a')).allowed).toBe(true);
    expect((await limiter.attempt('a')).allowed).toBe(false);
  });
});
