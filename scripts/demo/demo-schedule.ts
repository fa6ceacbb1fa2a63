// What the demo workload sends at each tick: a pure function of the tick number and a random
// source, so its mix (reads, writes, bursts, slow queries, caller errors) is tested without a
// server. The executor (scripts/demo-workload.ts) turns these into HTTP requests.

export type DemoRequest =
  /** A user's cached list of notes (GET /api/notes): mostly hits, a miss after each write. */
  | { readonly kind: 'list'; readonly user: number; readonly limit: number }
  /** A user's new note (POST /api/notes): a write that invalidates their cached lists. */
  | { readonly kind: 'create'; readonly user: number }
  /** The operators' overview (GET /api/admin/notes): cached 10 s, invalidated by every write. */
  | { readonly kind: 'overview'; readonly limit: number }
  /** The database sleeps `ms` (GET /api/admin/demo/slow-query): a slow call. */
  | { readonly kind: 'slow-query'; readonly ms: number }
  /**
   * A caller error: a user posts with another user's idempotency key, which row-level security
   * refuses (403 from PostgREST). Never retried, never counted by the breaker.
   */
  | { readonly kind: 'foreign-key-write' };

export interface DemoScheduleOptions {
  /** Ticks per second. */
  readonly perSecond: number;
  /** Demo users (their tokens are minted by prepareDemo). */
  readonly users: number;
  readonly random: () => number;
}

/** List sizes the users and the operators ask for: each is its own cache key. */
export const LIST_LIMITS = [10, 50] as const;
export const OVERVIEW_LIMITS = [20, 50] as const;

/**
 * The share of each tick's one request, and the periodic events, in seconds. Writes are kept
 * rare enough for a cache hit rate near 80 % (each write invalidates the writer's lists and
 * the overview); slow queries and caller errors rare enough to stay under the health thresholds
 * while still being seen: well under 5 % of the service calls of a minute (or its p95 would be a
 * slow call's), and about 1 % of the anon calls of a minute (about 100), so one caller error can
 * tip the success rate under its 99 % warning while it is in the last minute.
 */
export const DEMO_MIX = {
  list: 0.83,
  overview: 0.11,
  // create: the rest (0.06)
  /**
   * The rate climbs from nothing to full over the first seconds: a cold server's first calls are
   * slow (routes load, code warms up), and a full-rate start would put dozens of them in the
   * first minute's figures.
   */
  rampS: 30,
  burst: { everyS: 20, atS: 32, size: 4 },
  slowQuery: { everyS: 40, atS: 50, minMs: 350, maxMs: 700 },
  callerError: { everyS: 180, atS: 100 },
} as const;

const pick = (random: () => number, n: number) => Math.min(n - 1, Math.floor(random() * n));

/** True on the ticks of a periodic event: first at `atS`, then every `everyS` (seconds). */
function due(n: number, perSecond: number, event: { everyS: number; atS: number }): boolean {
  const first = Math.round(event.atS * perSecond);
  return n >= first && (n - first) % Math.round(event.everyS * perSecond) === 0;
}

/**
 * The requests for tick `n` (0-based): one from the mix, plus any periodic event due then.
 * @throws RangeError when the options cannot make a schedule.
 */
export function demoTick(n: number, opts: DemoScheduleOptions): DemoRequest[] {
  const { perSecond, users, random } = opts;
  if (!(perSecond > 0) || !Number.isInteger(users) || users < 2)
    throw new RangeError(`perSecond must be > 0 and users ≥ 2, got ${perSecond}, ${users}`);
  const out: DemoRequest[] = [];
  const ramp = DEMO_MIX.rampS * perSecond;
  const r = n < ramp && random() >= n / ramp ? undefined : random();
  if (r === undefined) {
    // still ramping up: no request from the mix this tick
  } else if (r < DEMO_MIX.list)
    out.push({
      kind: 'list',
      user: pick(random, users),
      limit: LIST_LIMITS[pick(random, LIST_LIMITS.length)]!,
    });
  else if (r < DEMO_MIX.list + DEMO_MIX.overview)
    out.push({ kind: 'overview', limit: OVERVIEW_LIMITS[pick(random, OVERVIEW_LIMITS.length)]! });
  else out.push({ kind: 'create', user: pick(random, users) });

  if (due(n, perSecond, DEMO_MIX.burst)) {
    // Several users writing at once: the pool's utilization rises for a moment.
    const first = pick(random, users);
    for (let i = 0; i < Math.min(DEMO_MIX.burst.size, users); i++)
      out.push({ kind: 'create', user: (first + i) % users });
  }
  if (due(n, perSecond, DEMO_MIX.slowQuery)) {
    const { minMs, maxMs } = DEMO_MIX.slowQuery;
    out.push({ kind: 'slow-query', ms: minMs + Math.round(random() * (maxMs - minMs)) });
  }
  if (due(n, perSecond, DEMO_MIX.callerError)) out.push({ kind: 'foreign-key-write' });
  return out;
}
