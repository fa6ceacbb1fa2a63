import { describe, expect, it } from 'vitest';
import { scopeNotices } from './scope-notice';

const info = (over: Record<string, unknown> = {}) =>
  ({
    scope: 'fleet',
    subject: 'fleet',
    self: 'web-1',
    fleetAvailable: true,
    reporting: 2,
    listed: 2,
    instances: [
      { id: 'web-1', stale: false, listed: true },
      { id: 'web-2', stale: true, listed: true },
      { id: 'web-3', stale: true, listed: false },
    ],
    ...over,
  }) as never;

describe('scopeNotices', () => {
  it('says nothing for the fleet when the fleet view works', () => {
    expect(scopeNotices({ scope: 'fleet' }, info(), undefined)).toEqual([]);
    expect(scopeNotices({ scope: 'fleet' }, undefined, undefined)).toEqual([]);
  });

  it('names the instance drilled into, with its state', () => {
    expect(scopeNotices({ scope: 'instance', instance: 'web-2' }, info(), undefined)).toEqual([
      { kind: 'instance', id: 'web-2', answering: false, state: 'stale' },
    ]);
    expect(scopeNotices({ scope: 'instance', instance: 'web-3' }, info(), undefined)).toEqual([
      { kind: 'instance', id: 'web-3', answering: false, state: 'dropped' },
    ]);
    // No id in the URL: the instance that answers, named once its answer is in.
    expect(scopeNotices({ scope: 'instance' }, info(), undefined)).toEqual([
      { kind: 'instance', id: 'web-1', answering: true, state: 'reporting' },
    ]);
    expect(scopeNotices({ scope: 'instance' }, undefined, undefined)).toEqual([]);
  });

  it('says when the instance cannot be shown', () => {
    expect(
      scopeNotices({ scope: 'instance', instance: 'gone' }, undefined, {
        status: 404,
        message: 'no instance gone reported in the window',
      }),
    ).toEqual([
      { kind: 'instance-missing', id: 'gone', message: 'no instance gone reported in the window' },
    ]);
  });

  it('labels the view local when the fleet is unavailable, with the reason and the instance', () => {
    const down = info({
      scope: 'instance',
      subject: 'web-1',
      fleetAvailable: false,
      fleetError: 'Redis is not connected (reconnecting)',
      reporting: 0,
      listed: 0,
      instances: [],
    });
    expect(scopeNotices({ scope: 'fleet' }, down, undefined)).toEqual([
      { kind: 'fleet-unavailable', reason: 'Redis is not connected (reconnecting)', self: 'web-1' },
    ]);
    expect(scopeNotices({ scope: 'instance', instance: 'web-1' }, down, undefined)).toEqual([
      { kind: 'instance', id: 'web-1', answering: true, state: 'unknown' },
      { kind: 'fleet-unavailable', reason: 'Redis is not connected (reconnecting)', self: 'web-1' },
    ]);
  });
});
