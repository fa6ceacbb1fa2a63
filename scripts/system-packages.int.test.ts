// npm test and npm start on a machine missing Debian packages, run as a user who may not install
// them (nobody, when these tests run as root): each stops at once with one message naming the
// packages and the command, before its first test or before the stack starts.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { installCommand } from './setup/ensure-packages.ts';
import { REPO_ROOT, freePort } from './stack/index.ts';
import { systemUser } from './stack/processes.ts';

// An empty folder as PATH: redis-server, promtool and prometheus are not found (Chromium,
// PostgreSQL and PgBouncer are found at their Debian paths, which are off PATH).
const emptyPath = mkdtempSync(join(tmpdir(), 'empty-path-'));
afterAll(() => rmSync(emptyPath, { recursive: true, force: true }));

function run(script: string, env: Record<string, string> = {}) {
  const user =
    process.getuid?.() === 0 ? (systemUser('nobody') ?? { uid: 65534, gid: 65534 }) : undefined;
  const child = spawn(process.execPath, [join(REPO_ROOT, 'scripts', script)], {
    cwd: REPO_ROOT,
    env: { PATH: emptyPath, HOME: emptyPath, NEXT_TELEMETRY_DISABLED: '1', ...env } as Record<
      string,
      string
    > as NodeJS.ProcessEnv,
    uid: user?.uid,
    gid: user?.gid,
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d: Buffer) => (stdout += d));
  child.stderr.on('data', (d: Buffer) => (stderr += d));
  return new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) =>
    child.on('exit', (code) => resolve({ code, stdout, stderr })),
  );
}

describe('missing Debian packages, not root', () => {
  it('npm test stops before its first step with one message and the command', async () => {
    const r = await run('test.ts');
    expect(r.code).toBe(1);
    expect(r.stdout).toBe(''); // no step started ("=== format: …")
    expect(r.stderr).toBe(
      `npm test: missing Debian packages prometheus, redis-server: install them with: ${installCommand(['prometheus', 'redis-server'])}\n`,
    );
  });

  it('npm start names only what it needs, before the stack starts', async () => {
    const r = await run('start.ts', { PORT: String(await freePort()) });
    expect(r.code).toBe(1);
    expect(r.stderr).toBe(
      `npm start: missing Debian package redis-server: install it with: ${installCommand(['redis-server'])}\n`,
    );
    expect(r.stdout).not.toContain('stack:');
  });
});
