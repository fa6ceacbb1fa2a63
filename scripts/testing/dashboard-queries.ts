// Every query of a Grafana dashboard, with its template variables substituted as Grafana would,
// so a test can run them against a real Prometheus: panel targets (PromQL) and the variables'
// label_values() lookups (a series query in Prometheus's API).

export interface GrafanaTarget {
  readonly expr: string;
  readonly refId: string;
}

export interface GrafanaPanel {
  readonly id: number;
  readonly type: string;
  readonly title: string;
  readonly datasource?: unknown;
  readonly targets?: readonly GrafanaTarget[];
}

export interface GrafanaVariable {
  readonly name: string;
  readonly type: string;
  readonly query?: unknown;
  readonly definition?: string;
  readonly multi?: boolean;
}

export interface GrafanaDashboard {
  readonly uid: string;
  readonly title: string;
  readonly panels: readonly GrafanaPanel[];
  readonly templating: { readonly list: readonly GrafanaVariable[] };
}

export type DashboardQuery =
  | { readonly kind: 'promql'; readonly panel: string; readonly expr: string }
  | {
      readonly kind: 'labels';
      readonly panel: string;
      readonly label: string;
      /** A series selector for Prometheus's `match[]`. */
      readonly match: string;
      readonly expr: string;
    };

export interface VariableValues {
  readonly job: string;
  /** As Grafana renders a multi-value: a regex such as (a|b), dots escaped. */
  readonly instance: string;
  readonly rateInterval: string;
}

/** Replaces $name and ${name} for the dashboard's variables and Grafana's interval macros. */
export function substitute(text: string, values: VariableValues): string {
  const byName: Record<string, string> = {
    job: values.job,
    instance: values.instance,
    __rate_interval: values.rateInterval,
    __interval: values.rateInterval,
  };
  return text.replace(/\$\{(\w+)\}|\$(\w+)/g, (whole, braced?: string, bare?: string) => {
    const name = braced ?? bare!;
    return name in byName ? byName[name]! : whole;
  });
}

/**
 * Every panel target and every label_values() variable query, substituted.
 * @throws Error for a variable query that is not label_values(selector, label).
 */
export function dashboardQueries(
  dashboard: GrafanaDashboard,
  values: VariableValues,
): DashboardQuery[] {
  const out: DashboardQuery[] = [];
  for (const v of dashboard.templating.list) {
    if (v.type !== 'query') continue;
    const text = v.definition ?? '';
    const m = /^label_values\((.+),\s*(\w+)\)$/.exec(text.trim());
    if (!m) throw new Error(`variable ${v.name}: not label_values(selector, label): ${text}`);
    out.push({
      kind: 'labels',
      panel: `variable ${v.name}`,
      label: m[2]!,
      match: substitute(m[1]!, values),
      expr: substitute(text, values),
    });
  }
  for (const p of dashboard.panels) {
    for (const t of p.targets ?? [])
      out.push({
        kind: 'promql',
        panel: `${p.title} (${t.refId})`,
        expr: substitute(t.expr, values),
      });
  }
  return out;
}
