// The monitoring files checked with the real tools: promtool checks every rules file and runs
// every rules test; a real Prometheus loads the rules (its parsed view is what these tests read),
// parses every query of the Grafana dashboard, and confirms each alert's annotations and links.
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  promtool,
  startPrometheus,
  type PrometheusServer,
  type RuleState,
} from '../scripts/testing/prometheus';
import { testStack } from '../scripts/testing/stack';
import { dashboardQueries, type GrafanaDashboard } from '../scripts/testing/dashboard-queries';

const dir = join(process.cwd(), 'monitoring', 'prometheus');
const files = readdirSync(dir);
const ruleFiles = files.filter((f) => f.endsWith('.yml') && !f.endsWith('.test.yml'));
const testFiles = files.filter((f) => f.endsWith('.test.yml'));
const dashboard = JSON.parse(
  readFileSync(join(process.cwd(), 'monitoring', 'grafana', 'supabase-data-layer.json'), 'utf8'),
) as GrafanaDashboard;

interface AlertRule extends RuleState {
  readonly annotations: Record<string, string>;
  readonly labels: Record<string, string>;
}

let prometheus: PrometheusServer;
let rules: AlertRule[];

beforeAll(async () => {
  prometheus = await startPrometheus({
    stackDir: testStack().dir,
    targets: [],
    token: 'unused',
    rules: Object.fromEntries(ruleFiles.map((f) => [f, readFileSync(join(dir, f), 'utf8')])),
  });
  rules = (await prometheus.rules()) as AlertRule[];
});
afterAll(async () => {
  await prometheus?.stop();
});

describe('Prometheus rules', () => {
  it.each(ruleFiles)('promtool check rules %s', (file) => {
    const r = promtool(['check', 'rules', join(dir, file)]);
    expect(r.out).toMatch(/SUCCESS: \d+ rules found/);
    expect(r.code).toBe(0);
  });

  it.each(testFiles)('promtool test rules %s', (file) => {
    const r = promtool(['test', 'rules', join(dir, file)]);
    expect(r.out).toContain('SUCCESS');
    expect(r.code).toBe(0);
  });

  it('loads every rule file into a real Prometheus', () => {
    const alerts = rules.filter((r) => r.type === 'alerting').map((r) => r.name);
    expect(alerts).toEqual(
      expect.arrayContaining([
        'DbPoolUtilizationHigh',
        'DbLatencyP99High',
        'CacheHitRateLow',
        'DbConnectionErrors',
        'DbSlowCallsRising',
        'DbBreakerOpenTooLong',
        'DbReadinessFailing',
        'RedisDown',
        'DbReplicaLagHigh',
        'DbAvailabilityBudgetBurnFast',
        'DbAvailabilityBudgetBurnMedium',
        'DbAvailabilityBudgetBurnSlow',
        'DbLatencyBudgetBurnFast',
        'DbLatencyBudgetBurnMedium',
        'DbLatencyBudgetBurnSlow',
      ]),
    );
  });

  it('every alert is made to fire, and to stay silent, by a rules test', () => {
    // Each `- eval_time:` block of a test file names one alert and what it expects.
    const cases = testFiles.flatMap((f) =>
      readFileSync(join(dir, f), 'utf8')
        .split(/^\s*- eval_time:/m)
        .slice(1)
        .map((block) => ({
          alert: /alertname: (\S+)/.exec(block)?.[1],
          fires: /exp_alerts:\s*\n\s*- exp_labels:/.test(block),
          silent: /exp_alerts: \[\]/.test(block),
        })),
    );
    for (const { name } of rules.filter((r) => r.type === 'alerting')) {
      expect(
        cases.some((c) => c.alert === name && c.fires),
        `${name} fires`,
      ).toBe(true);
      expect(
        cases.some((c) => c.alert === name && c.silent),
        `${name} stays silent`,
      ).toBe(true);
    }
  });

  it('every alert says what to look at first and links to its dashboard panel', () => {
    const panelIds = new Set(dashboard.panels.map((p) => p.id));
    for (const rule of rules.filter((r) => r.type === 'alerting')) {
      const a = rule.annotations;
      expect(a.summary, rule.name).toMatch(/\S/);
      expect(a.description, rule.name).toMatch(/Look first at/);
      const link = /^\/d\/([^/]+)\/[^?]+\?viewPanel=(\d+)$/.exec(a.dashboard ?? '');
      expect(link, `${rule.name} dashboard link`).not.toBeNull();
      expect(link![1]).toBe(dashboard.uid);
      expect(panelIds.has(Number(link![2])), `${rule.name} links to panel ${link![2]}`).toBe(true);
      expect(['/', '/db', '/cache']).toContain(a.app_page);
      expect(['warning', 'critical', 'page', 'ticket']).toContain(rule.labels.severity);
    }
  });
});

describe('Grafana dashboard', () => {
  it('has a Prometheus datasource variable and an instance variable used by every panel', () => {
    const vars = dashboard.templating.list;
    expect(vars.find((v) => v.name === 'datasource')).toMatchObject({
      type: 'datasource',
      query: 'prometheus',
    });
    expect(vars.find((v) => v.name === 'instance')).toMatchObject({ type: 'query', multi: true });
    for (const p of dashboard.panels.filter((p) => p.type !== 'row')) {
      expect(p.datasource, p.title).toEqual({ type: 'prometheus', uid: '${datasource}' });
      for (const t of p.targets ?? []) {
        if (!t.expr.startsWith('job:')) expect(t.expr, p.title).toContain('instance=~"$instance"');
      }
    }
  });

  it('has the panels a team expects', () => {
    const titles = dashboard.panels.map((p) => p.title).join('\n');
    for (const title of [
      /Pool utilization against its thresholds/,
      /Latency percentiles/,
      /Latency heatmap/,
      /Calls by outcome/,
      /Errors by code/,
      /Retries and the retry budget/,
      /Breaker state over time/,
      /Cache hit rate/,
      /Redis memory/,
      /burn rates/,
    ])
      expect(titles).toMatch(title);
    const heatmap = dashboard.panels.find((p) => p.type === 'heatmap');
    expect(heatmap?.targets?.[0]?.expr).toMatch(/db_call_duration_seconds_bucket/);
  });

  it('every query parses in Prometheus, with its variables substituted', async () => {
    const queries = dashboardQueries(dashboard, {
      job: 'app',
      instance: '(127\\\\.0\\\\.0\\\\.1:1|127\\\\.0\\\\.0\\\\.1:2)',
      rateInterval: '1m',
    });
    expect(queries.length).toBeGreaterThan(20);
    for (const q of queries) {
      if (q.kind === 'labels') continue; // label_values(): a series lookup, run in the e2e test
      await expect(prometheus.query(q.expr), `${q.panel}: ${q.expr}`).resolves.toMatchObject({
        resultType: expect.any(String),
      });
    }
  });
});
