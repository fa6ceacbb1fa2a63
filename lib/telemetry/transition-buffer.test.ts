import { describe, expect, it } from 'vitest';
import type { BreakerTransition } from '../resilience';
import { TransitionBuffer } from './transition-buffer';

const t = (to: BreakerTransition['to']): BreakerTransition => ({
  from: 'closed',
  to,
  at: 1,
  reason: 'test',
});

describe('TransitionBuffer', () => {
  it('hands a transition to the first taker of its kind in the same tick, once', () => {
    const buffer = new TransitionBuffer();
    buffer.push('service', t('open'));
    expect(buffer.take('anon')).toEqual([]);
    expect(buffer.take('service')).toEqual([t('open')]);
    expect(buffer.take('service')).toEqual([]);
  });

  it('drops what nobody took by the end of the tick', async () => {
    const buffer = new TransitionBuffer();
    buffer.push('service', t('half-open'));
    await Promise.resolve();
    expect(buffer.take('service')).toEqual([]);
    buffer.push('service', t('open'));
    expect(buffer.take('service')).toEqual([t('open')]);
  });
});
