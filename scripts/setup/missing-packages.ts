// The Debian packages the project needs, what each entry point needs of them, and which are
// missing: a pure check over a BinaryLookup, so a test can run it against a fake PATH and root.
import { join } from 'node:path';
import {
  findOnPath,
  postgresBinDir,
  psqlBinary,
  redisServerBinary,
  type BinaryLookup,
} from '../stack/binary-lookup.ts';

export const DEBIAN_PACKAGES = [
  'chromium',
  'prometheus',
  'postgresql',
  'postgresql-client',
  'redis-server',
  'pgbouncer',
] as const;
export type DebianPackage = (typeof DEBIAN_PACKAGES)[number];

/**
 * What each entry point needs: the local stack for `npm start`; everything for `npm test` (the
 * stack, Chromium for Playwright, promtool and the Prometheus server, PgBouncer).
 */
export const PACKAGES_FOR = {
  start: ['postgresql', 'postgresql-client', 'redis-server'],
  test: DEBIAN_PACKAGES,
} as const satisfies Record<string, readonly DebianPackage[]>;
export type PackagePurpose = keyof typeof PACKAGES_FOR;

/** Debian installs PgBouncer in /usr/sbin, which is not on a normal user's PATH. */
const SBIN = ['/usr/sbin', '/usr/local/sbin'];

/**
 * Whether a package's binaries are where the project looks for them. A binary chosen through a
 * variable (CHROMIUM_PATH, PG_BINDIR, REDIS_SERVER_BIN) is the user's own: installing the package
 * would not change what runs, so it never counts as missing here (the stack reports a bad one).
 */
const PRESENT: Record<DebianPackage, (lookup: BinaryLookup) => boolean> = {
  // Playwright runs Debian's Chromium (playwright.config.ts: CHROMIUM_PATH or /usr/bin/chromium).
  chromium: (l) => !!l.env.CHROMIUM_PATH || l.exists('/usr/bin/chromium'),
  prometheus: (l) => !!findOnPath('promtool', l) && !!findOnPath('prometheus', l),
  postgresql: (l) => {
    if (l.env.PG_BINDIR) return true;
    const bin = postgresBinDir(l);
    return !!bin && l.exists(join(bin, 'initdb'));
  },
  'postgresql-client': (l) => !!psqlBinary(l),
  'redis-server': (l) => !!l.env.REDIS_SERVER_BIN || !!redisServerBinary(l),
  pgbouncer: (l) => !!findOnPath('pgbouncer', l, SBIN),
};

/** The packages of `needed` whose binaries the lookup does not find, in `needed`'s order. */
export function missingPackages(
  needed: readonly DebianPackage[],
  lookup: BinaryLookup,
): DebianPackage[] {
  return [...new Set(needed)].filter((p) => !PRESENT[p](lookup));
}
