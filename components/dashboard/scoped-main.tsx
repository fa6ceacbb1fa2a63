'use client';
// The pages' frame for a scope: the scope banner on top, and the page keyed by its scope, so a
// drill-down starts from empty charts instead of briefly showing the previous scope's figures
// under the new banner (the polls keep the last data only within one scope).
import type { ReactNode } from 'react';
import { scopeSearch } from './scope';
import { ScopeBanner } from './scope-banner';
import { useScope } from './use-scope';

export function ScopedMain({ children }: { children: ReactNode }) {
  const scope = useScope();
  return (
    <main
      key={scopeSearch(scope) || 'fleet'}
      className="mx-auto max-w-[1600px] space-y-4 px-4 py-4"
    >
      <ScopeBanner />
      {children}
    </main>
  );
}
