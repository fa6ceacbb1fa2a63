// Where the machine's binaries are, through a lookup that can be pointed at a fake filesystem
// root and a fake PATH: shared by the stack (which runs them) and the install check (which
// decides what to install).
import { existsSync, readdirSync } from 'node:fs';
import { delimiter, dirname, join } from 'node:path';

/** What binary searches read: files under a root, and the environment (PATH, overrides). */
export interface BinaryLookup {
  /** Whether the absolute path exists under the lookup's root. */
  exists(path: string): boolean;
  /** A directory's entries under the lookup's root; [] when it does not exist. */
  list(dir: string): string[];
  readonly env: Readonly<Record<string, string | undefined>>;
}

/**
 * The real machine (root `/`), or a fake one: every absolute path is read under `root`, so a
 * test can lay out `usr/bin/…` in a temporary folder.
 */
export function hostLookup(
  root = '/',
  env: Readonly<Record<string, string | undefined>> = process.env,
): BinaryLookup {
  const at = (path: string) => (root === '/' ? path : join(root, path));
  return {
    exists: (path) => existsSync(at(path)),
    list: (dir) => {
      try {
        return readdirSync(at(dir));
      } catch {
        return [];
      }
    },
    env,
  };
}

/** The first `PATH` entry holding `name` (then `extraDirs`), as an absolute path. */
export function findOnPath(
  name: string,
  lookup: BinaryLookup,
  extraDirs: readonly string[] = [],
): string | undefined {
  const dirs = [...(lookup.env.PATH ?? '').split(delimiter), ...extraDirs];
  for (const dir of dirs) if (dir && lookup.exists(join(dir, name))) return join(dir, name);
  return undefined;
}

/**
 * PostgreSQL's server binaries: `PG_BINDIR` when set, else the newest Debian version
 * (/usr/lib/postgresql/N/bin, outside PATH), else wherever `postgres` is on PATH.
 */
export function postgresBinDir(lookup: BinaryLookup): string | undefined {
  const override = lookup.env.PG_BINDIR;
  if (override) return lookup.exists(join(override, 'postgres')) ? override : undefined;
  const root = '/usr/lib/postgresql';
  const versions = lookup
    .list(root)
    .filter((v) => lookup.exists(join(root, v, 'bin', 'postgres')))
    .sort((a, b) => Number(b) - Number(a));
  if (versions[0]) return join(root, versions[0], 'bin');
  const onPath = findOnPath('postgres', lookup);
  return onPath ? dirname(onPath) : undefined;
}

/** psql: beside the server binaries, else on PATH (Debian's postgresql-client). */
export function psqlBinary(
  lookup: BinaryLookup,
  pgBin = postgresBinDir(lookup),
): string | undefined {
  if (pgBin && lookup.exists(join(pgBin, 'psql'))) return join(pgBin, 'psql');
  return findOnPath('psql', lookup);
}

/** redis-server: `REDIS_SERVER_BIN` when set, else on PATH. */
export function redisServerBinary(lookup: BinaryLookup): string | undefined {
  const override = lookup.env.REDIS_SERVER_BIN;
  if (override) return lookup.exists(override) ? override : undefined;
  return findOnPath('redis-server', lookup);
}
