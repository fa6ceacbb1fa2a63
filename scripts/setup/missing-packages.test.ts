// The "what is missing" check against fake machines: a temporary folder as the filesystem root,
// with a fake PATH, so nothing on this machine is removed or trusted.
import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { hostLookup } from '../stack/binary-lookup.ts';
import { DEBIAN_PACKAGES, PACKAGES_FOR, missingPackages } from './missing-packages.ts';

const roots: string[] = [];
afterEach(() => {
  for (const r of roots.splice(0)) rmSync(r, { recursive: true, force: true });
});

/** A fake filesystem root holding the given files (empty executables). */
function fakeRoot(files: readonly string[]): string {
  const root = mkdtempSync(join(tmpdir(), 'fake-root-'));
  roots.push(root);
  for (const f of files) {
    mkdirSync(join(root, dirname(f)), { recursive: true });
    writeFileSync(join(root, f), '#!/bin/sh\n');
    chmodSync(join(root, f), 0o755);
  }
  return root;
}

const PATH = '/usr/local/bin:/usr/bin:/bin';

/** What a Debian machine with every package installed has. */
const FULL = [
  '/usr/bin/chromium',
  '/usr/bin/promtool',
  '/usr/bin/prometheus',
  '/usr/lib/postgresql/15/bin/postgres',
  '/usr/lib/postgresql/15/bin/initdb',
  '/usr/lib/postgresql/15/bin/psql',
  '/usr/bin/psql',
  '/usr/bin/redis-server',
  '/usr/sbin/pgbouncer',
];

describe('missingPackages', () => {
  it('finds nothing missing on a machine with every package', () => {
    const lookup = hostLookup(fakeRoot(FULL), { PATH });
    expect(missingPackages(DEBIAN_PACKAGES, lookup)).toEqual([]);
  });

  it('names every package on a bare machine, in the order asked', () => {
    const lookup = hostLookup(fakeRoot([]), { PATH });
    expect(missingPackages(PACKAGES_FOR.test, lookup)).toEqual([...DEBIAN_PACKAGES]);
    expect(missingPackages(PACKAGES_FOR.start, lookup)).toEqual([
      'postgresql',
      'postgresql-client',
      'redis-server',
    ]);
  });

  it('a fresh machine of this kind (no Chromium, no promtool) misses exactly those two', () => {
    const lookup = hostLookup(
      fakeRoot(FULL.filter((f) => !/chromium|promtool|prometheus/.test(f))),
      { PATH },
    );
    expect(missingPackages(PACKAGES_FOR.test, lookup)).toEqual(['chromium', 'prometheus']);
    // npm start needs neither.
    expect(missingPackages(PACKAGES_FOR.start, lookup)).toEqual([]);
  });

  it('looks on PATH: a binary outside it does not count, inside it does', () => {
    const root = fakeRoot(['/opt/redis/bin/redis-server']);
    expect(missingPackages(['redis-server'], hostLookup(root, { PATH }))).toEqual(['redis-server']);
    expect(
      missingPackages(['redis-server'], hostLookup(root, { PATH: `${PATH}:/opt/redis/bin` })),
    ).toEqual([]);
  });

  it('prometheus needs both promtool and the server', () => {
    const lookup = hostLookup(fakeRoot(['/usr/bin/promtool']), { PATH });
    expect(missingPackages(['prometheus'], lookup)).toEqual(['prometheus']);
  });

  it('PostgreSQL is found in /usr/lib/postgresql/N/bin (off PATH), or on PATH', () => {
    const debian = fakeRoot([
      '/usr/lib/postgresql/16/bin/postgres',
      '/usr/lib/postgresql/16/bin/initdb',
    ]);
    expect(missingPackages(['postgresql'], hostLookup(debian, { PATH }))).toEqual([]);
    const custom = fakeRoot(['/opt/pg/bin/postgres', '/opt/pg/bin/initdb']);
    expect(missingPackages(['postgresql'], hostLookup(custom, { PATH }))).toEqual(['postgresql']);
    expect(
      missingPackages(['postgresql'], hostLookup(custom, { PATH: `${PATH}:/opt/pg/bin` })),
    ).toEqual([]);
  });

  it('psql counts beside the server binaries or on PATH', () => {
    const beside = fakeRoot([
      '/usr/lib/postgresql/15/bin/postgres',
      '/usr/lib/postgresql/15/bin/psql',
    ]);
    expect(missingPackages(['postgresql-client'], hostLookup(beside, { PATH }))).toEqual([]);
    const onPath = fakeRoot(['/usr/bin/psql']);
    expect(missingPackages(['postgresql-client'], hostLookup(onPath, { PATH }))).toEqual([]);
  });

  it("PgBouncer is found in /usr/sbin even when that is not on the user's PATH", () => {
    const lookup = hostLookup(fakeRoot(['/usr/sbin/pgbouncer']), { PATH: '/usr/bin:/bin' });
    expect(missingPackages(['pgbouncer'], lookup)).toEqual([]);
  });

  it("a binary chosen through a variable is the user's own: never a package to install", () => {
    // Installing the Debian package would not change what runs; the stack names a bad override.
    const bare = hostLookup(fakeRoot([]), {
      PATH,
      CHROMIUM_PATH: '/opt/chrome/chrome',
      PG_BINDIR: '/opt/pg/bin',
      REDIS_SERVER_BIN: '/nonexistent/redis-server',
    });
    expect(missingPackages(['chromium', 'postgresql', 'redis-server'], bare)).toEqual([]);
  });
});
