// Server start-up (Node runtime only). OpenTelemetry first, when it is configured (loaded on
// demand: unconfigured, no OpenTelemetry SDK module is loaded and the data layer has no tracing
// observer), because the ioredis instrumentation can only patch ioredis when it is required:
// everything that reaches ioredis is imported after it. Then the whole configuration is checked
// (a bad variable or a contradictory combination stops the server with a message naming it),
// and the event-loop delay monitor, the breakers' active recovery, the fleet publisher and the
// graceful shutdown on SIGTERM/SIGINT start.
import 'server-only';
import { EnvError, serverEnv, type ServerEnv } from '../env';
import { telemetrySignals } from './telemetry-signals';

function fail(lines: readonly string[]): never {
  for (const line of lines) console.error(`[startup] ${line}`);
  process.exit(1);
}

export async function startServer(): Promise<void> {
  let env: ServerEnv;
  try {
    env = serverEnv();
  } catch (err) {
    if (err instanceof EnvError) fail([err.message]);
    throw err;
  }
  const signals = telemetrySignals(env);
  const telemetry =
    signals.traces || signals.metrics
      ? (await import('../telemetry')).startTelemetry(env, signals)
      : undefined;
  const { checkConfiguration } = await import('./check-configuration');
  const problems = checkConfiguration(process.env);
  if (problems.length > 0) fail(problems);
  const [
    { eventLoopMonitor, watchRecovery },
    { startFleet },
    { addDbObserver, callLog },
    { installShutdown },
  ] = await Promise.all([
    import('../health'),
    import('../fleet'),
    import('../db'),
    import('./shutdown'),
  ]);
  eventLoopMonitor();
  watchRecovery();
  startFleet();
  const log = env.DB_CALL_LOG ? callLog(env.DB_CALL_LOG) : undefined;
  if (log) addDbObserver(log);
  // Spans still buffered and the call log are flushed too when the server stops.
  installShutdown(console.log, async () => {
    await Promise.all([log?.close(), telemetry?.shutdown()]);
  });
}
