// Runs once when the server starts (see lib/startup); the Node-only work is loaded only in the
// Node runtime.
export async function register(): Promise<void> {
  if (process.env.NEXT_RUNTIME === 'nodejs') {
    const { startServer } = await import('./lib/startup');
    startServer();
  }
}
