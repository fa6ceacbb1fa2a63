'use client';
// Says when what is on screen is old because the last polls failed, and how old.
import { useEffect, useState } from 'react';
import type { ApiError } from './fetcher';
import { formatAge } from './format';

export function StaleNotice({
  error,
  updatedAt,
}: {
  error: ApiError | undefined;
  updatedAt: number | undefined;
}) {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    if (!error) return;
    const t = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(t);
  }, [error]);
  // An instance that cannot be shown (404) is not an outage: the scope banner says why.
  if (!error || error.status === 404) return null;
  const unauthorized = error.status === 401;
  return (
    <div
      role="status"
      data-testid="stale-notice"
      className="rounded border border-warn/50 bg-warn/10 px-3 py-2 text-sm text-warn"
    >
      {unauthorized ? (
        <>
          Your session is not valid any more:{' '}
          <a className="underline" href="/signin">
            sign in again
          </a>
          .
        </>
      ) : (
        <>
          <strong>Stale:</strong> the health API is unreachable ({error.message}).{' '}
          {updatedAt
            ? `Showing data from ${formatAge(updatedAt, Math.max(now, updatedAt))}.`
            : 'No data yet.'}{' '}
          Retrying by itself.
        </>
      )}
    </div>
  );
}
