// The read-routing options every entry point accepts (withServiceClient, withAnonClient).
import type { ReadPin } from './read-pin';

/**
 * `primary` (the default): the call runs on the primary, and may write.
 * `replica-ok`: the call only reads and tolerates replica lag up to DB_REPLICA_MAX_LAG_MS; it may
 * run on a read replica when the primary is saturated or its breaker is open. Writing in it throws
 * DbReadOnlyError wherever it runs.
 */
export type ReadPreference = 'primary' | 'replica-ok';

export interface ReadOptions {
  readonly read?: ReadPreference;
  /**
   * Read-your-writes: calls that may write mark the pin, and replica-ok reads made with a pin
   * marked within DB_REPLICA_MAX_LAG_MS (+ one lag probe interval) stay on the primary.
   */
  readonly pin?: ReadPin;
}

/**
 * @throws RangeError for an unknown read preference.
 */
export function checkReadOptions(opts: ReadOptions): void {
  if (opts.read !== undefined && opts.read !== 'primary' && opts.read !== 'replica-ok')
    throw new RangeError(`read must be 'primary' or 'replica-ok', got ${String(opts.read)}`);
}
