import { describe, expect, it } from 'vitest';
import { parseRestorerArgs, restorerArgs } from './restorer.ts';

describe('restorer arguments', () => {
  it('read back what was written (status lists pending restorations from them)', () => {
    const r = { service: 'postgrest', restore: 'start', at: 1_795_405_837_000 } as const;
    const argv = [
      '/usr/bin/node',
      '/repo/scripts/chaos/restore-after.ts',
      ...restorerArgs('dev', r),
    ];
    expect(parseRestorerArgs(argv)).toEqual({ ...r, stack: 'dev' });
  });

  it('refuse malformed ones', () => {
    expect(
      parseRestorerArgs([
        '--stack',
        'dev',
        '--service',
        'mysql',
        '--restore',
        'start',
        '--at',
        '1',
      ]),
    ).toBeUndefined();
    expect(
      parseRestorerArgs([
        '--stack',
        'dev',
        '--service',
        'redis',
        '--restore',
        'explode',
        '--at',
        '1',
      ]),
    ).toBeUndefined();
    expect(
      parseRestorerArgs([
        '--stack',
        'dev',
        '--service',
        'redis',
        '--restore',
        'resume',
        '--at',
        'soon',
      ]),
    ).toBeUndefined();
    expect(parseRestorerArgs([])).toBeUndefined();
  });
});
