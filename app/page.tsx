import { connection } from 'next/server';
import { serviceClient } from '@/lib/db';

// Placeholder until the dashboard lands: proves the page is backed by the database.
async function databaseStatus(): Promise<{ ok: boolean; ms: number }> {
  const started = performance.now();
  const { error } = await serviceClient().rpc('health_ping');
  return { ok: !error, ms: Math.round(performance.now() - started) };
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
