// One read replica: its own executor (breaker, pool, metrics, kind `replica`) on its own API URL,
// and its replay lag, probed with health_replica_lag() through a shared probe (one probe per
// interval however many readers ask) and judged against DB_REPLICA_MAX_LAG_MS.
import 'server-only';
import { SharedProbe, type ProbeResult } from '../resilience';
import type { DbExecutor } from './db-executor';

/** What health_replica_lag() reports (see supabase/migrations/*_replica_lag.sql). */
export interface LagReading {
  readonly inRecovery: boolean;
  /** Replay lag; null when unknown (behind, and nothing replayed since the server started). */
  readonly lagMs: number | null;
  /** WAL received but not yet replayed. */
  readonly lagBytes: number;
  readonly replayPaused: boolean;
}

/** Whether a replica may take reads now, and why not. */
export type Eligibility =
  | { readonly ok: true }
  | {
      readonly ok: false;
      readonly reason:
        'no-reading' | 'probe-failed' | 'stale' | 'lag-unknown' | 'lagging' | 'breaker-open';
    };

export interface ReadReplicaOptions {
  /** `replica-1`, `replica-2`, … in the order of SUPABASE_READ_REPLICA_URLS. */
  readonly name: string;
  /** The replica API's host, for display. */
  readonly host: string;
  readonly executor: DbExecutor;
  readonly maxLagMs: number;
  readonly lagProbeMs: number;
  readonly probeTimeoutMs?: number;
  readonly clock?: () => number;
}

interface RawLag {
  in_recovery?: boolean;
  lag_ms?: number | null;
  lag_bytes?: number | string | null;
  replay_paused?: boolean;
}

export class ReadReplica {
  readonly name: string;
  readonly host: string;
  readonly executor: DbExecutor;
  readonly lag: SharedProbe<LagReading>;
  private readonly maxLagMs: number;
  private readonly lagProbeMs: number;
  private readonly clock: () => number;
  private lastReading: ProbeResult<LagReading> | undefined;
  /** Reads routed here since the process started. */
  reads = 0;

  constructor(opts: ReadReplicaOptions) {
    this.name = opts.name;
    this.host = opts.host;
    this.executor = opts.executor;
    this.maxLagMs = opts.maxLagMs;
    this.lagProbeMs = opts.lagProbeMs;
    this.clock = opts.clock ?? Date.now;
    const timeoutMs = opts.probeTimeoutMs ?? Math.max(500, Math.min(2_000, opts.lagProbeMs));
    this.lag = new SharedProbe(
      async (signal) => {
        const raw = (await this.executor.probe(
          (db) => db.rpc('health_replica_lag', undefined, { get: true }),
          { context: 'replica.lag', timeoutMs, signal },
        )) as RawLag;
        return {
          inRecovery: raw.in_recovery === true,
          lagMs: typeof raw.lag_ms === 'number' ? raw.lag_ms : null,
          lagBytes: Number(raw.lag_bytes ?? 0),
          replayPaused: raw.replay_paused === true,
        };
      },
      { ttlMs: Math.max(0, opts.lagProbeMs - 50), timeoutMs, clock: this.clock },
    );
  }

  /** Probes the lag now (or joins the probe running); resolves with the result, never rejects. */
  async refresh(): Promise<ProbeResult<LagReading>> {
    const r = await this.lag.get();
    this.lastReading = r;
    return r;
  }

  /** The latest lag probe result, if any. */
  get reading(): ProbeResult<LagReading> | undefined {
    return this.lastReading;
  }

  /** Pool utilization, 0–1. */
  get utilization(): number {
    return this.executor.pool.utilization;
  }

  /** From the latest reading and the breaker; no I/O. */
  eligibility(): Eligibility {
    const r = this.lastReading;
    if (!r) return { ok: false, reason: 'no-reading' };
    if (!r.ok) return { ok: false, reason: 'probe-failed' };
    // Readings older than a few probe intervals say nothing about now.
    if (this.clock() - r.at > 3 * this.lagProbeMs + 2_000) return { ok: false, reason: 'stale' };
    if (r.value.lagMs === null) return { ok: false, reason: 'lag-unknown' };
    if (r.value.lagMs > this.maxLagMs) return { ok: false, reason: 'lagging' };
    if (!this.executor.breaker.wouldAdmit()) return { ok: false, reason: 'breaker-open' };
    return { ok: true };
  }
}
