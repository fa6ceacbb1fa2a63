// The local stand-in for Supabase's API gateway (Kong): /rest/v1/* goes to PostgREST with the
// prefix stripped, requests without a known apikey are refused, and every forwarded request is
// counted per method and path so tests can prove how many reached PostgREST. The latest
// forwarded requests' W3C `traceparent` headers and statuses are kept too (bounded), shown by
// `/__gateway/stats?traceparents=1`, so tests can check trace context end to end.
// Read replicas' PostgREST servers are served the same way under /replicas/<n>/rest/v1/* (n from
// 1), so each replica has its own API URL (`http://gateway/replicas/1`), as on Supabase.
// Usage: node gateway.ts <config.json>  ({ port, upstream, replicas?, apiKeys })
import { Agent, createServer, request, type IncomingMessage, type ServerResponse } from 'node:http';
import { readFileSync } from 'node:fs';

interface GatewayConfig {
  readonly port: number;
  readonly upstream: string;
  readonly replicas?: readonly string[];
  readonly apiKeys: readonly string[];
}

const configPath = process.argv[2];
if (!configPath) {
  console.error('usage: gateway.ts <config.json>');
  process.exit(2);
}
const config = JSON.parse(readFileSync(configPath, 'utf8')) as GatewayConfig;
const primary = new URL(config.upstream);
const replicas = (config.replicas ?? []).map((u) => new URL(u));
const agent = new Agent({ keepAlive: true, maxSockets: 256 });
const UPSTREAM_TIMEOUT_MS = 60_000;

let total = 0;
const byRoute = new Map<string, number>();

/** One forwarded request as a tracing test sees it. */
interface TraceEntry {
  readonly route: string;
  readonly traceparent: string | null;
  /** The status answered; null until the answer is sent, 0 when the caller went away first. */
  status: number | null;
}
const TRACE_LOG_SIZE = 1000;
let traceLog: TraceEntry[] = [];

function json(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    'content-type': 'application/json',
    'content-length': Buffer.byteLength(text),
  });
  res.end(text);
}

function forward(req: IncomingMessage, res: ServerResponse, path: string, upstream: URL): void {
  const headers = { ...req.headers, host: upstream.host };
  delete headers.connection;
  const upstreamReq = request(
    {
      host: upstream.hostname,
      port: upstream.port,
      method: req.method,
      path,
      headers,
      agent,
      timeout: UPSTREAM_TIMEOUT_MS,
    },
    (upstreamRes) => {
      res.writeHead(upstreamRes.statusCode ?? 502, upstreamRes.headers);
      upstreamRes.pipe(res);
    },
  );
  upstreamReq.on('timeout', () => {
    upstreamReq.destroy();
    if (!res.headersSent) json(res, 504, { message: 'The upstream server is timing out' });
    else res.destroy();
  });
  upstreamReq.on('error', () => {
    if (!res.headersSent)
      json(res, 502, { message: 'An invalid response was received from the upstream server' });
    else res.destroy();
  });
  // A caller that gives up (abort, timeout) cancels the upstream request too.
  res.on('close', () => {
    if (!res.writableFinished) upstreamReq.destroy();
  });
  req.pipe(upstreamReq);
}

const server = createServer((req, res) => {
  const url = new URL(req.url ?? '/', 'http://gateway');
  if (url.pathname === '/__gateway/health') return json(res, 200, { status: 'ok' });
  if (url.pathname === '/__gateway/stats') {
    if (req.method === 'DELETE') {
      total = 0;
      byRoute.clear();
      traceLog = [];
      return json(res, 200, { total, routes: {} });
    }
    const stats = { total, routes: Object.fromEntries(byRoute) };
    if (url.searchParams.get('traceparents') === '1')
      return json(res, 200, { ...stats, traceparents: traceLog });
    return json(res, 200, stats);
  }
  const replica = /^\/replicas\/(\d+)(\/.*)?$/.exec(url.pathname);
  const upstream = replica ? replicas[Number(replica[1]) - 1] : primary;
  const apiPath = replica ? (replica[2] ?? '/') : url.pathname;
  if (!upstream) return json(res, 404, { message: 'no Route matched with those values' });
  if (apiPath === '/rest/v1' || apiPath.startsWith('/rest/v1/')) {
    const apikey = req.headers.apikey;
    if (!apikey) return json(res, 401, { message: 'No API key found in request' });
    if (typeof apikey !== 'string' || !config.apiKeys.includes(apikey))
      return json(res, 401, { message: 'Invalid API key' });
    const route = `${req.method} ${url.pathname}`;
    total += 1;
    byRoute.set(route, (byRoute.get(route) ?? 0) + 1);
    const traceparent = req.headers.traceparent;
    const entry: TraceEntry = {
      route,
      traceparent: typeof traceparent === 'string' ? traceparent : null,
      status: null,
    };
    if (traceLog.length >= TRACE_LOG_SIZE) traceLog.shift();
    traceLog.push(entry);
    res.on('finish', () => (entry.status = res.statusCode));
    res.on('close', () => {
      if (!res.writableFinished) entry.status = 0;
    });
    return forward(req, res, (apiPath.slice('/rest/v1'.length) || '/') + url.search, upstream);
  }
  return json(res, 404, { message: 'no Route matched with those values' });
});

server.keepAliveTimeout = 65_000;
server.listen(config.port, '127.0.0.1');
const shutdown = () => server.close(() => process.exit(0));
process.on('SIGTERM', shutdown);
process.on('SIGINT', shutdown);
