// The Prometheus exposition behind GET /api/health/metrics: prom-client's Registry with the app's
// metrics from the one spec table (read from the in-memory figures at scrape time) and
// prom-client's default process and Node.js metrics under their standard names.
import 'server-only';
import { Registry, collectDefaultMetrics } from 'prom-client';
import { registerSpecs } from './metric-spec';
import { METRIC_SPECS } from './metric-specs';
import { liveSources } from './scrape-sources';

const DEFAULT_GAUGES_NAMED_LIKE_COUNTERS = [
  'nodejs_active_handles_total',
  'nodejs_active_requests_total',
  'nodejs_active_resources_total',
] as const;

/**
 * A registry holding every metric of METRIC_SPECS and the default metrics.
 * @throws RangeError or Error for a bad spec, before the registry is returned.
 */
export function buildMetricsRegistry(): Registry {
  const registry = new Registry();
  registerSpecs(METRIC_SPECS, liveSources(), registry);
  collectDefaultMetrics({ register: registry });
  // Gauges that prom-client names with _total, which Prometheus keeps for counters (promtool
  // refuses them); nodejs_active_handles, _requests and _resources carry the same figures by type.
  for (const name of DEFAULT_GAUGES_NAMED_LIKE_COUNTERS) registry.removeSingleMetric(name);
  return registry;
}

const store = globalThis as typeof globalThis & { __healthRegistry?: Registry };

/** The process's registry, built on first use (kept on globalThis across Next's dev reloads). */
export function metricsRegistry(): Registry {
  store.__healthRegistry ??= buildMetricsRegistry();
  return store.__healthRegistry;
}
