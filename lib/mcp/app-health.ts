// The running app's health API, read with the health token: its detailed health for app_health,
// and its own cache counters for redis_stats (which this process cannot see).
import { ToolError, type ToolContext } from './tool-context';

export interface AppCacheCounters {
  readonly hits: number;
  readonly misses: number;
  readonly bypasses: number;
  readonly hitRate: number;
  readonly source: string;
}

function getFromApp(ctx: ToolContext & { appUrl: string }, path: string, timeoutMs: number) {
  return fetch(new URL(path, ctx.appUrl), {
    headers: ctx.healthToken ? { authorization: `Bearer ${ctx.healthToken}` } : {},
    signal: AbortSignal.timeout(timeoutMs),
  });
}

const hasAppUrl = (ctx: ToolContext): ctx is ToolContext & { appUrl: string } => !!ctx.appUrl;

/**
 * The app's `/api/health/detailed` as it answered (200, or 503 when unhealthy).
 * @throws ToolError when APP_URL is not set, the app does not answer or refuses the token.
 */
export async function appHealth(ctx: ToolContext): Promise<unknown> {
  if (!hasAppUrl(ctx))
    throw new ToolError(
      'APP_URL is not set: point it at the running app (e.g. http://localhost:3000)',
    );
  let res: Response;
  try {
    res = await getFromApp(ctx, '/api/health/detailed', 5_000);
  } catch {
    throw new ToolError(`the app at ${ctx.appUrl} did not answer`);
  }
  if (res.status === 401)
    throw new ToolError('the app refused the health token: set HEALTH_TOKEN to the app’s value');
  if (res.status !== 200 && res.status !== 503)
    throw new ToolError(`the app answered ${res.status}`);
  return res.json();
}

/** The app's lifetime cache counters from `/api/health/redis`; null when they cannot be had. */
export async function appCacheCounters(ctx: ToolContext): Promise<AppCacheCounters | null> {
  if (!hasAppUrl(ctx)) return null;
  try {
    const res = await getFromApp(ctx, '/api/health/redis', 2_000);
    if (!res.ok) return null;
    const body = (await res.json()) as {
      cache?: { lifetime?: { hits: number; misses: number; bypasses: number; hitRate: number } };
    };
    const l = body.cache?.lifetime;
    return l
      ? {
          hits: l.hits,
          misses: l.misses,
          bypasses: l.bypasses,
          hitRate: l.hitRate,
          source: '/api/health/redis',
        }
      : null;
  } catch {
    return null;
  }
}
