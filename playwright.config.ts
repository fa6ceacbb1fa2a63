import { defineConfig } from '@playwright/test';

const port = Number(process.env.E2E_PORT ?? 3100);
// Each e2e run gets its own stack, so it can break services without touching `npm start`'s.
const stackName = process.env.E2E_STACK ?? `e2e-${process.pid}`;
process.env.E2E_STACK = stackName; // workers read the stack state (e2e/support.ts)
// The dashboard's sign-in token for this run, known to the tests (e2e/support.ts reads it).
export const E2E_HEALTH_TOKEN = process.env.E2E_HEALTH_TOKEN ?? 'e2e-health-token-0123456789abcdef';
process.env.E2E_HEALTH_TOKEN = E2E_HEALTH_TOKEN;
const env: Record<string, string> = {
  HEALTH_TOKEN: E2E_HEALTH_TOKEN,
  // Faster fault cycles than production's: the breaker trips after 3 failures and probes after
  // 2 s; health probes are reused for 0.5 s.
  DB_BREAKER_CONSECUTIVE_FAILURES: '3',
  DB_BREAKER_RESET_MS: '2000',
  HEALTH_PROBE_TTL_MS: '500',
};
for (const [k, v] of Object.entries(process.env)) {
  if (
    v !== undefined &&
    ![
      'HEALTH_TOKEN',
      'SUPABASE_URL',
      'SUPABASE_ANON_KEY',
      'SUPABASE_SERVICE_ROLE_KEY',
      'REDIS_URL',
    ].includes(k)
  )
    env[k] = v;
}

export default defineConfig({
  testDir: 'e2e',
  outputDir: 'test-results',
  fullyParallel: false,
  workers: 1,
  retries: 0,
  timeout: 60_000,
  reporter: process.env.PLAYWRIGHT_JSON
    ? [['list'], ['json', { outputFile: process.env.PLAYWRIGHT_JSON }]]
    : [['list']],
  use: {
    baseURL: `http://127.0.0.1:${port}`,
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
    },
  },
  webServer: {
    command: `node scripts/start.ts --stack-name ${stackName}`,
    url: `http://127.0.0.1:${port}/`,
    env: { ...env, PORT: String(port), E2E_STACK: stackName },
    timeout: 240_000,
    reuseExistingServer: false,
    stdout: 'pipe',
    gracefulShutdown: { signal: 'SIGINT', timeout: 20_000 },
  },
});
