// Cache keys: the app names keys relative to a namespace prefix (`notes:u1` under `app:`). One
// contract for every caller, the app's cache and the MCP tools alike: a key or pattern is 1-512
// characters after the prefix, and a pattern only ever matches keys inside the prefix.

export const MAX_KEY_LENGTH = 512;
const PREFIX_RE = /^[A-Za-z0-9_.:-]{1,64}$/;
/** Characters with a meaning in Redis glob patterns (MATCH). */
const GLOB_CHARS = /[*?[\]\\^]/g;

/**
 * Checks a key namespace: 1-64 letters, digits or `_ . : -` (no glob characters, so that
 * `prefix + pattern` can only match keys inside the namespace).
 * @throws RangeError for any other prefix.
 */
export function checkPrefix(prefix: string): void {
  if (typeof prefix !== 'string' || !PREFIX_RE.test(prefix)) {
    throw new RangeError(`the key prefix must be 1-64 letters, digits or _ . : -, got "${prefix}"`);
  }
}

const validLength = (s: unknown): s is string =>
  typeof s === 'string' && s.length > 0 && s.length <= MAX_KEY_LENGTH;

/**
 * Checks a key as callers pass it (without the prefix).
 * @throws RangeError for an empty key or one longer than 512 characters.
 */
export function checkKey(key: string): void {
  if (!validLength(key)) throw new RangeError(`cache keys must be 1-${MAX_KEY_LENGTH} characters`);
}

/**
 * Checks a glob pattern as callers pass it (without the prefix).
 * @throws RangeError for an empty pattern or one longer than 512 characters.
 */
export function checkPattern(pattern: string): void {
  if (!validLength(pattern))
    throw new RangeError(`patterns must be 1-${MAX_KEY_LENGTH} characters`);
}

/** Escapes glob characters so that Redis MATCH takes the text literally. */
export function escapeGlob(text: string): string {
  return text.replace(GLOB_CHARS, (c) => `\\${c}`);
}

/**
 * The MATCH glob for a pattern (given without the prefix): the prefix taken literally, so the
 * pattern can only match keys inside it.
 * @throws RangeError for a pattern checkPattern refuses.
 */
export function matchInPrefix(prefix: string, pattern: string): string {
  checkPattern(pattern);
  return escapeGlob(prefix) + pattern;
}

/**
 * For callers that hold full keys (an operator's tool): the part after the prefix, held to the
 * same contract as checkKey / checkPattern.
 * @throws RangeError unless `full` starts with the prefix and is followed by 1-512 characters.
 */
export function withoutPrefix(prefix: string, full: string, what: 'key' | 'pattern'): string {
  if (typeof full !== 'string' || !full.startsWith(prefix)) {
    throw new RangeError(
      `the ${what} must start with the app's prefix "${prefix}" (only the app's keys are reachable)`,
    );
  }
  const rest = full.slice(prefix.length);
  if (!validLength(rest)) {
    throw new RangeError(
      `the ${what} must have 1-${MAX_KEY_LENGTH} characters after the prefix "${prefix}"`,
    );
  }
  return rest;
}
