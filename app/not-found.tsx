// The page for paths no route serves (API paths get JSON from app/api/[[...path]]). Rendered per
// request, not prerendered, so that its scripts carry the Content-Security-Policy nonce that
// proxy.ts makes for each page: a prerendered page's scripts have none and would be blocked.
import Link from 'next/link';
import { connection } from 'next/server';

export default async function NotFound() {
  await connection();
  return (
    <main className="mx-auto mt-24 max-w-sm px-4">
      <h1 className="mb-2 text-2xl font-semibold">Page not found</h1>
      <p className="mb-4 text-sm text-muted">There is no page at this address.</p>
      <Link href="/" className="underline">
        Back to the dashboard
      </Link>
    </main>
  );
}
