// What the dashboard's pages look at: the fleet (the default) or one instance, read from and
// written to the page URL (`?scope=instance&instance=<id>`) so a drill-down is a link that can be
// shared, reloaded and navigated with. Pure: the hook that reads the URL is in use-scope.ts.
import type { HistoryWindowId } from '@/lib/history-windows';

export type DashboardScope =
  | { readonly scope: 'fleet' }
  /** `instance` absent: the instance that answers. */
  | { readonly scope: 'instance'; readonly instance?: string };

export const FLEET_SCOPE: DashboardScope = { scope: 'fleet' };

/** The server's rule for an instance id (app/api/health/schema.ts): anything else is ignored. */
const INSTANCE_ID = /^[A-Za-z0-9_.:-]{1,100}$/;

interface ParamsLike {
  get(name: string): string | null;
}

/**
 * The scope a page URL asks for. `instance=<id>` alone means that instance (as the API reads it);
 * an id the API would refuse, or an unknown scope, falls back to the fleet rather than an error
 * page, since the URL may have been typed by hand.
 */
export function scopeFromParams(params: ParamsLike): DashboardScope {
  const scope = params.get('scope');
  const instance = params.get('instance');
  const id = instance !== null && INSTANCE_ID.test(instance) ? instance : undefined;
  if (scope === 'instance' || (scope === null && id !== undefined))
    return id === undefined ? { scope: 'instance' } : { scope: 'instance', instance: id };
  return FLEET_SCOPE;
}

/** The page URL's query for a scope: '' for the fleet, so fleet URLs stay plain. */
export function scopeSearch(scope: DashboardScope): string {
  if (scope.scope === 'fleet') return '';
  const q = new URLSearchParams({ scope: 'instance' });
  if (scope.instance !== undefined) q.set('instance', scope.instance);
  return `?${q.toString()}`;
}

/** A dashboard path that keeps the scope (for the navigation and drill-down links). */
export function scopedHref(path: string, scope: DashboardScope): string {
  return `${path}${scopeSearch(scope)}`;
}

/**
 * The same page in another scope, keeping the page's own parameters (an operation's drill-down,
 * a table's sort): `params` is the page URL's query.
 */
export function rescopedHref(
  path: string,
  params: Iterable<[string, string]>,
  scope: DashboardScope,
): string {
  const q = new URLSearchParams(scopeSearch(scope));
  for (const [k, v] of params) if (k !== 'scope' && k !== 'instance') q.append(k, v);
  const s = q.toString();
  return s ? `${path}?${s}` : path;
}

/** The health API's query for a scope and a window: `?scope=…&instance=…&window=…`. */
export function apiQuery(scope: DashboardScope, window: HistoryWindowId): string {
  const q = new URLSearchParams({ scope: scope.scope });
  if (scope.scope === 'instance' && scope.instance !== undefined) q.set('instance', scope.instance);
  q.set('window', window);
  return `?${q.toString()}`;
}
