// What a PostgREST request touches, read from its method and path, as the database conventions
// name it: the SQL operation, the table or function, the schema; and the URL as a span may show
// it. Pure; both run for every traced request, so their answers are remembered (bounded).
import { BoundedMemo } from './bounded-memo';

/** A request's database target, in semantic-convention terms. */
export interface PostgrestTarget {
  /** SELECT, INSERT, UPDATE, DELETE; EXECUTE for a function called through /rpc. */
  readonly operation: string;
  /** The table or view (`/rest/v1/<table>`). */
  readonly collection: string | undefined;
  /** The function (`/rest/v1/rpc/<fn>`). */
  readonly procedure: string | undefined;
  /** The schema the request names; PostgREST serves `public` when it names none. */
  readonly namespace: string;
  /** `{operation} {table or function}`: the span name and `db.query.summary`. */
  readonly summary: string;
}

const PREFIX = '/rest/v1/';
const RPC = 'rpc/';
const DEFAULT_SCHEMA = 'public';

// PostgREST runs GET and HEAD as SELECT, POST as INSERT (an upsert too: INSERT … ON CONFLICT),
// PUT as a single-row upsert (INSERT … ON CONFLICT), PATCH as UPDATE, DELETE as DELETE.
const OPERATIONS: Readonly<Record<string, string>> = {
  GET: 'SELECT',
  HEAD: 'SELECT',
  POST: 'INSERT',
  PUT: 'INSERT',
  PATCH: 'UPDATE',
  DELETE: 'DELETE',
};

function decode(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}

const targets = new BoundedMemo<PostgrestTarget | undefined>(512);

/**
 * The target of a request to PostgREST, or undefined when the URL is not a table or function
 * route (the OpenAPI root, another service).
 */
export function postgrestTarget(
  method: string,
  url: string,
  schema: string | undefined,
): PostgrestTarget | undefined {
  const at = url.indexOf(PREFIX);
  if (at < 0) return undefined;
  const from = at + PREFIX.length;
  let end = url.indexOf('?', from);
  if (end < 0) end = url.length;
  const hash = url.indexOf('#', from);
  if (hash >= 0 && hash < end) end = hash;
  const path = url.slice(from, end);
  const namespace = schema || DEFAULT_SCHEMA;
  return targets.get(`${method} ${namespace} ${path}`, () => target(method, path, namespace));
}

function target(method: string, path: string, namespace: string): PostgrestTarget | undefined {
  if (path.startsWith(RPC)) {
    const fn = path.slice(RPC.length);
    if (!fn || fn.includes('/')) return undefined;
    const procedure = decode(fn);
    return {
      operation: 'EXECUTE',
      collection: undefined,
      procedure,
      namespace,
      summary: `EXECUTE ${procedure}`,
    };
  }
  const operation = OPERATIONS[method];
  if (!path || path.includes('/') || operation === undefined) return undefined;
  const collection = decode(path);
  return {
    operation,
    collection,
    procedure: undefined,
    namespace,
    summary: `${operation} ${collection}`,
  };
}

// PostgREST's own query parameters name columns and order, never data: they stay readable.
const CODE_PARAMETERS = new Set(['select', 'order', 'limit', 'offset', 'on_conflict', 'columns']);

const redacted = new BoundedMemo<string>(512);

/**
 * The URL for `url.full`: credentials in the authority and every filter value are replaced by
 * `REDACTED` (a filter such as `id=eq.42` carries data), PostgREST's own parameters are kept.
 */
export function redactUrl(url: string): string {
  return redacted.get(url, redact);
}

function redact(url: string): string {
  let out = url.replace(/^([a-z][a-z0-9+.-]*:\/\/)[^/@?#]*@/i, '$1REDACTED:REDACTED@');
  const q = out.indexOf('?');
  if (q < 0) return out;
  const hash = out.indexOf('#', q);
  const query = out.slice(q + 1, hash < 0 ? undefined : hash);
  const redacted = query
    .split('&')
    .map((pair) => {
      const eq = pair.indexOf('=');
      if (eq < 0) return pair;
      const key = pair.slice(0, eq);
      return CODE_PARAMETERS.has(decode(key)) ? pair : `${key}=REDACTED`;
    })
    .join('&');
  out = `${out.slice(0, q + 1)}${redacted}${hash < 0 ? '' : out.slice(hash)}`;
  return out;
}
