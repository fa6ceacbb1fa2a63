// Detached service processes: spawn with logs to a file, find, signal and stop them by group.
import { spawn } from 'node:child_process';
import { closeSync, existsSync, openSync, readFileSync, readdirSync, readlinkSync } from 'node:fs';

export interface SpawnSpec {
  readonly command: string;
  readonly args: readonly string[];
  readonly env?: Record<string, string | undefined>;
  readonly cwd?: string;
  readonly logFile: string;
  readonly uid?: number;
  readonly gid?: number;
}

/**
 * Starts a process in its own session (so it is a process-group leader and survives the
 * spawner), with stdout and stderr appended to `logFile`.
 */
export function spawnDetached(spec: SpawnSpec): number {
  const fd = openSync(spec.logFile, 'a');
  try {
    const child = spawn(spec.command, [...spec.args], {
      detached: true,
      stdio: ['ignore', fd, fd],
      env: (spec.env ?? process.env) as NodeJS.ProcessEnv,
      cwd: spec.cwd,
      ...(spec.uid !== undefined ? { uid: spec.uid, gid: spec.gid } : {}),
    });
    child.on('error', () => {
      /* reported through the readiness check and the log */
    });
    child.unref();
    if (child.pid === undefined) throw new Error(`could not start ${spec.command}`);
    return child.pid;
  } finally {
    closeSync(fd);
  }
}

function procStat(pid: number): string | undefined {
  try {
    return readFileSync(`/proc/${pid}/stat`, 'utf8');
  } catch {
    return undefined;
  }
}

/** Alive and not a zombie. */
export function isAlive(pid: number): boolean {
  const stat = procStat(pid);
  if (stat === undefined) return false;
  const state = stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3);
  return state !== 'Z' && state !== 'X';
}

/** 'T' when stopped by SIGSTOP. */
export function isPaused(pid: number): boolean {
  const stat = procStat(pid);
  if (!stat) return false;
  return stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3) === 'T';
}

export function cmdline(pid: number): string {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').replaceAll('\0', ' ').trim();
  } catch {
    return '';
  }
}

function cwdOf(pid: number): string {
  try {
    return readlinkSync(`/proc/${pid}/cwd`);
  } catch {
    return '';
  }
}

/** Command line and working directory, for telling whose a process is. */
export function describeProcess(pid: number): string {
  return `${cmdline(pid)} cwd=${cwdOf(pid)}`;
}

/**
 * Every live process whose command line names `dir` (the stack's folder) or whose working
 * directory is inside it (redis-server rewrites its command line; services start in `dir`).
 */
export function findProcesses(dir: string): number[] {
  if (!existsSync('/proc')) return [];
  const pids: number[] = [];
  for (const entry of readdirSync('/proc')) {
    const pid = Number(entry);
    if (!Number.isInteger(pid) || pid === process.pid) continue;
    const cwd = cwdOf(pid);
    const inside = cwd === dir || cwd.startsWith(`${dir}/`);
    if ((inside || cmdline(pid).includes(dir)) && isAlive(pid)) pids.push(pid);
  }
  return pids;
}

function parentOf(pid: number): number | undefined {
  const stat = procStat(pid);
  if (!stat) return undefined;
  return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
}

/** A process and all its descendants (PostgreSQL backends call setsid, so a group is not enough). */
export function processTree(root: number): number[] {
  const children = new Map<number, number[]>();
  for (const entry of existsSync('/proc') ? readdirSync('/proc') : []) {
    const pid = Number(entry);
    if (!Number.isInteger(pid)) continue;
    const ppid = parentOf(pid);
    if (ppid !== undefined) children.set(ppid, [...(children.get(ppid) ?? []), pid]);
  }
  const tree: number[] = [];
  const queue = [root];
  while (queue.length) {
    const pid = queue.shift()!;
    tree.push(pid);
    queue.push(...(children.get(pid) ?? []));
  }
  return tree;
}

function signalOne(pid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(pid, signal);
  } catch {
    /* already gone */
  }
}

/** Signals the process group, and every descendant that left it. */
function signalGroup(pid: number, signal: NodeJS.Signals): void {
  const tree = processTree(pid);
  try {
    process.kill(-pid, signal);
  } catch {
    signalOne(pid, signal);
  }
  for (const child of tree.slice(1)) signalOne(child, signal);
}

export const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

export async function waitFor(
  check: () => boolean | Promise<boolean>,
  timeoutMs: number,
  intervalMs = 50,
): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (await check()) return true;
    if (Date.now() > deadline) return false;
    await sleep(intervalMs);
  }
}

/** Pause (SIGSTOP) or resume (SIGCONT) a whole process group. */
export function pauseGroup(pid: number): void {
  signalGroup(pid, 'SIGSTOP');
}
export function resumeGroup(pid: number): void {
  signalGroup(pid, 'SIGCONT');
}
export function killGroup(pid: number): void {
  signalGroup(pid, 'SIGKILL');
}

/**
 * Stops a process group: resumes it if paused, sends `signal`, and SIGKILLs it if it is
 * still alive after `graceMs`.
 */
export async function stopGroup(
  pid: number,
  signal: NodeJS.Signals = 'SIGTERM',
  graceMs = 5000,
): Promise<void> {
  if (!isAlive(pid)) return;
  signalGroup(pid, 'SIGCONT');
  signalOne(pid, signal);
  if (await waitFor(() => !isAlive(pid), graceMs, 25)) return;
  signalGroup(pid, 'SIGKILL');
  await waitFor(() => !isAlive(pid), 2000, 25);
}

/** uid and gid of a system user, from /etc/passwd. */
export function systemUser(name: string): { uid: number; gid: number } | undefined {
  try {
    const line = readFileSync('/etc/passwd', 'utf8')
      .split('\n')
      .find((l) => l.startsWith(`${name}:`));
    if (!line) return undefined;
    const [, , uid, gid] = line.split(':');
    return { uid: Number(uid), gid: Number(gid) };
  } catch {
    return undefined;
  }
}

export function tail(file: string, lines = 20): string {
  try {
    return readFileSync(file, 'utf8').trimEnd().split('\n').slice(-lines).join('\n');
  } catch {
    return '';
  }
}
