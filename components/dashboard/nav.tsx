'use client';
import Link from 'next/link';
import { usePathname } from 'next/navigation';
import { SettingsPickers } from './settings';

const LINKS = [
  { href: '/', label: 'Overview' },
  { href: '/db', label: 'Database' },
  { href: '/cache', label: 'Cache' },
] as const;

export function Nav({ signOut }: { signOut: boolean }) {
  const path = usePathname();
  return (
    <header className="border-b border-line bg-panel">
      <div className="mx-auto flex max-w-[1600px] flex-wrap items-center justify-between gap-3 px-4 py-3">
        <nav aria-label="Dashboard" className="flex items-center gap-1">
          <span className="mr-3 font-semibold">Data layer health</span>
          {LINKS.map((l) => (
            <Link
              key={l.href}
              href={l.href}
              aria-current={path === l.href ? 'page' : undefined}
              className={`rounded px-3 py-1 text-sm ${path === l.href ? 'bg-line font-semibold' : 'hover:bg-line/60'}`}
            >
              {l.label}
            </Link>
          ))}
        </nav>
        <div className="flex items-center gap-4">
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
