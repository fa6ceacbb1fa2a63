// Public face of the local stack, for the CLI, npm start and the test helpers.
export { findBinaries, MissingBinaryError } from './binaries.ts';
export { mintUserToken } from './keys.ts';
export { freePort, portInUse } from './ports.ts';
export { describeProcess, findProcesses, isAlive } from './processes.ts';
export { runningStack } from './running-stack.ts';
export {
  POSTGREST_DB_POOL,
  SERVICES,
  paths,
  type ServiceName,
  type StackState,
} from './services.ts';
export {
  REPO_ROOT,
  STACK_ROOT,
  appEnv,
  databaseUrl,
  destroyStack,
  health,
  killService,
  pauseService,
  pauseReplay,
  readState,
  replayPaused,
  replicaUrls,
  restartService,
  resumeReplay,
  resumeService,
  runSql,
  startService,
  startStack,
  stackDir,
  stopService,
  stopStack,
  type SqlTarget,
} from './stack.ts';
