// The dashboard's frame: signed-in only when HEALTH_TOKEN is set, with the navigation and the
// shared window / refresh settings; the scope (fleet or one instance) is in the page URL.
import { cookies } from 'next/headers';
import { redirect } from 'next/navigation';
import type { ReactNode } from 'react';
import { Nav } from '@/components/dashboard/nav';
import { ScopedMain } from '@/components/dashboard/scoped-main';
import { SettingsProvider } from '@/components/dashboard/settings';
import { SESSION_COOKIE, dashboardLocked, hasDashboardSession } from '@/lib/health';

export const dynamic = 'force-dynamic';

export default async function DashboardLayout({ children }: { children: ReactNode }) {
  const session = (await cookies()).get(SESSION_COOKIE)?.value;
  if (!hasDashboardSession(session)) redirect('/signin');
  return (
    <SettingsProvider>
      <Nav signOut={dashboardLocked()} />
      <ScopedMain>{children}</ScopedMain>
    </SettingsProvider>
  );
}
