// Cache keys: callers name keys without the namespace prefix; these helpers build, check and
// confine them, so a pattern can never reach outside the prefix.

export const MAX_KEY_LENGTH = 512;
const PREFIX_RE = /^[A-Za-z0-9_.:-]{1,64}$/;
/** Characters with a meaning in Redis glob patterns (MATCH). */
const GLOB_CHARS = /[*?[\]\\^]/g;
/** What cacheKey encodes in a part: the separator, `%` itself, glob characters, ASCII spaces. */
const ENCODED = /[:%*?[\]\\^ \t\n\r\v\f]/g;

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

/**
 * Checks a key as callers pass it (without the prefix).
 * @throws RangeError for an empty key or one longer than 512 characters.
 */
export function checkKey(key: string): void {
  if (typeof key !== 'string' || key.length === 0 || key.length > MAX_KEY_LENGTH) {
    throw new RangeError(`cache keys must be 1-${MAX_KEY_LENGTH} characters`);
  }
}

/**
 * Checks a glob pattern as callers pass it (without the prefix).
 * @throws RangeError for an empty pattern or one longer than 512 characters.
 */
export function checkPattern(pattern: string): void {
  if (typeof pattern !== 'string' || pattern.length === 0 || pattern.length > MAX_KEY_LENGTH) {
    throw new RangeError(`patterns must be 1-${MAX_KEY_LENGTH} characters`);
  }
}

/** Escapes glob characters so that Redis MATCH takes the text literally. */
export function escapeGlob(text: string): string {
  return text.replace(GLOB_CHARS, (c) => `\\${c}`);
}

/**
 * A key from parts joined by `:`. Each part is percent-encoded where it holds `:`, `%`, glob
 * characters or ASCII whitespace, so parts never merge and `cacheKey('user', id) + ':*'` patterns match
 * exactly one user's keys.
 * @throws RangeError for no parts, an empty part, a non-finite number or too long a result.
 */
export function cacheKey(...parts: readonly (string | number)[]): string {
  if (parts.length === 0) throw new RangeError('cacheKey needs at least one part');
  const key = parts
    .map((part, i) => {
      if (typeof part === 'number' && !Number.isFinite(part))
        throw new RangeError(`cacheKey part ${i} must be a finite number, got ${part}`);
      const text = String(part);
      if (text.length === 0) throw new RangeError(`cacheKey part ${i} is empty`);
      return text.replace(ENCODED, (c) => `%${c.charCodeAt(0).toString(16).padStart(2, '0')}`);
    })
    .join(':');
  checkKey(key);
  return key;
}
