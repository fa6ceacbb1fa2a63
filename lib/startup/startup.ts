// Server start-up (Node runtime only): checks the configuration, so a bad or missing variable
// stops the server with a message naming it, and starts the event-loop delay monitor.
import 'server-only';
import { EnvError, serverEnv } from '../env';
import { eventLoopMonitor, healthConfig } from '../health';

export function startServer(): void {
  try {
    serverEnv();
    healthConfig();
    eventLoopMonitor();
  } catch (err) {
    if (err instanceof EnvError || err instanceof RangeError) {
      console.error(`[startup] ${err.message}`);
      process.exit(1);
    }
    throw err;
  }
}
