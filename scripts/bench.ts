// Runs a benchmark from bench/ the way production runs the code: bundled by esbuild without
// keep-names helpers (tsx's on-the-fly transform adds per-closure __name calls that inflate
// hot-path figures), with --expose-gc for heap figures, against a local stack started for the
// run (its URLs and keys passed in the environment, as the app gets them) and stopped after.
// Usage: node scripts/bench.ts <name>   (bench/<name>.bench.ts)
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { build } from 'esbuild';
import { REPO_ROOT, appEnv, replicaUrls, startStack, stopStack } from './stack/index.ts';

const name = process.argv[2];
const entry = join(REPO_ROOT, 'bench', `${name}.bench.ts`);
if (!name || !existsSync(entry)) {
  console.error(
    `usage: node scripts/bench.ts <name>, where bench/<name>.bench.ts exists (got ${name ?? 'nothing'})`,
  );
  process.exit(2);
}
const outDir = join(REPO_ROOT, '.stack', 'bench');
mkdirSync(outDir, { recursive: true });
const outfile = join(outDir, `${name}.mjs`);
await build({
  entryPoints: [entry],
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node24',
  packages: 'external',
  alias: { 'server-only': join(REPO_ROOT, 'scripts/testing/server-only-stub.ts') },
  outfile,
  logLevel: 'warning',
});
const stackName = `bench-${process.pid}`;
let status = 1;
try {
  const { state } = await startStack({ name: stackName, owner: process.pid });
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    ...appEnv(state),
    NODE_ENV: 'production',
    // The stack's read replica, for bench/replica.bench.ts only (the app's variable stays unset).
    BENCH_REPLICA_URLS: replicaUrls(state).join(','),
    HEALTH_TOKEN: process.env.HEALTH_TOKEN ?? randomBytes(18).toString('base64url'),
  };
  const result = spawnSync(process.execPath, ['--expose-gc', outfile, ...process.argv.slice(3)], {
    stdio: 'inherit',
    env,
  });
  status = result.status ?? 1;
} finally {
  await stopStack(stackName);
}
process.exit(status);
