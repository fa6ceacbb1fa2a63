// The SLOs in the app, beside the status banner: the error budget left over 30 days (from the
// fleet's daily counts in Redis: partial until they cover the whole budget period) and the
// current burn rates, for availability and latency, counted as the Prometheus rules count them.
import 'server-only';
import { getRedisClient } from '../cache';
import {
  SLO,
  addCounts,
  fleetConfig,
  freshenFleet,
  readFleetView,
  readSloDays,
  sloCounts,
  NO_COUNTS,
  type SloCounts,
} from '../fleet';

/** The burn-rate windows of the multi-window alerts (monitoring/prometheus/slo.yml). */
export const BURN_WINDOWS = [
  { id: '5m', ms: 5 * 60_000 },
  { id: '30m', ms: 30 * 60_000 },
  { id: '1h', ms: 3_600_000 },
  { id: '6h', ms: 6 * 3_600_000 },
] as const;

export interface SloFigures {
  readonly objective: number;
  /** Over the budget period's days with data. */
  readonly budget: {
    /** 1 = untouched, 0 = spent, below 0 = overspent. */
    readonly left: number;
    readonly events: number;
    readonly bad: number;
    /** First day with data (UTC), and how many days the figures cover. */
    readonly since: string | null;
    readonly coveredDays: number;
    /** True until the daily counts cover the whole period (30 days). */
    readonly partial: boolean;
  };
  /** Bad-event ratio over the window divided by the budget (1 - objective); 0 with no events. */
  readonly burnRates: Readonly<Record<(typeof BURN_WINDOWS)[number]['id'] | '3d', number>>;
}

export interface SloView {
  readonly time: string;
  readonly periodDays: number;
  /** False when Redis could not be read: no figures then. */
  readonly available: boolean;
  readonly reason?: string;
  readonly availability?: SloFigures;
  readonly latency?: SloFigures & { readonly thresholdMs: number };
}

const burn = (bad: number, events: number, objective: number) =>
  events === 0 ? 0 : bad / events / (1 - objective);

function figures(
  objective: number,
  days: ReadonlyArray<{ day: string; value: { events: number; bad: number } }>,
  windows: Record<string, { events: number; bad: number }>,
): SloFigures {
  const events = days.reduce((n, d) => n + d.value.events, 0);
  const bad = days.reduce((n, d) => n + d.value.bad, 0);
  const allowed = (1 - objective) * events;
  const last3 = days.slice(-3);
  return {
    objective,
    budget: {
      left: events === 0 ? 1 : 1 - bad / allowed,
      events,
      bad,
      since: days[0]?.day ?? null,
      coveredDays: days.length,
      partial: days.length < SLO.budgetDays,
    },
    burnRates: {
      ...(Object.fromEntries(
        Object.entries(windows).map(([id, w]) => [id, burn(w.bad, w.events, objective)]),
      ) as Record<(typeof BURN_WINDOWS)[number]['id'], number>),
      '3d': burn(
        last3.reduce((n, d) => n + d.value.bad, 0),
        last3.reduce((n, d) => n + d.value.events, 0),
        objective,
      ),
    },
  };
}

/** The SLO figures of the whole fleet now. Never rejects: Redis down is `available: false`. */
export async function getSlo(): Promise<SloView> {
  const time = new Date().toISOString();
  await freshenFleet();
  const reads = await Promise.all(BURN_WINDOWS.map((w) => readFleetView(w.ms)));
  const failed = reads.find((r) => !r.ok);
  if (failed && !failed.ok)
    return { time, periodDays: SLO.budgetDays, available: false, reason: failed.reason };
  let days;
  try {
    days = await readSloDays(getRedisClient(), fleetConfig(), Date.now(), SLO.budgetDays);
  } catch (err) {
    return {
      time,
      periodDays: SLO.budgetDays,
      available: false,
      reason: `Redis did not answer: ${(err as Error).name}`,
    };
  }
  const windowCounts: Record<string, SloCounts> = {};
  BURN_WINDOWS.forEach((w, i) => {
    const r = reads[i]!;
    let c = NO_COUNTS;
    if (r.ok) {
      const from = r.data.now - w.ms;
      for (const list of r.data.records.values())
        for (const { start, record } of list)
          if (start >= from) c = addCounts(c, sloCounts(record));
    }
    windowCounts[w.id] = c;
  });
  const pick = (f: (c: SloCounts) => { events: number; bad: number }) => ({
    days: days.map((d) => ({ day: d.day, value: f(d.counts) })),
    windows: Object.fromEntries(Object.entries(windowCounts).map(([id, c]) => [id, f(c)])),
  });
  const a = pick((c) => ({ events: c.total, bad: c.bad }));
  const l = pick((c) => ({ events: c.ran, bad: c.slow }));
  return {
    time,
    periodDays: SLO.budgetDays,
    available: true,
    availability: figures(SLO.availability.objective, a.days, a.windows),
    latency: {
      ...figures(SLO.latency.objective, l.days, l.windows),
      thresholdMs: SLO.latency.thresholdMs,
    },
  };
}
