// Sign-in for the dashboard: a plain form posted to /api/session, which sets an HTTP-only
// cookie. The token never passes through client JavaScript or a URL.
import { redirect } from 'next/navigation';
import { dashboardLocked } from '@/lib/health';

export const dynamic = 'force-dynamic';
export const metadata = { title: 'Sign in · Data layer health' };

export default async function SignInPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  if (!dashboardLocked()) redirect('/');
  const failed = (await searchParams).error !== undefined;
  return (
    <main className="mx-auto mt-24 max-w-sm px-4">
      <h1 className="mb-4 text-2xl font-semibold">Data layer health</h1>
      <form
        method="post"
        action="/api/session"
        className="space-y-3 rounded-lg border border-line bg-panel p-5"
      >
        <label className="block text-sm" htmlFor="token">
          Health token
        </label>
        <input
          id="token"
          name="token"
          type="password"
          required
          autoComplete="current-password"
          autoFocus
          className="w-full rounded border border-line bg-transparent px-3 py-2"
          aria-describedby="token-help"
        />
        <p id="token-help" className="text-xs text-muted">
          The value of <code>HEALTH_TOKEN</code> (npm start on the local stack prints one).
        </p>
        {failed && (
          <p role="alert" className="text-sm text-fail">
            That token is not right.
          </p>
        )}
        <button
          type="submit"
          className="w-full rounded bg-[var(--chart-1)] px-3 py-2 font-semibold text-white"
        >
          Sign in
        </button>
      </form>
    </main>
  );
}
