// The local stack of a given name, when one is running: for tools that act on it from outside
// the process that started it (npm run chaos, npm run mcp:redis).
import { isAlive } from './processes.ts';
import { SERVICES, type StackState } from './services.ts';
import { readState } from './stack.ts';

/** The stack's state when its state file exists and at least one of its services is alive. */
export function runningStack(name: string): StackState | undefined {
  const state = readState(name);
  return state && SERVICES.some((s) => isAlive(state.pids[s])) ? state : undefined;
}
