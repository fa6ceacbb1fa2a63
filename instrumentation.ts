// Runs once when the server starts (see lib/startup), before it serves a request; the Node-only
// work, OpenTelemetry included when it is configured, is loaded only in the Node runtime.
export async function register(): Promise<void> {
  if (process.env.NEXT_RUNTIME === 'nodejs') {
    const { startServer } = await import('./lib/startup');
    await startServer();
  }
}
