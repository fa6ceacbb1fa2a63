// Operation names: the label a call's figures are kept under (its `context`, else the table and
// operation of its first request). A label must never carry a parameter: an id, an email or a
// number in it would make a new operation per value (unbounded metrics, and personal data in
// dashboards and Prometheus). Such parts are replaced by a placeholder.

const RULES: ReadonlyArray<readonly [RegExp, string]> = [
  // An email address.
  [/[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}/g, ':email'],
  // A UUID.
  [/\b[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}\b/g, ':id'],
  // A long hexadecimal token (a hash, an object id).
  [/\b(?=[0-9a-fA-F]*\d)[0-9a-fA-F]{16,}\b/g, ':id'],
  // A number on its own (a path segment, a value): `/notes/123`, `limit=20`, `v2.1` is kept.
  [/(?<![A-Za-z0-9_.])\d+(?:\.\d+)?(?![A-Za-z0-9_])/g, ':n'],
];

/** Longest operation name kept; longer ones are cut (a label is a name, not a payload). */
export const MAX_OPERATION_LENGTH = 80;

/**
 * The operation a label names, parameters replaced: `GET /api/notes/123` → `GET /api/notes/:n`,
 * `user 5f0c…e1 by a@b.co` → `user :id by :email`. Pure; callers cache the result per label.
 */
export function normaliseOperation(label: string): string {
  let out = label.trim();
  for (const [pattern, placeholder] of RULES) out = out.replace(pattern, placeholder);
  out = out.replace(/\s+/g, ' ');
  if (out.length > MAX_OPERATION_LENGTH) out = `${out.slice(0, MAX_OPERATION_LENGTH - 1)}…`;
  return out || 'unlabelled';
}

/**
 * The operation of a PostgREST request when the caller gave no context: `SELECT notes`,
 * `INSERT notes`, `RPC health_ping` (from the method and the path after /rest/v1/).
 */
export function operationOfRequest(method: string, url: string): string {
  const path = url.replace(/^[a-z]+:\/\/[^/]+/i, '').split('?')[0] ?? '';
  const at = path.indexOf('/rest/v1/');
  const rest = at >= 0 ? path.slice(at + '/rest/v1/'.length) : path.replace(/^\//, '');
  if (rest.startsWith('rpc/')) return normaliseOperation(`RPC ${rest.slice(4)}`);
  const verb =
    method === 'GET' || method === 'HEAD'
      ? 'SELECT'
      : method === 'POST'
        ? 'INSERT'
        : method === 'PATCH'
          ? 'UPDATE'
          : method === 'DELETE'
            ? 'DELETE'
            : method === 'PUT'
              ? 'UPSERT'
              : method;
  return normaliseOperation(`${verb} ${rest || '?'}`);
}

const byRequest = new Map<string, string>();

/** operationOfRequest, remembered per method and path (bounded), so a call pays a lookup. */
export function requestOperation(method: string, url: string): string {
  const q = url.indexOf('?');
  const key = `${method} ${q < 0 ? url : url.slice(0, q)}`;
  let name = byRequest.get(key);
  if (name === undefined) {
    name = operationOfRequest(method, url);
    if (byRequest.size < 1_000) byRequest.set(key, name);
  }
  return name;
}
