// Makes sure the Debian packages an entry point needs are installed before it does anything:
// as root, apt-get installs what is missing; otherwise it stops at once with one message naming
// the packages and the command. Shared by .ci/run, npm test and npm start.
import { spawnSync } from 'node:child_process';
import { hostLookup, type BinaryLookup } from '../stack/binary-lookup.ts';
import { missingPackages, type DebianPackage } from './missing-packages.ts';

export class SystemPackagesError extends Error {
  readonly packages: readonly DebianPackage[];
  constructor(message: string, packages: readonly DebianPackage[]) {
    super(message);
    this.name = 'SystemPackagesError';
    this.packages = packages;
  }
}

/** The command a person runs to install `packages`. */
export function installCommand(packages: readonly DebianPackage[]): string {
  return `sudo apt-get update && sudo apt-get install -y --no-install-recommends ${packages.join(' ')}`;
}

export type InstallPlan =
  | { readonly action: 'none' }
  | { readonly action: 'install'; readonly packages: readonly DebianPackage[] }
  | {
      readonly action: 'refuse';
      readonly packages: readonly DebianPackage[];
      readonly message: string;
    };

/** What to do about `missing`: nothing, install (root only), or stop with the command to run. */
export function installPlan(missing: readonly DebianPackage[], isRoot: boolean): InstallPlan {
  if (missing.length === 0) return { action: 'none' };
  if (isRoot) return { action: 'install', packages: missing };
  return {
    action: 'refuse',
    packages: missing,
    message: `missing Debian package${missing.length > 1 ? 's' : ''} ${missing.join(', ')}: install ${missing.length > 1 ? 'them' : 'it'} with: ${installCommand(missing)}`,
  };
}

export interface EnsureOptions {
  /** Where binaries are looked for (default: this machine). */
  readonly lookup?: BinaryLookup;
  /** Default: the process runs as uid 0. */
  readonly isRoot?: boolean;
  /** The environment apt-get runs with (its PATH finds apt-get). */
  readonly env?: Readonly<Record<string, string | undefined>>;
  readonly log?: (line: string) => void;
}

function tailOf(text: string, lines = 15): string {
  return text.trimEnd().split('\n').slice(-lines).join('\n');
}

function aptGet(args: string[], env: Readonly<Record<string, string | undefined>>): void {
  const childEnv: Record<string, string | undefined> = {
    ...env,
    DEBIAN_FRONTEND: 'noninteractive',
  };
  const r = spawnSync('apt-get', args, {
    env: childEnv as NodeJS.ProcessEnv,
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  if (r.status !== 0) {
    const why = r.error ? r.error.message : tailOf(`${r.stdout ?? ''}${r.stderr ?? ''}`);
    throw new SystemPackagesError(`apt-get ${args.join(' ')} failed:\n${why}`, []);
  }
}

/**
 * Installs whichever of `needed` is missing, or stops with one message when it may not.
 * Returns the packages it installed ([] when nothing was missing).
 * @throws SystemPackagesError when not root and something is missing (the message names the
 *   packages and the command), when apt-get fails, or when a package still is not found after it.
 */
export function ensureSystemPackages(
  needed: readonly DebianPackage[],
  opts: EnsureOptions = {},
): readonly DebianPackage[] {
  const env = opts.env ?? process.env;
  const lookup = opts.lookup ?? hostLookup('/', env);
  const plan = installPlan(
    missingPackages(needed, lookup),
    opts.isRoot ?? process.getuid?.() === 0,
  );
  switch (plan.action) {
    case 'none':
      return [];
    case 'refuse':
      throw new SystemPackagesError(plan.message, plan.packages);
    case 'install': {
      (opts.log ?? console.log)(
        `installing Debian packages: ${plan.packages.join(' ')} (apt-get, as root)`,
      );
      aptGet(['update', '-qq'], env);
      aptGet(['install', '-y', '-qq', '--no-install-recommends', ...plan.packages], env);
      const still = missingPackages(plan.packages, lookup);
      if (still.length > 0)
        throw new SystemPackagesError(
          `apt-get installed ${plan.packages.join(' ')}, but ${still.join(', ')} still cannot be found`,
          still,
        );
      return plan.packages;
    }
  }
}
