// Starts one local stack for the integration test run and removes it afterwards.
import type { TestProject } from 'vitest/node';
import {
  STACK_ROOT,
  appEnv,
  destroyStack,
  isAlive,
  readState,
  startStack,
} from '../stack/index.ts';
import { readdirSync, existsSync } from 'node:fs';

declare module 'vitest' {
  export interface ProvidedContext {
    stackName: string;
    appEnv: Record<string, string>;
  }
}

/** Test stacks of runs that died without cleaning up. */
async function removeOrphanedTestStacks(): Promise<void> {
  if (!existsSync(STACK_ROOT)) return;
  for (const name of readdirSync(STACK_ROOT)) {
    if (!name.startsWith('test-')) continue;
    const state = readState(name);
    if (!state || state.owner === null || !isAlive(state.owner)) await destroyStack(name);
  }
}

export default async function setup(project: TestProject) {
  await removeOrphanedTestStacks();
  const name = `test-${process.pid}`;
  const { state } = await startStack({ name, owner: process.pid });
  project.provide('stackName', name);
  project.provide('appEnv', appEnv(state));
  return async () => {
    await destroyStack(name);
  };
}
