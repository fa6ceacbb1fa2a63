import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { prometheusBinary } from './prometheus';

const empty = mkdtempSync(join(tmpdir(), 'no-prometheus-'));
const withBinary = mkdtempSync(join(tmpdir(), 'prometheus-'));
writeFileSync(join(withBinary, 'promtool'), '');
afterAll(() => {
  rmSync(empty, { recursive: true, force: true });
  rmSync(withBinary, { recursive: true, force: true });
});

describe('prometheusBinary', () => {
  it('finds the binary in the first folder that has it', () => {
    expect(prometheusBinary('promtool', [empty, withBinary])).toBe(join(withBinary, 'promtool'));
  });

  it('names the Debian package to install when it is missing', () => {
    expect(() => prometheusBinary('prometheus', [empty])).toThrow(
      'prometheus not found. Install the Debian package: apt-get install prometheus',
    );
  });
});
