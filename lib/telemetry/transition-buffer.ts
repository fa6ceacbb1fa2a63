// Joins a breaker transition to the call that caused it. The executor changes its breaker and
// then tells that call's observer in the same synchronous run (an attempt's failure opens the
// breaker, then the attempt's end is reported; an admission moves it to half-open, then the call
// is observed), so a transition is held until the end of the current tick and taken by the first
// observer hook of that kind that runs; one no call claims by then (a health snapshot reading an
// elapsed reset time) is dropped from traces and stays counted in the metrics.
import type { ExecutorKind } from '../db';
import type { BreakerTransition } from '../resilience';

const NONE: readonly BreakerTransition[] = [];

export class TransitionBuffer {
  private readonly held = new Map<ExecutorKind, BreakerTransition[]>();
  private flushScheduled = false;

  /** Holds `t` until the end of the current tick. */
  push(kind: ExecutorKind, t: BreakerTransition): void {
    const list = this.held.get(kind);
    if (list) list.push(t);
    else this.held.set(kind, [t]);
    if (!this.flushScheduled) {
      this.flushScheduled = true;
      queueMicrotask(() => {
        this.flushScheduled = false;
        this.held.clear();
      });
    }
  }

  /** The transitions of `kind` held now (and no longer held). Allocates nothing when none are. */
  take(kind: ExecutorKind): readonly BreakerTransition[] {
    if (this.held.size === 0) return NONE;
    const list = this.held.get(kind);
    if (!list) return NONE;
    this.held.delete(kind);
    return list;
  }
}
