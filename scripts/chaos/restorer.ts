// Who ends a timed fault: a detached restorer process, started before the fault is applied, that
// sleeps until the fault's end and then brings the service back. It lives in its own session (a
// Ctrl-C or kill of the chaos command does not reach it) with its working directory in the
// stack's folder (stopping the stack stops it too). The running restorers are the record of the
// pending restorations: `status` lists them, a new fault or a repair on the service cancels them.
import { join } from 'node:path';
import { cmdline, findProcesses, spawnDetached, stopGroup } from '../stack/processes.ts';
import { SERVICES, paths, type ServiceName, type StackState } from '../stack/services.ts';

/** start: a stopped service; resume: a paused one; replay: the replica's paused WAL replay. */
export type Restore = 'start' | 'resume' | 'replay';

export interface Restoration {
  readonly service: ServiceName;
  readonly restore: Restore;
  /** Epoch ms when the service is brought back. */
  readonly at: number;
}

const SCRIPT = join(import.meta.dirname, 'restore-after.ts');
const MARK = 'restore-after.ts';

/** The restorer's command-line arguments (after the script). */
export function restorerArgs(stack: string, r: Restoration): string[] {
  return ['--stack', stack, '--service', r.service, '--restore', r.restore, '--at', String(r.at)];
}

/** A restorer's arguments read back (from its command line), or undefined when malformed. */
export function parseRestorerArgs(
  args: readonly string[],
): (Restoration & { stack: string }) | undefined {
  const get = (flag: string) => {
    const i = args.indexOf(flag);
    return i >= 0 ? args[i + 1] : undefined;
  };
  const [stack, service, restore, at] = ['--stack', '--service', '--restore', '--at'].map(get);
  if (!stack || !(SERVICES as readonly string[]).includes(service ?? '')) return undefined;
  if (restore !== 'start' && restore !== 'resume' && restore !== 'replay') return undefined;
  if (!Number.isFinite(Number(at))) return undefined;
  return { stack, service: service as ServiceName, restore, at: Number(at) };
}

/** Starts the restorer for `r`; returns its pid. */
export function spawnRestorer(state: StackState, r: Restoration): number {
  return spawnDetached({
    command: process.execPath,
    args: [SCRIPT, ...restorerArgs(state.name, r)],
    cwd: state.dir,
    logFile: paths(state.dir).log('chaos'),
  });
}

/** The restorers running for this stack, soonest first. */
export function pendingRestorations(
  state: StackState,
): Array<Restoration & { readonly pid: number }> {
  return findProcesses(state.dir)
    .flatMap((pid) => {
      const argv = cmdline(pid).split(' ');
      if (!argv.some((a) => a.endsWith(MARK))) return [];
      const r = parseRestorerArgs(argv);
      return r && r.stack === state.name ? [{ ...r, pid }] : [];
    })
    .sort((a, b) => a.at - b.at);
}

/** Stops the pending restorations of `service` (a new fault or a repair replaces them). */
export async function cancelRestorations(state: StackState, service: ServiceName): Promise<void> {
  await Promise.all(
    pendingRestorations(state)
      .filter((r) => r.service === service)
      .map((r) => stopGroup(r.pid, 'SIGTERM', 2_000)),
  );
}
