'use client';
// One SWR hook per health endpoint. Polling pauses while the tab is hidden (SWR's default) and
// resumes when shown; requests are de-duplicated; a failed poll keeps the last data, which the
// page then marks stale with its age.
import { useRef } from 'react';
import useSWR from 'swr';
import type {
  DbDetails,
  HealthHistory,
  HealthJson,
  OperationsView,
  RedisDetails,
  SloView,
} from '@/lib/health';
import { fetchJson, type ApiError } from './fetcher';
import { apiQuery } from './scope';
import { useSettings } from './settings';
import { useScope } from './use-scope';

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

/** The instance that answers judges itself (a load balancer asks about that one): no scope. */
export const useHealthSummary = () => usePolled<HealthJson>('/api/health');
/** Redis as the answering instance sees it: the endpoint has no scope. */
export const useRedisDetails = () => usePolled<RedisDetails>('/api/health/redis');

/** Pools, breakers and calls for the page's scope, over the chosen window. */
export function useDbDetails(): Polled<DbDetails> {
  const { window } = useSettings();
  return usePolled<DbDetails>(`/api/health/db${apiQuery(useScope(), window)}`);
}

/** The charts' series for the page's scope and window (1-minute buckets past an hour). */
export function useHistory(): Polled<HealthHistory> {
  const { window } = useSettings();
  return usePolled<HealthHistory>(`/api/health/history${apiQuery(useScope(), window)}`);
}

/** Every operation's figures for the page's scope and window, with its two-minute trend. */
export function useOperations(): Polled<OperationsView> {
  const { window } = useSettings();
  return usePolled<OperationsView>(`/api/health/operations${apiQuery(useScope(), window)}`);
}

/** One operation over the window (its points and slow calls), for its drill-down. */
export function useOperationDetail(kind: 'service' | 'anon', name: string): Polled<OperationsView> {
  const { window } = useSettings();
  const q = new URLSearchParams({ kind, operation: name });
  return usePolled<OperationsView>(
    `/api/health/operations${apiQuery(useScope(), window)}&${q.toString()}`,
  );
}

/** The fleet's SLOs: the error budget over 30 days and the burn rates (no scope, no window). */
export const useSlo = () => usePolled<SloView>('/api/health/slo');

/**
 * What the answers say about their scope and the fleet (instances, N of M, Redis), read from the
 * history answer that every page polls (one request, shared through SWR).
 */
export function useScopeInfo() {
  const { data, error } = useHistory();
  return { info: data?.scope, now: data?.now, error };
}
