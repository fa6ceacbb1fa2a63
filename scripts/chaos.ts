// npm run chaos: fault controls for the local stack, to watch the breaker open and close and the
// cache degrade and recover on the dashboard. Refuses to act when SUPABASE_URL or REDIS_URL
// points anywhere but the local stack; it only ever signals the processes of a local stack's
// state file. Usage: see chaos/chaos-args.ts (npm run chaos -- help).
import { ChaosUsageError, USAGE, parseChaosArgs, type ChaosCommand } from './chaos/chaos-args.ts';
import { refusalForRemote } from './chaos/local-only.ts';
import { cancelRestorations, pendingRestorations, spawnRestorer } from './chaos/restorer.ts';
import {
  SERVICES,
  appEnv,
  findProcesses,
  health,
  isAlive,
  killService,
  pauseReplay,
  pauseService,
  readState,
  restartService,
  resumeReplay,
  resumeService,
  runningStack,
  startService,
  stopService,
  type ServiceName,
  type StackState,
} from './stack/index.ts';

const clock = (at: number) => new Date(at).toTimeString().slice(0, 8);
const seconds = (ms: number) => `${Math.round(ms / 1000)} s`;

class ChaosError extends Error {}

function localStack(name: string): StackState {
  const state = runningStack(name);
  if (!state)
    throw new ChaosError(
      `no local stack "${name}" is running: start one with npm start (or npm run stack start)`,
    );
  return state;
}

/** True when the service's recorded pid is alive and belongs to this stack's folder. */
function running(state: StackState, service: ServiceName): boolean {
  const pid = (readState(state.name) ?? state).pids[service];
  return !!pid && isAlive(pid) && findProcesses(state.dir).includes(pid);
}

async function status(state: StackState): Promise<void> {
  const h = await health(state);
  const pending = pendingRestorations(state);
  console.log(`stack "${state.name}": SUPABASE_URL ${appEnv(state).SUPABASE_URL}`);
  for (const s of SERVICES) {
    const r = pending.find((p) => p.service === s);
    const back = r
      ? `  ${{ resume: 'resumes', replay: 'catches up', start: 'restarts' }[r.restore]} at ${clock(r.at)} (in ${seconds(Math.max(0, r.at - Date.now()))})`
      : '';
    console.log(`  ${s.padEnd(17)} ${h[s].padEnd(7)}${back}`);
  }
}

async function fault(
  state: StackState,
  cmd: Extract<ChaosCommand, { action: 'stop' | 'kill' | 'pause' | 'lag' }>,
): Promise<void> {
  const { service, durationMs } = cmd;
  if (!running(state, service))
    throw new ChaosError(
      `${service} is not running; bring it back with: npm run chaos -- start ${service}`,
    );
  await cancelRestorations(state, service);
  const restore = cmd.action === 'pause' ? 'resume' : cmd.action === 'lag' ? 'replay' : 'start';
  const at = durationMs === undefined ? undefined : Date.now() + durationMs;
  // The restorer first: whatever happens to this command from here on, the fault ends.
  if (at !== undefined) spawnRestorer(state, { service, restore, at });
  if (cmd.action === 'stop') await stopService(state, service);
  else if (cmd.action === 'kill') await killService(state, service);
  else if (cmd.action === 'lag') await pauseReplay(state);
  else pauseService(state, service);
  const done = {
    stop: 'stopped',
    kill: 'killed',
    pause: 'paused',
    lag: 'WAL replay paused (lag grows with every write)',
  }[cmd.action];
  const repair = restore === 'replay' ? 'catch-up' : restore;
  const comesBack = { resume: 'resumes', replay: 'catches up', start: 'restarts' }[restore];
  console.log(
    at === undefined
      ? `${service} ${done}; bring it back with: npm run chaos -- ${repair} ${service}`
      : `${service} ${done} for ${seconds(durationMs!)}: it ${comesBack} by itself at ${clock(at)}, even if this command is interrupted (sooner: npm run chaos -- ${repair} ${service})`,
  );
}

async function repair(
  state: StackState,
  cmd: Extract<ChaosCommand, { action: 'start' | 'restart' | 'resume' | 'catch-up' }>,
): Promise<void> {
  const { service } = cmd;
  await cancelRestorations(state, service);
  if (cmd.action === 'catch-up') {
    await resumeReplay(state);
    console.log(`${service}: WAL replay resumed`);
    return;
  }
  if (cmd.action === 'resume') {
    if (!running(state, service))
      throw new ChaosError(
        `${service} is not running; start it with: npm run chaos -- start ${service}`,
      );
    resumeService(state, service);
    console.log(`${service} resumed`);
  } else if (cmd.action === 'restart') {
    await restartService(state, service);
    console.log(`${service} restarted`);
  } else {
    await startService(state, service);
    console.log(`${service} started`);
  }
}

try {
  const cmd = parseChaosArgs(process.argv.slice(2));
  if (cmd.action === 'help') {
    console.log(USAGE);
    process.exit(0);
  }
  const state = localStack(cmd.stack);
  const refusal = refusalForRemote(process.env, appEnv(state), cmd.stack);
  if (refusal) throw new ChaosError(refusal);
  switch (cmd.action) {
    case 'status':
      await status(state);
      break;
    case 'stop':
    case 'kill':
    case 'pause':
    case 'lag':
      await fault(state, cmd);
      break;
    case 'start':
    case 'restart':
    case 'resume':
    case 'catch-up':
      await repair(state, cmd);
      break;
  }
} catch (err) {
  if (!(err instanceof ChaosError || err instanceof ChaosUsageError)) throw err;
  console.error(`chaos: ${err.message}`);
  process.exitCode = err instanceof ChaosUsageError ? 2 : 1;
}
