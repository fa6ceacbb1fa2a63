// monitoring/ against a real Prometheus scraping two `next start` instances: every query of the
// Grafana dashboard (its variables substituted) and every rule expression parses and returns
// data (the instances use the stack's read replica, so the replica series exist too); and with
// PostgREST stopped, an alert turns pending and then firing (its `for:` shortened).
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import {
  readState,
  replicaUrls,
  stackDir,
  startService,
  stopService,
} from '../scripts/stack/index.ts';
import { dashboardQueries, type GrafanaDashboard } from '../scripts/testing/dashboard-queries';
import { startPrometheus, type PrometheusServer } from '../scripts/testing/prometheus';
import { startInstance, type AppInstance } from './instances';
import { e2eStackState, newUser, notesLoad } from './notes-load';
import { healthToken } from './support';

const RULES_DIR = join(process.cwd(), 'monitoring', 'prometheus');
const rules = (transform: (text: string) => string = (t) => t) =>
  Object.fromEntries(
    readdirSync(RULES_DIR)
      .filter((f) => f.endsWith('.yml') && !f.endsWith('.test.yml'))
      .map((f) => [f, transform(readFileSync(join(RULES_DIR, f), 'utf8'))]),
  );
const dashboard = JSON.parse(
  readFileSync(join(process.cwd(), 'monitoring', 'grafana', 'supabase-data-layer.json'), 'utf8'),
) as GrafanaDashboard;

test.describe.configure({ mode: 'serial' });

let instances: AppInstance[] = [];
const servers: PrometheusServer[] = [];

test.beforeAll(async () => {
  test.setTimeout(180_000);
  // With the stack's read replica configured, so the replica metrics and their alerts have data.
  const stack = readState(process.env.E2E_STACK!);
  if (!stack) throw new Error('the e2e stack is not running');
  const env = { SUPABASE_READ_REPLICA_URLS: replicaUrls(stack).join(',') };
  instances = await Promise.all([startInstance({ env }), startInstance({ env })]);
});

test.afterAll(async () => {
  await Promise.all(servers.map((s) => s.stop()));
  await Promise.all(instances.map((i) => i.stop()));
});

async function prometheusWith(ruleFiles: Record<string, string>, scrapeIntervalSeconds = 1) {
  const server = await startPrometheus({
    stackDir: stackDir(process.env.E2E_STACK!),
    targets: instances.map((i) => `127.0.0.1:${i.port}`),
    token: healthToken(),
    rules: ruleFiles,
    scrapeIntervalSeconds,
  });
  servers.push(server);
  await expect
    .poll(() => server.value('sum(up{job="app"})'), { timeout: 30_000 })
    .toBe(instances.length);
  return server;
}

/** The instance variable as Grafana renders a multi-value for PromQL: a regex, dots escaped. */
const instanceRegex = () =>
  `(${instances.map((i) => `127\\\\.0\\\\.0\\\\.1:${i.port}`).join('|')})`;

test('every dashboard query and every rule expression returns data', async () => {
  test.setTimeout(240_000);
  const prometheus = await prometheusWith(rules());
  const tokens = await Promise.all(instances.map(() => newUser()));
  const load = async (requests: number) => {
    const results = await Promise.all(
      instances.map((i, n) => notesLoad(i.url, tokens[n]!, requests)),
    );
    expect(results.flatMap((r) => r.failures)).toEqual([]);
  };
  // A caller error on each instance, so "Errors by code" has a series: a token the database
  // refuses (signed with another secret).
  const forged = `${tokens[0]!.split('.').slice(0, 2).join('.')}.${'A'.repeat(43)}`;
  for (const i of instances) {
    const res = await fetch(`${i.url}/api/notes`, {
      headers: { authorization: `Bearer ${forged}` },
    });
    expect(res.status).toBeGreaterThanOrEqual(400);
  }
  await load(60);
  // Rates over a 30 s window need two scrapes inside it, and the rules a few evaluations.
  await new Promise((r) => setTimeout(r, 5_000));
  const background = load(600); // keeps calls flowing while the queries run

  const values = { job: 'app', instance: instanceRegex(), rateInterval: '30s' };
  const empty: string[] = [];
  for (const q of dashboardQueries(dashboard, values)) {
    if (q.kind === 'labels') {
      const res = await fetch(
        `${prometheus.url}/api/v1/label/${q.label}/values?${new URLSearchParams({ 'match[]': q.match })}`,
      );
      const body = (await res.json()) as { status: string; data: string[] };
      expect(body.status, q.expr).toBe('success');
      if (q.label === 'instance')
        expect(body.data.sort()).toEqual(instances.map((i) => `127.0.0.1:${i.port}`).sort());
      if (body.data.length === 0) empty.push(`${q.panel}: ${q.expr}`);
      continue;
    }
    const { result } = await prometheus.query(q.expr);
    if (result.length === 0) empty.push(`${q.panel}: ${q.expr}`);
  }
  expect(empty, 'dashboard queries without data').toEqual([]);

  const loaded = await prometheus.rules();
  expect(loaded.length).toBeGreaterThan(30);
  const noData: string[] = [];
  for (const rule of loaded) {
    expect(rule.health, `${rule.name}: ${rule.lastError ?? ''}`).not.toBe('err');
    const { result } = await prometheus.query(rule.query); // parses, or query() throws
    if (rule.type === 'recording') {
      if (result.length === 0) noData.push(`${rule.name}: ${rule.query}`);
      continue;
    }
    // An alert's expression is empty while it does not fire: its signal (the series it compares
    // with a threshold, named first) must have data instead.
    const signal = /^\s*\(?\s*([a-zA-Z_:][a-zA-Z0-9_:]*)/.exec(rule.query)?.[1];
    expect(signal, rule.name).toBeDefined();
    if ((await prometheus.query(signal!)).result.length === 0)
      noData.push(`${rule.name}: signal ${signal}`);
  }
  expect(noData, 'rules without data').toEqual([]);
  await background;
});

test('PostgREST stopped, primary and replica: the readiness alert turns pending, then firing', async () => {
  test.setTimeout(180_000);
  // Scrapes every 2 s, so a scrape outlasts a health probe's 1 s timeout; `for:` shortened to 6 s.
  const prometheus = await prometheusWith(
    rules((text) => text.replace(/^(\s+for:) \S+$/gm, '$1 6s')),
    2,
  );
  const alertState = async () =>
    (await prometheus.rules()).find((r) => r.name === 'DbReadinessFailing')?.state;
  const firingAlerts = async () => {
    const body = (await fetch(`${prometheus.url}/api/v1/alerts`).then((r) => r.json())) as {
      data: {
        alerts: Array<{
          labels: Record<string, string>;
          annotations: Record<string, string>;
          state: string;
        }>;
      };
    };
    return body.data.alerts.filter(
      (a) => a.labels.alertname === 'DbReadinessFailing' && a.state === 'firing',
    );
  };
  expect(await alertState()).toBe('inactive');
  const state = e2eStackState();
  const seen: string[] = [];
  let firing: Awaited<ReturnType<typeof firingAlerts>> = [];
  // Both: with the primary alone down, a replica that serves reads keeps readiness at 200 (warn).
  await stopService(state, 'postgrest');
  await stopService(state, 'replica-postgrest');
  try {
    const deadline = Date.now() + 90_000;
    while (!seen.includes('firing') && Date.now() < deadline) {
      const s = await alertState();
      if (s && s !== seen.at(-1)) seen.push(s);
      await new Promise((r) => setTimeout(r, 250));
    }
    expect(seen).toEqual(['inactive', 'pending', 'firing']);
    // The rule fires as soon as one instance's alert does; the other follows within a scrape or
    // two (their readiness flips at their own scrape times).
    await expect
      .poll(async () => (await firingAlerts()).map((a) => a.labels.instance).sort(), {
        timeout: 30_000,
      })
      .toEqual(instances.map((i) => `127.0.0.1:${i.port}`).sort());
    firing = await firingAlerts();
  } finally {
    await startService(state, 'postgrest');
    await startService(state, 'replica-postgrest');
  }
  expect(firing[0]!.annotations.summary).toMatch(/^127\.0\.0\.1:\d+ is not ready$/);
  // Back: readiness recovers and the alert resolves.
  await expect.poll(alertState, { timeout: 60_000 }).toBe('inactive');
});
