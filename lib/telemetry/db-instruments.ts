// The data layer's metrics under the standard names: the operation-duration histogram, the
// pool's connection figures (read from the data layer's own snapshot when the SDK collects, so
// the hot path records nothing for them), pool wait timeouts, and the breakers' state and
// transitions under our namespace.
import type { Attributes, Counter, Histogram, Meter } from '@opentelemetry/api';
import type { ClientKind, ExecutorKind } from '../db';
import type { BreakerStateName, BreakerTransition } from '../resilience';
import { DURATION_BUCKETS, OUR_METRIC, OURS, STD, STD_METRIC } from './semconv';

/** One pool's figures at collection time. */
export interface PoolFigures {
  readonly inFlight: number;
  readonly queued: number;
  readonly max: number;
  readonly breaker: BreakerStateName;
}

const BREAKER_STATES: readonly BreakerStateName[] = ['closed', 'half-open', 'open'];

export class DbInstruments {
  /** db.client.operation.duration, seconds. */
  readonly duration: Histogram;
  private readonly timeouts: Counter;
  private readonly transitions: Counter;
  private readonly poolAttributes: Readonly<Record<ClientKind, Attributes>>;

  /**
   * @param kinds the pools to report (their names: the client kinds).
   * @param pools read once per collection; never called on the hot path.
   */
  constructor(
    meter: Meter,
    kinds: readonly ClientKind[],
    pools: () => Readonly<Record<ClientKind, PoolFigures>>,
  ) {
    const byKind: Partial<Record<ClientKind, Attributes>> = {};
    for (const k of kinds) byKind[k] = { [STD.dbClientConnectionPoolName]: k };
    this.poolAttributes = byKind as Record<ClientKind, Attributes>;
    this.duration = meter.createHistogram(STD_METRIC.operationDuration, {
      description: 'Duration of database client operations.',
      unit: 's',
      advice: { explicitBucketBoundaries: [...DURATION_BUCKETS] },
    });
    this.timeouts = meter.createCounter(STD_METRIC.connectionTimeouts, {
      description:
        'The number of connection timeouts that have occurred trying to obtain a connection from the pool.',
      unit: '{timeout}',
    });
    this.transitions = meter.createCounter(OUR_METRIC.breakerTransitions, {
      description: 'Circuit breaker transitions, by the state left and the state entered.',
      unit: '{transition}',
    });
    // A counter reports once it has been added to: every pool's series exists from the start.
    for (const kind of kinds) this.timeouts.add(0, this.poolAttributes[kind]);

    const count = meter.createObservableUpDownCounter(STD_METRIC.connectionCount, {
      description:
        'The number of connections that are currently in state described by the state attribute.',
      unit: '{connection}',
    });
    const max = meter.createObservableUpDownCounter(STD_METRIC.connectionMax, {
      description: 'The maximum number of open connections allowed.',
      unit: '{connection}',
    });
    const pending = meter.createObservableUpDownCounter(STD_METRIC.connectionPendingRequests, {
      description: 'The number of current pending requests for an open connection.',
      unit: '{request}',
    });
    const breaker = meter.createObservableUpDownCounter(OUR_METRIC.breakerState, {
      description: 'Circuit breaker state: 1 for the state each breaker is in, 0 for the others.',
      unit: '{breaker}',
    });
    meter.addBatchObservableCallback(
      (result) => {
        const figures = pools();
        for (const kind of kinds) {
          const f = figures[kind];
          const pool = this.poolAttributes[kind];
          result.observe(count, f.inFlight, { ...pool, [STD.dbClientConnectionState]: 'used' });
          result.observe(count, Math.max(0, f.max - f.inFlight), {
            ...pool,
            [STD.dbClientConnectionState]: 'idle',
          });
          result.observe(max, f.max, pool);
          result.observe(pending, f.queued, pool);
          for (const state of BREAKER_STATES)
            result.observe(breaker, f.breaker === state ? 1 : 0, {
              ...pool,
              [OURS.breakerState]: state,
            });
        }
      },
      [count, max, pending, breaker],
    );
  }

  /** A call gave up waiting for a pool slot (DB_QUEUE_TIMEOUT_MS). */
  poolTimeout(kind: ExecutorKind): void {
    this.timeouts.add(1, this.attributesOf(kind));
  }

  breakerTransition(kind: ExecutorKind, t: BreakerTransition): void {
    this.transitions.add(1, {
      ...this.attributesOf(kind),
      [OURS.breakerFrom]: t.from,
      [OURS.breakerTo]: t.to,
    });
  }

  /** A primary kind's pool attributes; a replica's are its kind alone. */
  private attributesOf(kind: ExecutorKind): Attributes {
    return kind === 'replica' ? { [OURS.clientKind]: kind } : this.poolAttributes[kind];
  }
}
