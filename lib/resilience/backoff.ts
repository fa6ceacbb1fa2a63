// Exponential backoff with full jitter (AWS Architecture Blog, "Exponential Backoff and Jitter"):
// spreads retries of many callers evenly instead of in synchronized waves.

/**
 * The delay before retry number `retry` (1 for the first retry): uniform in
 * [0, min(capMs, baseMs × 2^(retry-1))).
 * @throws RangeError for a retry number below 1 or negative delays.
 */
export function fullJitterBackoff(
  retry: number,
  baseMs: number,
  capMs: number,
  random: () => number = Math.random,
): number {
  if (!(retry >= 1)) throw new RangeError(`retry must be ≥ 1, got ${retry}`);
  if (!(baseMs >= 0) || !(capMs >= 0))
    throw new RangeError(`baseMs and capMs must be ≥ 0, got ${baseMs} and ${capMs}`);
  const ceiling = Math.min(capMs, baseMs * 2 ** Math.min(retry - 1, 30));
  return random() * ceiling;
}
