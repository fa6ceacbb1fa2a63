import { describe, expect, it } from 'vitest';
import { dashboardQueries, substitute, type GrafanaDashboard } from './dashboard-queries';

const values = { job: 'app', instance: '(a|b)', rateInterval: '1m' };

describe('dashboardQueries', () => {
  it('substitutes $var, ${var} and the interval macros, and leaves other $ alone', () => {
    expect(
      substitute('rate(x{job=~"$job",instance=~"${instance}"}[$__rate_interval]) $other', values),
    ).toBe('rate(x{job=~"app",instance=~"(a|b)"}[1m]) $other');
  });

  it('lists variable lookups and every panel target', () => {
    const dashboard: GrafanaDashboard = {
      uid: 'u',
      title: 't',
      templating: {
        list: [
          { name: 'datasource', type: 'datasource', query: 'prometheus' },
          {
            name: 'instance',
            type: 'query',
            definition: 'label_values(up{job=~"$job"}, instance)',
          },
        ],
      },
      panels: [
        { id: 1, type: 'row', title: 'row' },
        {
          id: 2,
          type: 'timeseries',
          title: 'p',
          targets: [
            { refId: 'A', expr: 'a{instance=~"$instance"}' },
            { refId: 'B', expr: 'b' },
          ],
        },
      ],
    };
    expect(dashboardQueries(dashboard, values)).toEqual([
      {
        kind: 'labels',
        panel: 'variable instance',
        label: 'instance',
        match: 'up{job=~"app"}',
        expr: 'label_values(up{job=~"app"}, instance)',
      },
      { kind: 'promql', panel: 'p (A)', expr: 'a{instance=~"(a|b)"}' },
      { kind: 'promql', panel: 'p (B)', expr: 'b' },
    ]);
  });

  it('refuses a variable query it cannot run', () => {
    const dashboard: GrafanaDashboard = {
      uid: 'u',
      title: 't',
      templating: { list: [{ name: 'x', type: 'query', definition: 'query_result(up)' }] },
      panels: [],
    };
    expect(() => dashboardQueries(dashboard, values)).toThrow(/variable x/);
  });
});
