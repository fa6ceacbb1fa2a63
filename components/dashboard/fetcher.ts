// The one fetcher the dashboard's SWR hooks share: same-origin (the session cookie rides along),
// no caching, and a typed error for a non-ok answer.

export class ApiError extends Error {
  readonly status: number;
  readonly code: string | undefined;
  constructor(message: string, status: number, code?: string) {
    super(message);
    this.name = 'ApiError';
    this.status = status;
    this.code = code;
  }
}

/** Health answers 503 with a full body when the system fails: that is data, not an error. */
const BODY_STATUSES = new Set([200, 503]);

export async function fetchJson<T>(url: string): Promise<T> {
  let res: Response;
  try {
    res = await fetch(url, {
      credentials: 'same-origin',
      cache: 'no-store',
      headers: { accept: 'application/json' },
    });
  } catch {
    throw new ApiError('the health API is unreachable', 0);
  }
  if (!BODY_STATUSES.has(res.status)) {
    const body = (await res.json().catch(() => null)) as {
      error?: { code?: string; message?: string };
    } | null;
    throw new ApiError(
      body?.error?.message ?? `the health API answered ${res.status}`,
      res.status,
      body?.error?.code,
    );
  }
  try {
    return (await res.json()) as T;
  } catch {
    throw new ApiError('the health API sent something that is not JSON', res.status);
  }
}
