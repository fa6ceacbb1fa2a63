// The data layer's service level indicators, counted the way the Prometheus rules count them
// (monitoring/prometheus/slo.yml): availability's bad calls are every outcome but a success or
// the caller's own fault, refusals by the breaker or the pool included; latency's bad calls are
// those slower than 300 ms. Pure.
import { callerFaultsIn } from '../db/db-errors';
import { LatencyHistogram } from '../metrics';
import { DB_COUNTERS, KINDS, type FleetRecord } from './fleet-record';

/** Objectives over a 30-day budget, as in monitoring/prometheus/slo.yml. */
export const SLO = {
  availability: { objective: 0.999 },
  latency: { objective: 0.99, thresholdMs: 300 },
  budgetDays: 30,
} as const;

export interface SloCounts {
  /** Calls that ended (refusals included). */
  readonly total: number;
  /** Availability's bad calls. */
  readonly bad: number;
  /** Calls that ran, for latency's share. */
  readonly ran: number;
  /** Latency's bad calls: slower than the threshold. */
  readonly slow: number;
}

export const NO_COUNTS: SloCounts = { total: 0, bad: 0, ran: 0, slow: 0 };

const i = (name: (typeof DB_COUNTERS)[number]) => DB_COUNTERS.indexOf(name);

/** One record's counts (both client kinds). */
export function sloCounts(r: FleetRecord): SloCounts {
  let total = 0;
  let bad = 0;
  let ran = 0;
  let slow = 0;
  for (const kind of KINDS) {
    const k = r.db[kind];
    const rejected = (k.c[i('rejectedBreaker')] ?? 0) + (k.c[i('rejectedPool')] ?? 0);
    const successes = k.c[i('successes')] ?? 0;
    const failures = k.c[i('failures')] ?? 0;
    const callerFaults = callerFaultsIn(k.e);
    total += successes + failures + rejected;
    bad += failures - callerFaults + rejected;
    ran += successes + failures;
    const h = new LatencyHistogram({ precisionBits: k.h.p });
    h.addSparse(k.h);
    slow += h.countAbove(SLO.latency.thresholdMs);
  }
  return { total, bad, ran, slow };
}

export function addCounts(a: SloCounts, b: SloCounts): SloCounts {
  return {
    total: a.total + b.total,
    bad: a.bad + b.bad,
    ran: a.ran + b.ran,
    slow: a.slow + b.slow,
  };
}

/** The day (UTC) a time falls in, as YYYY-MM-DD: the daily roll-up's key. */
export function dayOf(t: number): string {
  return new Date(t).toISOString().slice(0, 10);
}
