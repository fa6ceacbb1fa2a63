// npm test: format, lint, types, unit + integration (Vitest), end-to-end (Playwright), and a
// leftover-process check; ends with one line "tests: N passed, N failed" over all of them.
// Before the first step, the Debian packages the tests need are installed (as root) or named with
// the command to install them: a missing binary never fails a test late.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { SystemPackagesError, ensureSystemPackages } from './setup/ensure-packages.ts';
import { PACKAGES_FOR } from './setup/missing-packages.ts';
import { REPO_ROOT, STACK_ROOT, describeProcess, findProcesses } from './stack/index.ts';

try {
  ensureSystemPackages(PACKAGES_FOR.test, { log: (line) => console.log(`npm test: ${line}`) });
} catch (err) {
  if (!(err instanceof SystemPackagesError)) throw err;
  console.error(`npm test: ${err.message}`);
  process.exit(1);
}

interface Tally {
  passed: number;
  failed: number;
}
const results: Array<{ step: string } & Tally> = [];
const reports = join(STACK_ROOT, 'reports');
mkdirSync(reports, { recursive: true });
const bin = (name: string) => join(REPO_ROOT, 'node_modules', '.bin', name);
const env = {
  ...process.env,
  NEXT_TELEMETRY_DISABLED: '1',
  FORCE_COLOR: process.env.CI ? '0' : '1',
};

function runStep(
  step: string,
  command: string,
  args: string[],
  extraEnv: Record<string, string> = {},
): number {
  console.log(`\n=== ${step}: ${[command.split('/').pop(), ...args].join(' ')}`);
  const r = spawnSync(command, args, {
    cwd: REPO_ROOT,
    env: { ...env, ...extraEnv },
    stdio: 'inherit',
  });
  return r.status ?? 1;
}

/** A check that is not a test runner counts as one test. */
function check(step: string, command: string, args: string[]): void {
  const code = runStep(step, command, args);
  results.push({ step, passed: code === 0 ? 1 : 0, failed: code === 0 ? 0 : 1 });
}

function fromJson(step: string, file: string, code: number, read: (json: unknown) => Tally): void {
  let tally: Tally = { passed: 0, failed: 1 };
  if (existsSync(file)) {
    try {
      tally = read(JSON.parse(readFileSync(file, 'utf8')));
      // A runner that failed without a failing test (setup error, crash) still fails the run.
      if (code !== 0 && tally.failed === 0) tally = { ...tally, failed: 1 };
    } catch {
      /* unreadable report: counted as one failure */
    }
  }
  results.push({ step, ...tally });
}

check('format', bin('prettier'), ['--check', '--log-level', 'warn', '.']);
check('lint', bin('eslint'), ['.', '--max-warnings', '0']);
check('typecheck', bin('tsc'), ['--noEmit']);

const vitestJson = join(reports, 'vitest.json');
rmSync(vitestJson, { force: true });
const vitestCode = runStep('vitest', bin('vitest'), ['run'], { VITEST_JSON: vitestJson });
fromJson('vitest', vitestJson, vitestCode, (j) => {
  const r = j as { numPassedTests: number; numFailedTests: number };
  return { passed: r.numPassedTests, failed: r.numFailedTests };
});

const playwrightJson = join(reports, 'playwright.json');
rmSync(playwrightJson, { force: true });
const e2eCode = runStep('e2e', bin('playwright'), ['test'], { PLAYWRIGHT_JSON: playwrightJson });
fromJson('e2e', playwrightJson, e2eCode, (j) => {
  const s = (j as { stats: { expected: number; unexpected: number; flaky: number } }).stats;
  return { passed: s.expected + s.flaky, failed: s.unexpected };
});

// Every stack a test started must be gone (a developer's own `npm start` stack is not counted).
const leftovers = findProcesses(REPO_ROOT).filter((pid) =>
  /\.stack\/(test|e2e|start)-|--stack-name (test|e2e|start)-/.test(describeProcess(pid)),
);
console.log(`\n=== leftover processes: ${leftovers.length ? leftovers.join(', ') : 'none'}`);
results.push({
  step: 'no-leftover-processes',
  passed: leftovers.length ? 0 : 1,
  failed: leftovers.length ? 1 : 0,
});

const passed = results.reduce((n, r) => n + r.passed, 0);
const failed = results.reduce((n, r) => n + r.failed, 0);
console.log('');
for (const r of results)
  console.log(`  ${r.failed ? 'FAIL' : 'ok  '} ${r.step}: ${r.passed} passed, ${r.failed} failed`);
const summary = `tests: ${passed} passed, ${failed} failed`;
writeFileSync(join(reports, 'summary.txt'), `${summary}\n`);
console.log(summary);
process.exit(failed ? 1 : 0);
