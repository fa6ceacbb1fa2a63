// A real Prometheus server for tests (the Debian package `prometheus`): its own config and storage
// folder under a stack's folder, a free port, a short scrape interval, the app's metrics endpoint
// scraped with the health token, queried through its HTTP API, and stopped after the test.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { delimiter, join } from 'node:path';
import { MissingBinaryError, freePort } from '../stack/index.ts';

const HINT = 'Install the Debian package: apt-get install prometheus (it brings promtool too).';

/**
 * The path of `prometheus` or `promtool`, looked up in `dirs` (PATH, then /usr/bin).
 * @throws MissingBinaryError naming the Debian package when it is not installed.
 */
export function prometheusBinary(
  name: 'prometheus' | 'promtool',
  dirs: readonly string[] = [...(process.env.PATH ?? '').split(delimiter), '/usr/bin'],
): string {
  for (const dir of dirs) {
    if (dir && existsSync(join(dir, name))) return join(dir, name);
  }
  throw new MissingBinaryError(name, HINT);
}

/** Runs promtool with `args` (and `input` on stdin); never throws for a non-zero exit. */
export function promtool(args: readonly string[], input?: string): { code: number; out: string } {
  const r = spawnSync(prometheusBinary('promtool'), args, { input, encoding: 'utf8' });
  return { code: r.status ?? 1, out: `${r.stdout ?? ''}${r.stderr ?? ''}`.trim() };
}

export interface PrometheusOptions {
  /** A stack's folder (`.stack/<name>`): the server's config and data go in a folder inside it. */
  readonly stackDir: string;
  /** `host:port` of each app instance to scrape. */
  readonly targets: readonly string[];
  /** HEALTH_TOKEN: the metrics endpoint needs it. */
  readonly token: string;
  readonly scrapeIntervalSeconds?: number;
  /** Rule files to load (YAML text by file name). */
  readonly rules?: Readonly<Record<string, string>>;
}

export interface VectorSample {
  readonly metric: Readonly<Record<string, string>>;
  readonly value: readonly [number, string];
}

export interface RuleState {
  readonly name: string;
  readonly query: string;
  readonly type: 'alerting' | 'recording';
  readonly health: string;
  readonly lastError?: string;
  /** Alerting rules only: inactive, pending or firing. */
  readonly state?: 'inactive' | 'pending' | 'firing';
}

export interface PrometheusServer {
  readonly url: string;
  readonly dir: string;
  /** An instant query; resolves with the result vector (or matrix/scalar as Prometheus sent it). */
  query(expr: string, time?: number): Promise<{ resultType: string; result: unknown[] }>;
  /** The value of a query's only sample; undefined when it returned none. */
  value(expr: string, time?: number): Promise<number | undefined>;
  /** Every loaded rule with its evaluation health and, for alerts, its state. */
  rules(): Promise<RuleState[]>;
  /** Server output so far, for failure messages. */
  output(): string;
  stop(): Promise<void>;
}

interface ApiAnswer<T> {
  status: 'success' | 'error';
  data?: T;
  errorType?: string;
  error?: string;
}

function config(opts: PrometheusOptions, tokenFile: string, ruleFiles: string[]): string {
  const every = `${opts.scrapeIntervalSeconds ?? 1}s`;
  return [
    'global:',
    `  scrape_interval: ${every}`,
    `  scrape_timeout: ${every}`,
    `  evaluation_interval: ${every}`,
    'rule_files:',
    ...ruleFiles.map((f) => `  - ${JSON.stringify(f)}`),
    ...(ruleFiles.length ? [] : ['  []']),
    'scrape_configs:',
    '  - job_name: app',
    '    metrics_path: /api/health/metrics',
    '    authorization:',
    '      type: Bearer',
    `      credentials_file: ${JSON.stringify(tokenFile)}`,
    '    static_configs:',
    `      - targets: ${JSON.stringify(opts.targets)}`,
    '',
  ].join('\n');
}

function exited(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => child.once('exit', () => resolve()));
}

/**
 * Starts Prometheus on a free port and waits until it is ready.
 * @throws MissingBinaryError when the Debian package is not installed.
 * @throws Error with the server's output when it does not become ready within 30 s.
 */
export async function startPrometheus(opts: PrometheusOptions): Promise<PrometheusServer> {
  const binary = prometheusBinary('prometheus');
  const port = await freePort();
  const dir = join(opts.stackDir, `prometheus-${port}`);
  mkdirSync(join(dir, 'data'), { recursive: true });
  const tokenFile = join(dir, 'token');
  writeFileSync(tokenFile, opts.token, { mode: 0o600 });
  const ruleFiles = Object.entries(opts.rules ?? {}).map(([name, text]) => {
    const file = join(dir, name);
    writeFileSync(file, text);
    return file;
  });
  const configFile = join(dir, 'prometheus.yml');
  writeFileSync(configFile, config(opts, tokenFile, ruleFiles));
  let out = '';
  const child = spawn(
    binary,
    [
      `--config.file=${configFile}`,
      `--storage.tsdb.path=${join(dir, 'data')}`,
      `--web.listen-address=127.0.0.1:${port}`,
      '--storage.tsdb.retention.time=1h',
      '--log.level=warn',
    ],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  child.stdout!.on('data', (d: Buffer) => (out = (out + d.toString()).slice(-20_000)));
  child.stderr!.on('data', (d: Buffer) => (out = (out + d.toString()).slice(-20_000)));
  // A test runner that dies must not leave the server behind.
  const killOnExit = () => child.kill('SIGKILL');
  process.once('exit', killOnExit);
  const url = `http://127.0.0.1:${port}`;

  const stop = async () => {
    process.removeListener('exit', killOnExit);
    if (child.exitCode !== null || child.signalCode !== null) return;
    child.kill('SIGTERM');
    const t = setTimeout(() => child.kill('SIGKILL'), 5_000);
    await exited(child);
    clearTimeout(t);
  };

  const deadline = Date.now() + 30_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`prometheus exited at start:\n${out}`);
    const ready = await fetch(`${url}/-/ready`).then(
      (r) => r.ok,
      () => false,
    );
    if (ready) break;
    if (Date.now() > deadline) {
      await stop();
      throw new Error(`prometheus did not become ready on ${url}:\n${out}`);
    }
    await new Promise((r) => setTimeout(r, 200));
  }

  async function api<T>(path: string, params: Record<string, string> = {}): Promise<T> {
    const res = await fetch(`${url}/api/v1/${path}`, {
      method: 'POST',
      body: new URLSearchParams(params),
    });
    const body = (await res.json()) as ApiAnswer<T>;
    if (body.status !== 'success' || body.data === undefined)
      throw new Error(
        `prometheus ${path} ${JSON.stringify(params)}: ${body.errorType}: ${body.error}`,
      );
    return body.data;
  }

  const query = (expr: string, time?: number) =>
    api<{ resultType: string; result: unknown[] }>('query', {
      query: expr,
      ...(time === undefined ? {} : { time: String(time) }),
    });

  return {
    url,
    dir,
    query,
    async value(expr, time) {
      const { result } = await query(expr, time);
      if (result.length > 1) throw new Error(`${expr}: ${result.length} samples, expected one`);
      const sample = result[0] as VectorSample | undefined;
      return sample === undefined ? undefined : Number(sample.value[1]);
    },
    async rules() {
      const res = await fetch(`${url}/api/v1/rules`);
      const body = (await res.json()) as ApiAnswer<{ groups: Array<{ rules: RuleState[] }> }>;
      if (body.status !== 'success') throw new Error(`prometheus rules: ${body.error}`);
      return body.data!.groups.flatMap((g) => g.rules);
    },
    output: () => out,
    stop,
  };
}
