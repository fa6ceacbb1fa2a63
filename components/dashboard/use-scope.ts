'use client';
// The scope of the page being shown, from its URL: the fleet unless `?scope=instance` says.
import { useSearchParams } from 'next/navigation';
import { useMemo } from 'react';
import { scopeFromParams, type DashboardScope } from './scope';

export function useScope(): DashboardScope {
  const params = useSearchParams();
  const scope = params.get('scope');
  const instance = params.get('instance');
  // Keyed on the two strings, so hooks that depend on the scope see a stable object.
  return useMemo(
    () =>
      scopeFromParams({
        get: (name) => (name === 'scope' ? scope : name === 'instance' ? instance : null),
      }),
    [scope, instance],
  );
}
