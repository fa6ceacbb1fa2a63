import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { SharedProbe } from './shared-probe';

describe('SharedProbe', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('runs once for many concurrent callers and reuses the result within the TTL', async () => {
    let calls = 0;
    const probe = new SharedProbe(async () => ++calls, { ttlMs: 2_000, timeoutMs: 500 });
    const results = await Promise.all(Array.from({ length: 1000 }, () => probe.get()));
    expect(calls).toBe(1);
    expect(results.every((r) => r.ok && r.value === 1)).toBe(true);
    vi.advanceTimersByTime(1_999);
    expect((await probe.get()).ok && calls).toBe(1);
    vi.advanceTimersByTime(1);
    const fresh = await probe.get();
    expect(fresh.ok && fresh.value).toBe(2);
  });

  it('a hanging probe fails at its timeout and aborts its signal', async () => {
    let seen: AbortSignal | undefined;
    const probe = new SharedProbe((signal) => ((seen = signal), new Promise<number>(() => {})), {
      ttlMs: 0,
      timeoutMs: 300,
    });
    const pending = probe.get();
    await vi.advanceTimersByTimeAsync(300);
    const r = await pending;
    expect(r.ok).toBe(false);
    expect(!r.ok && r.error).toMatch(/timed out after 300 ms/);
    expect(seen?.aborted).toBe(true);
  });

  it('a failing probe is reported, not thrown, with its code and message only', async () => {
    const probe = new SharedProbe(
      async () => {
        throw Object.assign(new Error('boom'), { code: 'DB_UNAVAILABLE' });
      },
      { ttlMs: 0, timeoutMs: 300 },
    );
    const r = await probe.get();
    expect(r).toMatchObject({ ok: false, error: 'DB_UNAVAILABLE: boom' });
  });
});
