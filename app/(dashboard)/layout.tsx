// The dashboard's frame: signed-in only when HEALTH_TOKEN is set, with the navigation and the
// shared window / refresh settings.
import { cookies } from 'next/headers';
import { redirect } from 'next/navigation';
import type { ReactNode } from 'react';
import { Nav } from '@/components/dashboard/nav';
import { SettingsProvider } from '@/components/dashboard/settings';
import { SESSION_COOKIE, dashboardLocked, hasDashboardSession } from '@/lib/health';

export const dynamic = 'force-dynamic';

export default async function DashboardLayout({ children }: { children: ReactNode }) {
  const session = (await cookies()).get(SESSION_COOKIE)?.value;
  if (!hasDashboardSession(session)) redirect('/signin');
  return (
    <SettingsProvider>
      <Nav signOut={dashboardLocked()} />
      <main className="mx-auto max-w-[1600px] px-4 py-4">{children}</main>
    </SettingsProvider>
  );
}
