import { describe, expect, it } from 'vitest';
import { ChaosUsageError, parseChaosArgs, parseDuration } from './chaos-args.ts';

describe('parseChaosArgs', () => {
  it('reads the commands of the README', () => {
    expect(parseChaosArgs(['stop', 'postgrest', '30s'])).toEqual({
      action: 'stop',
      service: 'postgrest',
      durationMs: 30_000,
      stack: 'dev',
    });
    expect(parseChaosArgs(['pause', 'postgres', '10s'])).toMatchObject({
      action: 'pause',
      service: 'postgres',
      durationMs: 10_000,
    });
    expect(parseChaosArgs(['kill', 'redis'])).toMatchObject({
      action: 'kill',
      service: 'redis',
      durationMs: undefined,
    });
    expect(parseChaosArgs(['restart', 'redis'])).toEqual({
      action: 'restart',
      service: 'redis',
      stack: 'dev',
    });
    expect(parseChaosArgs(['status'])).toEqual({ action: 'status', stack: 'dev' });
    expect(parseChaosArgs([])).toEqual({ action: 'status', stack: 'dev' });
    expect(parseChaosArgs(['--help'])).toEqual({ action: 'help' });
  });

  it('takes another local stack by name, and PostgreSQL by its other names', () => {
    expect(parseChaosArgs(['kill', 'postgresql', '--stack', 'e2e-42'])).toMatchObject({
      service: 'postgres',
      stack: 'e2e-42',
    });
  });

  it('refuses what it cannot do, naming it, with the usage', () => {
    const refused = (args: string[]) => {
      try {
        parseChaosArgs(args);
      } catch (err) {
        expect(err).toBeInstanceOf(ChaosUsageError);
        expect((err as Error).message).toContain('usage: npm run chaos');
        return (err as Error).message.split('\n')[0];
      }
      throw new Error(`accepted ${args.join(' ')}`);
    };
    expect(refused(['explode', 'redis'])).toBe('unknown command "explode"');
    expect(refused(['stop', 'mysql'])).toBe('unknown service "mysql"');
    expect(refused(['stop'])).toBe('which service?');
    expect(refused(['restart', 'redis', '10s'])).toBe('restart takes no duration: it acts at once');
    expect(refused(['stop', 'redis', '10s', 'extra'])).toBe('unexpected "extra"');
    expect(refused(['status', 'redis'])).toBe('status takes no service');
    expect(refused(['status', '--stack', '../etc'])).toBe('bad stack name "../etc"');
    expect(refused(['status', '--force'])).toMatch(/Unknown option '--force'/);
  });
});

describe('parseDuration', () => {
  it('reads seconds, minutes and milliseconds; a bare number is seconds', () => {
    expect(parseDuration('30s')).toBe(30_000);
    expect(parseDuration('2m')).toBe(120_000);
    expect(parseDuration('1500ms')).toBe(1_500);
    expect(parseDuration('1.5s')).toBe(1_500);
    expect(parseDuration('45')).toBe(45_000);
  });

  it('keeps a fault between 1 s and 10 min', () => {
    expect(() => parseDuration('500ms')).toThrow('a fault lasts 1 s to 10 min, got 500ms');
    expect(() => parseDuration('11m')).toThrow(ChaosUsageError);
    expect(() => parseDuration('soon')).toThrow('"soon" is not a duration');
    expect(() => parseDuration('-5s')).toThrow(ChaosUsageError);
  });
});

describe('replication lag commands', () => {
  it('lag and catch-up act on the replica, lag with an optional duration', () => {
    expect(parseChaosArgs(['lag', 'replica', '30s'])).toEqual({
      action: 'lag',
      service: 'replica',
      durationMs: 30_000,
      stack: 'dev',
    });
    expect(parseChaosArgs(['catch-up', 'replica'])).toEqual({
      action: 'catch-up',
      service: 'replica',
      stack: 'dev',
    });
  });

  it('refuses them on any other service', () => {
    expect(() => parseChaosArgs(['lag', 'postgres'])).toThrow(/acts on the replica only/);
    expect(() => parseChaosArgs(['catch-up', 'redis'])).toThrow(/acts on the replica only/);
  });
});
