// The install decision, and the root path end to end with a fake apt-get on a fake PATH that
// "installs" into a fake filesystem root (nothing on this machine is installed or removed).
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { hostLookup } from '../stack/binary-lookup.ts';
import {
  SystemPackagesError,
  ensureSystemPackages,
  installCommand,
  installPlan,
} from './ensure-packages.ts';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

function tempDir(prefix: string): string {
  const d = mkdtempSync(join(tmpdir(), prefix));
  dirs.push(d);
  return d;
}

function writeExecutable(path: string, content = '#!/bin/sh\n'): void {
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, content);
  chmodSync(path, 0o755);
}

/**
 * A fake apt-get: logs each call (arguments and DEBIAN_FRONTEND) and, on install, creates the
 * binaries of the packages it was given under `root`. `fail` makes it exit 100 like apt-get.
 */
function fakeAptGet(root: string, opts: { fail?: boolean; installs?: boolean } = {}) {
  const bin = tempDir('fake-bin-');
  const log = join(bin, 'calls.log');
  writeExecutable(
    join(bin, 'apt-get'),
    `#!/bin/sh
PATH=/usr/bin:/bin
echo "$DEBIAN_FRONTEND $*" >> ${log}
${opts.fail ? 'echo "E: Unable to locate package $5" >&2; exit 100' : ''}
if [ "$1" = install ] && [ "${opts.installs === false ? 'no' : 'yes'}" = yes ]; then
  for p in "$@"; do
    case "$p" in
      redis-server) mkdir -p ${root}/usr/bin && touch ${root}/usr/bin/redis-server ;;
      chromium) mkdir -p ${root}/usr/bin && touch ${root}/usr/bin/chromium ;;
    esac
  done
fi
`,
  );
  return { path: bin, calls: () => readFileSync(log, 'utf8').trim().split('\n') };
}

describe('installPlan', () => {
  it('does nothing when nothing is missing, as root or not', () => {
    expect(installPlan([], true)).toEqual({ action: 'none' });
    expect(installPlan([], false)).toEqual({ action: 'none' });
  });

  it('installs as root', () => {
    expect(installPlan(['chromium', 'prometheus'], true)).toEqual({
      action: 'install',
      packages: ['chromium', 'prometheus'],
    });
  });

  it('not root: one line naming the packages and the exact command', () => {
    const plan = installPlan(['chromium', 'prometheus'], false);
    expect(plan.action).toBe('refuse');
    if (plan.action !== 'refuse') return;
    expect(plan.message).toBe(
      'missing Debian packages chromium, prometheus: install them with: sudo apt-get update && sudo apt-get install -y --no-install-recommends chromium prometheus',
    );
    expect(plan.message).not.toContain('\n');
    expect(installPlan(['pgbouncer'], false)).toMatchObject({
      message: expect.stringMatching(/^missing Debian package pgbouncer: install it with: /),
    });
  });

  it('the command installs without recommends', () => {
    expect(installCommand(['redis-server'])).toBe(
      'sudo apt-get update && sudo apt-get install -y --no-install-recommends redis-server',
    );
  });
});

describe('ensureSystemPackages', () => {
  it('installs nothing and calls no apt-get when everything is there', () => {
    const root = tempDir('root-');
    writeExecutable(join(root, 'usr/bin/redis-server'));
    const apt = fakeAptGet(root);
    const installed = ensureSystemPackages(['redis-server'], {
      lookup: hostLookup(root, { PATH: '/usr/bin' }),
      isRoot: true,
      env: { PATH: apt.path },
      log: () => {},
    });
    expect(installed).toEqual([]);
    expect(() => apt.calls()).toThrow(); // no log file: never called
  });

  it('as root: apt-get update, then a quiet non-interactive install of only what is missing', () => {
    const root = tempDir('root-');
    writeExecutable(join(root, 'usr/bin/psql'));
    const apt = fakeAptGet(root);
    const lines: string[] = [];
    const installed = ensureSystemPackages(['chromium', 'postgresql-client', 'redis-server'], {
      lookup: hostLookup(root, { PATH: '/usr/bin' }),
      isRoot: true,
      env: { PATH: apt.path },
      log: (l) => lines.push(l),
    });
    expect(installed).toEqual(['chromium', 'redis-server']);
    expect(apt.calls()).toEqual([
      'noninteractive update -qq',
      'noninteractive install -y -qq --no-install-recommends chromium redis-server',
    ]);
    expect(lines).toEqual(['installing Debian packages: chromium redis-server (apt-get, as root)']);
  });

  it('not root: stops before calling apt-get, with the one-line message', () => {
    const root = tempDir('root-');
    const apt = fakeAptGet(root);
    let thrown: unknown;
    try {
      ensureSystemPackages(['redis-server'], {
        lookup: hostLookup(root, { PATH: '/usr/bin' }),
        isRoot: false,
        env: { PATH: apt.path },
      });
    } catch (err) {
      thrown = err;
    }
    expect(thrown).toBeInstanceOf(SystemPackagesError);
    expect((thrown as SystemPackagesError).packages).toEqual(['redis-server']);
    expect((thrown as Error).message).toContain(installCommand(['redis-server']));
    expect(() => apt.calls()).toThrow();
  });

  it("apt-get failing is an error with apt-get's own words", () => {
    const root = tempDir('root-');
    const apt = fakeAptGet(root, { fail: true });
    expect(() =>
      ensureSystemPackages(['redis-server'], {
        lookup: hostLookup(root, { PATH: '/usr/bin' }),
        isRoot: true,
        env: { PATH: apt.path },
        log: () => {},
      }),
    ).toThrow(/apt-get update -qq failed:\nE: Unable to locate package/);
  });

  it('a package still not found after apt-get is named', () => {
    const root = tempDir('root-');
    const apt = fakeAptGet(root, { installs: false });
    expect(() =>
      ensureSystemPackages(['redis-server'], {
        lookup: hostLookup(root, { PATH: '/usr/bin' }),
        isRoot: true,
        env: { PATH: apt.path },
        log: () => {},
      }),
    ).toThrow('apt-get installed redis-server, but redis-server still cannot be found');
  });
});
