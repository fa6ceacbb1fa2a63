// One probe shared by every concurrent caller, its result reused for a short time, and bounded
// by its own timeout: a flood of health requests costs a dependency at most one probe per TTL.

export type ProbeResult<T> =
  | { readonly ok: true; readonly value: T; readonly ms: number; readonly at: number }
  | { readonly ok: false; readonly error: string; readonly ms: number; readonly at: number };

export interface SharedProbeOptions {
  /** How long a result is reused. */
  readonly ttlMs: number;
  /** The probe's own deadline; past it the result is a failure (the probe is abandoned). */
  readonly timeoutMs: number;
  readonly clock?: () => number;
}

export class SharedProbe<T> {
  private readonly run: (signal: AbortSignal) => Promise<T>;
  private readonly ttlMs: number;
  private readonly timeoutMs: number;
  private readonly clock: () => number;
  private last: ProbeResult<T> | undefined;
  private inFlight: Promise<ProbeResult<T>> | undefined;
  private runs = 0;

  constructor(run: (signal: AbortSignal) => Promise<T>, opts: SharedProbeOptions) {
    if (!(opts.ttlMs >= 0)) throw new RangeError(`ttlMs must be ≥ 0, got ${opts.ttlMs}`);
    if (!(opts.timeoutMs > 0)) throw new RangeError(`timeoutMs must be > 0, got ${opts.timeoutMs}`);
    this.run = run;
    this.ttlMs = opts.ttlMs;
    this.timeoutMs = opts.timeoutMs;
    this.clock = opts.clock ?? Date.now;
  }

  /** Probes actually started (for tests and metrics). */
  get count(): number {
    return this.runs;
  }

  /** The cached result when fresh, else the running probe, else a new one. Never rejects. */
  get(): Promise<ProbeResult<T>> {
    if (this.last && this.clock() - this.last.at < this.ttlMs) return Promise.resolve(this.last);
    this.inFlight ??= this.start().finally(() => (this.inFlight = undefined));
    return this.inFlight;
  }

  private async start(): Promise<ProbeResult<T>> {
    this.runs += 1;
    const started = performance.now();
    const controller = new AbortController();
    let timer: ReturnType<typeof setTimeout> | undefined;
    const deadline = new Promise<never>((_, reject) => {
      timer = setTimeout(() => {
        const err = new Error(`probe timed out after ${this.timeoutMs} ms`);
        controller.abort(err);
        reject(err);
      }, this.timeoutMs);
    });
    let result: ProbeResult<T>;
    try {
      const value = await Promise.race([this.run(controller.signal), deadline]);
      result = { ok: true, value, ms: performance.now() - started, at: this.clock() };
    } catch (err) {
      result = {
        ok: false,
        error: describe(err),
        ms: performance.now() - started,
        at: this.clock(),
      };
    } finally {
      clearTimeout(timer);
    }
    this.last = result;
    return result;
  }
}

/** A short, safe description: an error code and message, never a stack. */
function describe(err: unknown): string {
  if (err && typeof err === 'object') {
    const e = err as { code?: unknown; message?: unknown };
    const code = typeof e.code === 'string' ? `${e.code}: ` : '';
    return `${code}${typeof e.message === 'string' ? e.message : 'probe failed'}`.slice(0, 300);
  }
  return 'probe failed';
}
