'use client';
import Link from 'next/link';
import { usePathname } from 'next/navigation';
import { InstancesBadge } from './instances-badge';
import { scopedHref } from './scope';
import { SettingsPickers } from './settings';
import { useScope } from './use-scope';

const LINKS = [
  { href: '/', label: 'Overview' },
  { href: '/db', label: 'Database' },
  { href: '/cache', label: 'Cache' },
  { href: '/operations', label: 'Operations' },
  { href: '/instances', label: 'Instances' },
] as const;

export function Nav({ signOut }: { signOut: boolean }) {
  const path = usePathname();
  // The links keep the scope: from one instance's overview, Database is that instance's.
  const scope = useScope();
  return (
    <header className="border-b border-line bg-panel">
      <div className="mx-auto flex max-w-[1600px] flex-wrap items-center justify-between gap-3 px-4 py-3">
        <nav aria-label="Dashboard" className="flex items-center gap-1">
          <span className="mr-3 font-semibold">Data layer health</span>
          {LINKS.map((l) => {
            // A drill-down (/operations/detail) is still under its section.
            const current = path === l.href || (l.href !== '/' && path.startsWith(`${l.href}/`));
            return (
              <Link
                key={l.href}
                href={scopedHref(l.href, scope)}
                aria-current={current ? 'page' : undefined}
                className={`rounded px-3 py-1 text-sm ${current ? 'bg-line font-semibold' : 'hover:bg-line/60'}`}
              >
                {l.label}
              </Link>
            );
          })}
        </nav>
        <div className="flex flex-wrap items-center gap-4">
          <InstancesBadge />
          <SettingsPickers />
          {signOut && (
            <form method="post" action="/api/session/signout">
              <button
                className="rounded border border-line px-2 py-1 text-sm hover:bg-line/60"
                type="submit"
              >
                Sign out
              </button>
            </form>
          )}
        </div>
      </div>
    </header>
  );
}
