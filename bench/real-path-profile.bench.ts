// Where a real wrapped call spends its CPU, beside a raw supabase-js call: the same rpc to the
// local stack, profiled in-process (node:inspector) over many calls of each, alternating in
// batches for the CPU figures, then one profile of each. Prints CPU per call for both and the top
// functions by self time, grouped by where they live (this project's modules, supabase-js,
// undici, node internals), so the wrapper's own share is read directly.
// Run: npm run bench -- real-path-profile
import { Session } from 'node:inspector/promises';
import { createClient } from '@supabase/supabase-js';
import { createKindClient } from '../lib/db/clients';
import { DB_PRESETS } from '../lib/db/db-config';
import { DbExecutor } from '../lib/db/db-executor';
import { DeadlineTimer } from '../lib/resilience';
import { serverEnv } from '../lib/env';
import { fmt, table } from './bench-util';

/** Samples that are not this process working. */
const IDLE = new Set(['(idle)', '(program)']);
const CALLS = Number(process.env.BENCH_CALLS ?? 4_000);
const BATCH = 200;

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
}
interface Profile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

/** Who a frame belongs to: this project's modules by folder, else the package or runtime. */
function owner(url: string): string {
  if (url === '') return '(native)';
  // The bench is bundled with this project's modules (lib/db, lib/resilience, lib/metrics …).
  if (url.includes('/.stack/bench/')) return 'this project';
  const pkg = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url);
  if (pkg) return pkg[1]!;
  if (url.startsWith('node:')) return 'node';
  return url.split('/').slice(-1)[0]!;
}

function selfTimes(profile: Profile): Map<string, number> {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const out = new Map<string, number>();
  profile.samples.forEach((id, i) => {
    const frame = byId.get(id)!.callFrame;
    const name = frame.functionName || '(anonymous)';
    const key = frame.url === '' ? name : `${name} (${owner(frame.url)}:${frame.lineNumber + 1})`;
    out.set(key, (out.get(key) ?? 0) + (profile.timeDeltas[i] ?? 0));
  });
  return out;
}

async function profiled(session: Session, run: () => Promise<void>): Promise<Profile> {
  await session.post('Profiler.start');
  await run();
  const { profile } = await session.post('Profiler.stop');
  return profile as unknown as Profile;
}

const env = serverEnv();
const ex = new DbExecutor(
  'service',
  { ...DB_PRESETS.production, poolSize: 10 },
  { client: createKindClient('service', env), timer: new DeadlineTimer({ resolutionMs: 5 }) },
);
const raw = createClient(env.SUPABASE_URL, env.SUPABASE_SERVICE_ROLE_KEY, {
  auth: { persistSession: false, autoRefreshToken: false },
  db: { retry: false },
});
const callers = {
  raw: async () => {
    const { error } = await raw.rpc('health_ping');
    if (error) throw new Error(`raw call failed: ${error.message}`);
  },
  wrapped: async () => {
    await ex.run((db) => db.rpc('health_ping'));
  },
};
type Name = keyof typeof callers;
for (let i = 0; i < 300; i++) for (const c of Object.values(callers)) await c(); // warm-up

// CPU per call, unprofiled, the two alternating in batches.
const cpu: Record<Name, number> = { raw: 0, wrapped: 0 };
for (let done = 0; done < CALLS; done += BATCH) {
  for (const name of Object.keys(callers) as Name[]) {
    const before = process.cpuUsage();
    for (let i = 0; i < BATCH; i++) await callers[name]();
    const used = process.cpuUsage(before);
    cpu[name] += used.user + used.system;
  }
}
// Then one profile of each over the same number of calls.
const session = new Session();
session.connect();
await session.post('Profiler.enable');
await session.post('Profiler.setSamplingInterval', { interval: 50 });
const totals = {} as Record<Name, Map<string, number>>;
for (const name of Object.keys(callers) as Name[]) {
  const profile = await profiled(session, async () => {
    for (let i = 0; i < CALLS; i++) await callers[name]();
  });
  totals[name] = selfTimes(profile);
}
session.disconnect();

console.log(
  `node ${process.version}; ${fmt(CALLS)} calls each, alternating in batches of ${BATCH}\n`,
);
console.log('CPU per call (user + system, this process; the server side is not counted)');
console.log(
  table([
    ['contender', 'µs/call'],
    ['raw supabase-js', fmt(cpu.raw / CALLS, 1)],
    ['lib/db wrapper', fmt(cpu.wrapped / CALLS, 1)],
  ]),
);
for (const name of Object.keys(callers) as Name[]) {
  const all = [...totals[name]].sort((a, b) => b[1] - a[1]);
  const busy = all.filter(([k]) => !IDLE.has(k));
  const sum = busy.reduce((s, [, v]) => s + v, 0);
  const byOwner = new Map<string, number>();
  for (const [k, v] of busy) {
    const o = /\(([^:()]+):\d+\)$/.exec(k)?.[1] ?? '(native)';
    byOwner.set(o, (byOwner.get(o) ?? 0) + v);
  }
  console.log(`\n${name}: top functions by self time (share of busy time: idle excluded)`);
  console.log(
    table([
      ['function', 'share'],
      ...busy.slice(0, 14).map(([k, v]) => [k, `${((100 * v) / sum).toFixed(1)}%`]),
    ]),
  );
  console.log(`\n${name}: self time by owner`);
  console.log(
    table([
      ['owner', 'share'],
      ...[...byOwner]
        .sort((a, b) => b[1] - a[1])
        .slice(0, 8)
        .map(([k, v]) => [k, `${((100 * v) / sum).toFixed(1)}%`]),
    ]),
  );
}
process.exit(0);
