import { describe, expect, it } from 'vitest';
import { FailoverSwitch, type FailoverTransition } from './failover-switch';

function make(minFailoverMs = 2_000) {
  let now = 1_000;
  const sw = new FailoverSwitch({ enterAt: 0.8, leaveBelow: 0.6, minFailoverMs, clock: () => now });
  const seen: FailoverTransition[] = [];
  sw.onTransition((t) => seen.push(t));
  return { sw, seen, advance: (ms: number) => (now += ms) };
}

describe('FailoverSwitch', () => {
  it('stays on the primary below the threshold', () => {
    const { sw, seen } = make();
    expect(sw.update({ utilization: 0.79, breaker: 'closed' }).name).toBe('primary');
    expect(seen).toEqual([]);
    expect(sw.activations).toBe(0);
  });

  it('moves reads at the utilization threshold and counts the activation', () => {
    const { sw, seen } = make();
    const s = sw.update({ utilization: 0.8, breaker: 'closed' });
    expect(s).toMatchObject({ name: 'failover', reason: 'primary pool at 80% (≥ 80%)' });
    expect(sw.activations).toBe(1);
    expect(seen).toEqual([
      { from: 'primary', to: 'failover', at: 1_000, reason: 'primary pool at 80% (≥ 80%)' },
    ]);
  });

  it('moves reads when the breaker is open or half-open, whatever the pool', () => {
    for (const breaker of ['open', 'half-open'] as const) {
      const { sw } = make();
      expect(sw.update({ utilization: 0, breaker })).toMatchObject({
        name: 'failover',
        reason: `primary breaker ${breaker}`,
      });
    }
  });

  it('comes back only after the minimum time, below the lower threshold, breaker closed', () => {
    const { sw, seen, advance } = make(2_000);
    sw.update({ utilization: 1, breaker: 'closed' });
    advance(1_999);
    expect(sw.update({ utilization: 0, breaker: 'closed' }).name).toBe('failover');
    advance(1);
    expect(sw.update({ utilization: 0.7, breaker: 'closed' }).name).toBe('failover'); // hysteresis
    expect(sw.update({ utilization: 0.1, breaker: 'half-open' }).name).toBe('failover');
    expect(sw.update({ utilization: 0.59, breaker: 'closed' }).name).toBe('primary');
    expect(seen.map((t) => t.to)).toEqual(['failover', 'primary']);
    expect(seen[1]!.reason).toMatch(/primary recovered/);
  });

  it('does not flap around the threshold: one activation for a load that hovers at 70–90%', () => {
    const { sw, advance } = make(500);
    for (const u of [0.9, 0.7, 0.85, 0.75, 0.9, 0.7, 0.8]) {
      advance(400);
      sw.update({ utilization: u, breaker: 'closed' });
    }
    expect(sw.activations).toBe(1);
  });

  it('refuses thresholds without hysteresis', () => {
    expect(() => new FailoverSwitch({ enterAt: 0.8, leaveBelow: 0.8, minFailoverMs: 0 })).toThrow(
      RangeError,
    );
    expect(() => new FailoverSwitch({ enterAt: 0, leaveBelow: 0, minFailoverMs: 0 })).toThrow(
      /enterAt/,
    );
  });
});
