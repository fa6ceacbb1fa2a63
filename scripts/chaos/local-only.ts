// Chaos acts on the local stack only: when SUPABASE_URL or REDIS_URL is set to anything but that
// stack, the app this shell configures is somewhere else (a real Supabase project), and chaos
// refuses. Pure: it compares the environment with the stack's own URLs.

const LOOPBACK = new Set(['127.0.0.1', 'localhost', '[::1]', '::1']);

/** host:port of a URL with loopback names made equal; undefined when it does not parse. */
function endpoint(url: string): string | undefined {
  try {
    const u = new URL(url);
    const host = LOOPBACK.has(u.hostname) ? 'loopback' : u.hostname;
    const port = u.port || { 'http:': '80', 'https:': '443', 'redis:': '6379' }[u.protocol] || '';
    return `${u.protocol}//${host}:${port}`;
  } catch {
    return undefined;
  }
}

/** What may be said of a URL: scheme, host and port, never its password. */
function shown(url: string): string {
  try {
    const u = new URL(url);
    return `${u.protocol}//${u.host}`;
  } catch {
    return 'a value that is not a URL';
  }
}

/**
 * Why chaos must refuse, or undefined when the environment points at `local` or nowhere.
 * `local` is the stack's own configuration (appEnv(state)).
 */
export function refusalForRemote(
  env: Readonly<Record<string, string | undefined>>,
  local: Readonly<Record<string, string | undefined>>,
  stackName: string,
): string | undefined {
  const elsewhere = (['SUPABASE_URL', 'REDIS_URL'] as const).filter((k) => {
    const value = env[k];
    return value !== undefined && value !== '' && endpoint(value) !== endpoint(local[k] ?? '');
  });
  if (elsewhere.length === 0) return undefined;
  const where = elsewhere.map((k) => `${k} points to ${shown(env[k]!)}`).join(' and ');
  return `refusing: ${where}, not the local stack "${stackName}". Chaos only acts on a local stack started by npm start; run it in a shell without ${elsewhere.join(' or ')}.`;
}
