// Messages about Redis are logged and shown on the dashboard: strip what could identify or unlock
// the server before they go anywhere.

const MAX_MESSAGE_LENGTH = 200;

/**
 * The message without Redis URLs (which may carry a password), `host:port` pairs and any of the
 * given secrets, cut to 200 characters.
 */
export function redact(message: string, secrets: readonly string[] = []): string {
  let out = String(message);
  for (const secret of secrets) {
    // Short strings would blank out ordinary words; real passwords and URLs are longer.
    if (secret.length >= 4) out = out.split(secret).join('[redacted]');
  }
  return out
    .replace(/rediss?:\/\/\S+/gi, 'redis://[redacted]')
    .replace(/\b\d{1,3}(?:\.\d{1,3}){3}:\d+\b/g, '[host]')
    .replace(/\[[0-9a-f:]+\]:\d+/gi, '[host]')
    .slice(0, MAX_MESSAGE_LENGTH);
}

/** The secrets in a Redis URL (the URL itself and its password), for redact(). */
export function secretsOf(url: string | undefined): string[] {
  if (!url) return [];
  const out = [url];
  try {
    const u = new URL(url);
    if (u.password) out.push(u.password, decodeURIComponent(u.password));
  } catch {
    // Not a URL: the whole string is all there is to hide.
  }
  return out;
}
