'use client';
// One SWR hook per health endpoint. Polling pauses while the tab is hidden (SWR's default) and
// resumes when shown; requests are de-duplicated; a failed poll keeps the last data, which the
// page then marks stale with its age.
import { useRef } from 'react';
import useSWR from 'swr';
import type { DbDetails, HealthHistory, HealthJson, RedisDetails } from '@/lib/health';
import { fetchJson, type ApiError } from './fetcher';
import { useSettings, WINDOWS } from './settings';

export interface Polled<T> {
  readonly data: T | undefined;
  readonly error: ApiError | undefined;
  /** When the data on screen was fetched (epoch ms); undefined before the first answer. */
  readonly updatedAt: number | undefined;
  readonly isLoading: boolean;
}

function usePolled<T>(url: string): Polled<T> {
  const { refreshMs } = useSettings();
  const updatedAt = useRef<number | undefined>(undefined);
  const { data, error, isLoading } = useSWR<T, ApiError>(url, fetchJson, {
    refreshInterval: refreshMs,
    refreshWhenHidden: false,
    revalidateOnFocus: true,
    dedupingInterval: Math.min(1_000, refreshMs),
    keepPreviousData: true,
    errorRetryInterval: refreshMs,
    onSuccess: () => {
      updatedAt.current = Date.now();
    },
  });
  // eslint-disable-next-line react-hooks/refs -- the time of the last success, read on render
  return { data, error, updatedAt: updatedAt.current, isLoading };
}

export const useHealthSummary = () => usePolled<HealthJson>('/api/health');
export const useDbDetails = () => usePolled<DbDetails>('/api/health/db');
export const useRedisDetails = () => usePolled<RedisDetails>('/api/health/redis');

export function useHistory(): Polled<HealthHistory> {
  const { window } = useSettings();
  const id = WINDOWS.find((w) => w.id === window)!.id;
  return usePolled<HealthHistory>(`/api/health/history?window=${id}`);
}
