// A seeded generator of bad requests for every route under app/api: wrong methods, unknown,
// prototype-named, repeated and 10,000-character query parameters, bad JSON, multipart and form
// bodies, wrong types, bodies up to 1 MB, bad credentials, cross-site origins and unknown or
// 10,000-character paths. Each request carries at least one defect the route must refuse with a
// 4xx; the same seed gives the same requests, so a failure can be replayed.

/** What a route needs so that only the generated defect is wrong with a request. */
export interface RouteSpec {
  readonly path: string;
  /** Methods the route serves (HEAD comes with GET, OPTIONS is answered everywhere). */
  readonly methods: readonly ('GET' | 'POST')[];
  readonly auth: 'public' | 'health' | 'user' | 'admin' | 'none';
  /** A valid query, if the route takes one. */
  readonly query?: Record<string, string[]>;
  /** The body a POST takes: a sign-in token, a note, or none read. */
  readonly body?: 'sign-in' | 'note' | 'ignored';
  /** Refuses cross-site requests. */
  readonly sameOrigin?: boolean;
}

export interface Credentials {
  readonly healthToken: string;
  readonly adminToken: string;
  /** A valid user access token (a JWT the database accepts). */
  readonly userToken: string;
}

export interface BadRequest {
  readonly route: string;
  readonly kind: string;
  readonly method: string;
  /** Path and query, percent-encoded as sent. */
  readonly url: string;
  readonly headers: Record<string, string>;
  readonly body?: Buffer;
  /** Statuses the defect must produce; any 4xx when undefined. */
  readonly expect?: readonly number[];
}

/** mulberry32: small, fast and good enough to pick test cases. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const PROTO_NAMES = [
  '__proto__',
  'constructor',
  'prototype',
  'hasOwnProperty',
  'toString',
  'valueOf',
  '__defineGetter__',
  '__proto__[polluted]',
  'constructor[prototype][x]',
];
/** Methods Node's HTTP parser accepts besides the seven Next routes can export. */
const EXTENSION_METHODS = ['PROPFIND', 'PROPPATCH', 'MKCOL', 'COPY', 'MOVE', 'LOCK', 'PURGE'];
const STANDARD_METHODS = ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE'];
const ALPHABET = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-._~';
const MAX_BODY = 1024 * 1024;

class Picker {
  readonly random: () => number;
  constructor(random: () => number) {
    this.random = random;
  }
  int(min: number, max: number): number {
    return min + Math.floor(this.random() * (max - min + 1));
  }
  one<T>(items: readonly T[]): T {
    return items[this.int(0, items.length - 1)]!;
  }
  chance(p: number): boolean {
    return this.random() < p;
  }
  text(length: number, alphabet = ALPHABET): string {
    let s = '';
    for (let i = 0; i < length; i++) s += alphabet[this.int(0, alphabet.length - 1)];
    return s;
  }
  /** A path segment: never `.` or `..`, which clients resolve away before sending. */
  segment(length: number): string {
    const text = this.text(length);
    return /^\.+$/.test(text) ? `x${text}` : text;
  }
  /** 1 to 10,000 characters, long ones often. */
  length(): number {
    return this.one([1, this.int(2, 64), this.int(65, 2_000), 10_000]);
  }
  bytes(size: number): Buffer {
    const b = Buffer.alloc(Math.ceil(size / 4) * 4);
    for (let i = 0; i < b.length; i += 4) b.writeUInt32LE((this.random() * 2 ** 32) >>> 0, i);
    return b.subarray(0, size);
  }
}

const enc = encodeURIComponent;
const queryString = (pairs: Array<[string, string]>) =>
  pairs.map(([k, v]) => `${enc(k)}=${enc(v)}`).join('&');

function validPairs(route: RouteSpec, p: Picker): Array<[string, string]> {
  return Object.entries(route.query ?? {})
    .filter(() => p.chance(0.5))
    .map(([k, values]) => [k, p.one(values)]);
}

function authHeaders(route: RouteSpec, creds: Credentials): Record<string, string> {
  switch (route.auth) {
    case 'health':
      return { authorization: `Bearer ${creds.healthToken}` };
    case 'user':
      return { authorization: `Bearer ${creds.userToken}` };
    case 'admin':
      return { authorization: `Bearer ${creds.adminToken}` };
    default:
      return {};
  }
}

/** A query the route refuses: unknown, prototype-named, repeated, huge or invalid parameters. */
function badQuery(route: RouteSpec, p: Picker): { query: string; kind: string } {
  const pairs = validPairs(route, p);
  const known = Object.keys(route.query ?? {});
  const pick = p.int(0, known.length ? 5 : 3);
  let kind: string;
  if (pick === 0) {
    kind = 'query: prototype name';
    pairs.push([p.one(PROTO_NAMES), p.text(p.int(0, 8))]);
  } else if (pick === 1) {
    kind = 'query: unknown name';
    pairs.push([p.text(p.length()), p.text(p.int(0, 16))]);
  } else if (pick === 2) {
    kind = 'query: 10,000-character value';
    pairs.push([p.chance(0.5) ? p.text(8) : p.one(PROTO_NAMES), p.text(10_000)]);
  } else if (pick === 3) {
    kind = 'query: raw garbage';
    return { query: `${queryString(pairs)}&${p.text(p.length(), `${ALPHABET}%&=;+`)}=x`, kind };
  } else if (pick === 4) {
    kind = 'query: repeated parameter';
    const name = p.one(known);
    pairs.push([name, p.one(route.query![name]!)], [name, p.one(route.query![name]!)]);
  } else {
    kind = 'query: bad value';
    const name = p.one(known);
    const bad = BAD_VALUES[name] ?? ['', '0', '-1', '101', 'abc', '1e3', '2.5'];
    pairs.push([name, p.one([...bad, p.text(name === 'window' ? 50 : 10_000)])]);
  }
  // Shuffle, so the bad parameter is not always last.
  for (let i = pairs.length - 1; i > 0; i--) {
    const j = p.int(0, i);
    [pairs[i], pairs[j]] = [pairs[j]!, pairs[i]!];
  }
  return { query: queryString(pairs), kind };
}

/** Values each parameter refuses (the default suits a `limit` of 1 to 100). */
const BAD_VALUES: Record<string, readonly string[]> = {
  window: ['', '2d', '5M', '0', '30m'],
  scope: ['', 'all', 'FLEET', '0'],
  // The slow query sleeps 1 to 2,000 ms.
  ms: ['', '0', '-1', '2001', 'abc', '2.5', '1e4'],
};

/** A body the route refuses (or, with `noise`, one that only adds noise to another defect). */
function badBody(route: RouteSpec, p: Picker): { body: Buffer; type?: string; kind: string } {
  const valid: Record<string, unknown> =
    route.body === 'note' ? { title: 'a note' } : { token: 'not-the-token-0123456789' };
  const field = route.body === 'note' ? 'title' : 'token';
  const json = (v: unknown) => Buffer.from(JSON.stringify(v));
  switch (p.int(0, route.body === 'sign-in' ? 12 : 11)) {
    case 0:
      return {
        kind: 'body: JSON that does not parse',
        type: 'application/json',
        body: Buffer.from(
          p.one(['{', '{"a":', '[1,', 'nul', '"x', '{"token":"x"}}', p.text(p.length())]),
        ),
      };
    case 1:
      return {
        kind: 'body: wrong type',
        type: 'application/json',
        body: json({ ...valid, [field]: p.one([1, true, null, [], {}, ['x'], 1e308]) }),
      };
    case 2:
      return {
        kind: 'body: not an object',
        type: 'application/json',
        body: json(p.one([[], 'token', 42, null, [valid]])),
      };
    case 3:
      return {
        kind: 'body: unknown or prototype field',
        type: 'application/json',
        body: Buffer.from(
          `{${JSON.stringify(field)}:"x",${JSON.stringify(p.one([...PROTO_NAMES, p.text(12)]))}:{"admin":true}}`,
        ),
      };
    case 4:
      return {
        kind: 'body: multipart without a boundary',
        type: 'multipart/form-data',
        body: Buffer.from(
          `--x\r\nContent-Disposition: form-data; name="${field}"\r\n\r\nabc\r\n--x--`,
        ),
      };
    case 5:
      return {
        kind: 'body: garbage under a boundary',
        type: `multipart/form-data; boundary=${p.text(p.int(1, 70))}`,
        body: p.bytes(p.int(0, 4096)),
      };
    case 6:
      return {
        kind: 'body: truncated multipart',
        type: 'multipart/form-data; boundary=b',
        body: Buffer.from(
          `--b\r\nContent-Disposition: form-data; name="${field}"\r\n\r\n${p.text(p.int(0, 100))}`,
        ),
      };
    case 7:
      return {
        kind: 'body: form with repeated, unknown or prototype fields',
        type: 'application/x-www-form-urlencoded',
        body: Buffer.from(
          p.one([
            `${field}=a&${field}=b`,
            `${field}=a&${enc(p.one(PROTO_NAMES))}=b`,
            `${enc(p.text(20))}=1`,
            '',
          ]),
        ),
      };
    case 8:
      return {
        kind: 'body: another content type',
        type: p.one([
          'text/plain',
          'application/xml',
          'application/octet-stream',
          'application/json5',
          'image/png',
        ]),
        body: json(valid),
      };
    case 9:
      return { kind: 'body: no content type', body: p.bytes(p.int(0, 512)) };
    case 10:
      return {
        kind: 'body: invalid UTF-8',
        type: 'application/json',
        body: Buffer.concat([
          Buffer.from(`{"${field}":"`),
          Buffer.from([0xff, 0xfe, 0xc3]),
          Buffer.from('"}'),
        ]),
      };
    case 12:
      // Well-formed JSON with the wrong token: 401, then 429 past the limit. (A browser form with
      // the wrong token is sent back to the sign-in page with a 303: that is its designed answer.)
      return {
        kind: 'body: wrong token',
        type: 'application/json',
        body: json({ token: p.text(p.int(1, 64)) }),
      };
    default: {
      const size = p.int(64 * 1024 + 1, MAX_BODY);
      const type = p.one([
        'application/json',
        'application/x-www-form-urlencoded',
        'multipart/form-data; boundary=b',
      ]);
      const body = Buffer.alloc(size, 0x61);
      Buffer.from(type === 'application/json' ? `{"${field}":"` : `${field}=`).copy(body);
      return { kind: 'body: larger than the limit, up to 1 MB', type, body };
    }
  }
}

/** Refused credentials for a route that needs some. */
function badAuth(route: RouteSpec, p: Picker): Record<string, string> {
  const header = p.one([
    undefined,
    'Bearer',
    'Bearer ',
    `Bearer ${p.text(p.length())}`,
    `Basic ${Buffer.from('a:b').toString('base64')}`,
    `Bearer ${p.text(20)}.${p.text(30)}`,
    route.auth === 'user' ? 'Bearer eyJhbGciOiJub25lIn0.eyJzdWIiOiJ4In0.' : `Bearer ${p.text(40)}`,
  ]);
  const headers: Record<string, string> = header === undefined ? {} : { authorization: header };
  if (route.auth === 'health' && p.chance(0.5))
    headers.cookie = `health_session=${p.text(p.int(0, 64))}; other=${p.text(4)}`;
  return headers;
}

/** A path under /api no route serves: typos, unknown endpoints, 10,000-character segments. */
function unknownPath(route: RouteSpec, p: Picker): { path: string; expect: number[] } {
  const base =
    route.path === '/api/*'
      ? p.one(['/api', '/api/health', '/api/session', '/api/notes'])
      : route.path;
  if (p.chance(0.1)) {
    // Not valid percent-encoding: refused before routing.
    return { path: `${base}/${p.one(['%zz', '%E0%A4%A', '%', `${p.text(5)}%G0`])}`, expect: [400] };
  }
  const tail = p.one([
    () => `/${p.segment(p.length())}`,
    () => `/${p.segment(10_000)}`,
    () => `/${p.segment(5)}/${p.segment(5)}/${p.segment(5)}`,
    () => `/${enc(p.one(PROTO_NAMES))}`,
    () => `/${enc(`é✓ ${p.text(10)}`)}`,
    () => (base === '/api' ? '' : `x${p.text(3)}`), // a typo of a real path
  ])();
  return { path: base + tail, expect: [404] };
}

export interface GenerateOptions {
  readonly route: RouteSpec;
  readonly count: number;
  readonly seed: number;
  readonly creds: Credentials;
}

/**
 * `count` bad requests for one route, the same ones for the same seed.
 * @throws RangeError for a count below 1.
 */
export function generateBadRequests(opts: GenerateOptions): BadRequest[] {
  if (opts.count < 1) throw new RangeError(`count must be ≥ 1, got ${opts.count}`);
  const { route, creds } = opts;
  const p = new Picker(prng(opts.seed));
  const kinds = ['method', 'path'];
  if (route.path !== '/api/*') kinds.push('query');
  if (route.auth === 'health' || route.auth === 'user' || route.auth === 'admin')
    kinds.push('auth');
  if (route.body === 'sign-in' || route.body === 'note') kinds.push('body', 'body');
  if (route.sameOrigin) kinds.push('origin');
  const served = route.methods;
  const out: BadRequest[] = [];
  for (let i = 0; i < opts.count; i++) {
    const kind = p.one(kinds);
    const method = p.one(served);
    const auth = authHeaders(route, creds);
    const withBody = (m: string) =>
      m === 'GET' || m === 'HEAD'
        ? {}
        : route.body === 'note' || route.body === 'sign-in'
          ? {
              type: 'application/json',
              body: Buffer.from(
                JSON.stringify(route.body === 'note' ? { title: 'x' } : { token: 'x' }),
              ),
            }
          : {};
    const make = (r: Omit<BadRequest, 'route'>): BadRequest => ({ route: route.path, ...r });
    if (kind === 'method' || route.path === '/api/*') {
      if (route.path === '/api/*') {
        const { path, expect } = unknownPath(route, p);
        const m = p.one([...STANDARD_METHODS, 'OPTIONS']);
        out.push(make({ kind: 'path: unknown', method: m, url: path, headers: auth, expect }));
        continue;
      }
      const others = STANDARD_METHODS.filter(
        (m) => !served.includes(m as 'GET') && !(m === 'HEAD' && served.includes('GET')),
      );
      const extension = p.chance(0.2);
      const m = extension ? p.one(EXTENSION_METHODS) : p.one(others);
      const noise = p.chance(0.3) ? badBody(route, p) : undefined;
      out.push(
        make({
          kind: extension ? 'method: extension' : 'method: not served',
          method: m,
          url: route.path,
          headers: { ...auth, ...(noise?.type ? { 'content-type': noise.type } : {}) },
          body: m === 'GET' || m === 'HEAD' ? undefined : noise?.body,
          expect: extension ? [400] : [405],
        }),
      );
    } else if (kind === 'path') {
      const { path, expect } = unknownPath(route, p);
      const m = p.one([...STANDARD_METHODS, 'OPTIONS']);
      out.push(make({ kind: 'path: unknown', method: m, url: path, headers: auth, expect }));
    } else if (kind === 'query') {
      const { query, kind: k } = badQuery(route, p);
      // GET with a body, now and then: Next must not choke on it either.
      const b =
        method === 'GET' && p.chance(0.2)
          ? { type: 'application/json', body: Buffer.from('{"limit": 5}') }
          : withBody(method);
      out.push(
        make({
          kind: k,
          method,
          url: `${route.path}?${query}`,
          headers: { ...auth, ...(b.type ? { 'content-type': b.type } : {}) },
          body: b.body,
          expect: [400],
        }),
      );
    } else if (kind === 'auth') {
      const b = withBody(method);
      const pairs = validPairs(route, p);
      out.push(
        make({
          kind: 'auth: refused credentials',
          method,
          url: pairs.length ? `${route.path}?${queryString(pairs)}` : route.path,
          headers: { ...badAuth(route, p), ...(b.type ? { 'content-type': b.type } : {}) },
          body: b.body,
        }),
      );
    } else if (kind === 'body') {
      const b = badBody(route, p);
      out.push(
        make({
          kind: b.kind,
          method: 'POST',
          url: route.path,
          headers: { ...auth, ...(b.type ? { 'content-type': b.type } : {}) },
          body: b.body,
        }),
      );
    } else {
      const origin = p.one([
        'https://evil.example',
        'null',
        'http://localhost.evil.example',
        `http://${p.text(10)}`,
      ]);
      const headers: Record<string, string> = p.chance(0.5)
        ? { origin }
        : { 'sec-fetch-site': p.one(['cross-site', 'same-site']) };
      const b = withBody('POST');
      out.push(
        make({
          kind: 'origin: cross-site',
          method: 'POST',
          url: route.path,
          headers: { ...auth, ...headers, ...(b.type ? { 'content-type': b.type } : {}) },
          body: b.body,
          expect: [403],
        }),
      );
    }
  }
  return out;
}
