// CLI for the local stack: node scripts/stack.ts start|stop|status|env [--name dev]
import { parseArgs } from 'node:util';
import {
  MissingBinaryError,
  appEnv,
  health,
  readState,
  replicaUrls,
  startStack,
  stopStack,
} from './stack/index.ts';

const { positionals, values } = parseArgs({
  allowPositionals: true,
  options: { name: { type: 'string', default: 'dev' } },
});
const command = positionals[0] ?? 'status';
const name = values.name;

function report(state: NonNullable<ReturnType<typeof readState>>): void {
  const env = appEnv(state);
  console.log(`stack "${name}" (${state.dir})`);
  console.log(`  SUPABASE_URL       ${env.SUPABASE_URL}`);
  console.log(
    `  PostgREST          http://127.0.0.1:${state.ports.postgrest} (admin :${state.ports.postgrestAdmin} /live /ready)`,
  );
  console.log(`  PostgreSQL         127.0.0.1:${state.ports.postgres}`);
  console.log(`  Redis              127.0.0.1:${state.ports.redis}`);
  console.log(
    `  read replica       ${replicaUrls(state).join(',')} (PostgreSQL hot standby on 127.0.0.1:${state.ports.replica})`,
  );
  console.log(`  SUPABASE_ANON_KEY  ${state.anonKey}`);
  console.log(
    `  service-role key, JWT secret and Redis password: in ${state.dir}/app.env (not printed)`,
  );
}

try {
  switch (command) {
    case 'start': {
      const { state, reused } = await startStack({
        name,
        owner: null,
        log: (l) => console.log(`stack: ${l}`),
      });
      if (reused) console.log(`stack "${name}" is already running; nothing to do.`);
      report(state);
      break;
    }
    case 'stop':
      await stopStack(name);
      console.log(`stack "${name}" stopped.`);
      break;
    case 'status': {
      const state = readState(name);
      if (!state) {
        console.log(`stack "${name}" is not running.`);
        process.exitCode = 3;
        break;
      }
      report(state);
      console.log(JSON.stringify(await health(state), null, 2));
      break;
    }
    case 'env': {
      const state = readState(name);
      if (!state)
        throw new Error(`stack "${name}" is not running; start it with: npm run stack start`);
      for (const [k, v] of Object.entries(appEnv(state))) console.log(`export ${k}='${v}'`);
      console.log(`# export SUPABASE_READ_REPLICA_URLS='${replicaUrls(state).join(',')}'`);
      break;
    }
    default:
      console.error('usage: npm run stack -- start|stop|status|env [--name NAME]');
      process.exitCode = 2;
  }
} catch (err) {
  console.error(
    err instanceof MissingBinaryError
      ? `error: ${err.message}`
      : `error: ${(err as Error).message}`,
  );
  process.exitCode = 1;
}
