// npm run mcp:redis: the Redis MCP server over stdio. stdout carries the protocol only, so every
// log line goes to stderr. Without REDIS_URL it serves the Redis of the local stack that npm start
// runs (`--stack NAME` for another one), and says what to do when there is none.
import { parseArgs } from 'node:util';
import pkg from '../package.json' with { type: 'json' };
import { CACHE_DEFAULTS, CacheMetrics, createRedisClient } from '../lib/cache/index.ts';
import { createRedisMcpServer, parseMcpConfig } from '../lib/mcp/index.ts';
import { StdioServerTransport } from '@modelcontextprotocol/sdk/server/stdio.js';
import { appEnv, runningStack } from './stack/index.ts';

console.log = console.error;
console.info = console.error;

let env: Record<string, string | undefined> = process.env;
try {
  const { values } = parseArgs({ options: { stack: { type: 'string', default: 'dev' } } });
  if (!env.REDIS_URL) {
    const stack = runningStack(values.stack);
    if (!stack) {
      console.error(
        `mcp:redis: REDIS_URL is not set and no local stack "${values.stack}" is running. Start one with npm start (or npm run stack start) in this repository, or set REDIS_URL=redis://[:password@]host:port to use your own Redis.`,
      );
      process.exit(2);
    }
    env = { ...env, REDIS_URL: appEnv(stack).REDIS_URL };
    console.error(
      `mcp:redis: REDIS_URL is not set: using the Redis of the local stack "${stack.name}" (127.0.0.1:${stack.ports.redis})`,
    );
  }
} catch (err) {
  console.error(`mcp:redis: ${(err as Error).message}`);
  process.exit(2);
}

let config;
try {
  config = parseMcpConfig(env);
} catch (err) {
  console.error(`mcp:redis: ${(err as Error).message}`);
  process.exit(2);
}

const metrics = new CacheMetrics();
const client = createRedisClient({
  url: config.REDIS_URL,
  metrics,
  // The app's cache settings, with this server's prefix and (more patient) timeouts.
  config: {
    ...CACHE_DEFAULTS,
    keyPrefix: config.REDIS_KEY_PREFIX,
    connectTimeoutMs: config.REDIS_CONNECT_TIMEOUT_MS,
    commandTimeoutMs: config.REDIS_COMMAND_TIMEOUT_MS,
  },
});
const server = createRedisMcpServer(
  {
    client,
    metrics,
    prefix: config.REDIS_KEY_PREFIX,
    appUrl: config.APP_URL,
    healthToken: config.HEALTH_TOKEN,
  },
  {
    allowWrites: config.MCP_REDIS_ALLOW_WRITES,
    allowDestructive: config.MCP_REDIS_ALLOW_WRITES && config.MCP_REDIS_ALLOW_DESTRUCTIVE,
    version: pkg.version,
  },
);

// Give the first connection a moment, so the first call usually finds Redis ready.
await new Promise<void>((resolve) => {
  if (client.status === 'ready') return resolve();
  const t = setTimeout(resolve, config.REDIS_CONNECT_TIMEOUT_MS);
  client.once('ready', () => (clearTimeout(t), resolve()));
});

const transport = new StdioServerTransport();
await server.connect(transport);

const shutdown = async () => {
  await server.close().catch(() => {});
  client.disconnect();
  process.exit(0);
};
process.stdin.on('close', () => void shutdown());
process.on('SIGINT', () => void shutdown());
process.on('SIGTERM', () => void shutdown());
