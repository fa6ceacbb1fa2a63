import { connection } from 'next/server';
import { withServiceClient } from '@/lib/db';

// Placeholder until the dashboard lands: proves the page is backed by the database.
async function databaseStatus(): Promise<{ ok: boolean; ms: number }> {
  const started = performance.now();
  const ok = await withServiceClient((db) => db.rpc('health_ping'), {
    context: 'page /',
    timeoutMs: 2_000,
  }).then(
    () => true,
    () => false,
  );
  return { ok, ms: Math.round(performance.now() - started) };
}

export default async function Home() {
  await connection();
  const db = await databaseStatus();
  return (
    <main className="mx-auto max-w-2xl p-8">
      <h1 className="text-2xl font-semibold">Data layer health</h1>
      <p className="mt-4" data-testid="db-status">
        Database: {db.ok ? `reachable (${db.ms} ms)` : 'unreachable'}
      </p>
    </main>
  );
}
