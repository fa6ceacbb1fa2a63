// Preloaded into an app under test (NODE_OPTIONS=--import): records every module file the
// process loads, through require or import, and on SIGUSR2 writes them to MODULE_PROBE_OUT with
// whether the data layer has an observer (lib/db keeps it on globalThis) and telemetry started.
import { writeFileSync } from 'node:fs';
import { createRequire, registerHooks } from 'node:module';

const loaded = new Set();
registerHooks({
  load(url, context, nextLoad) {
    loaded.add(url);
    return nextLoad(url, context);
  },
});
const requireCache = createRequire(import.meta.url).cache;

process.on('SIGUSR2', () => {
  const out = process.env.MODULE_PROBE_OUT;
  if (!out) return;
  writeFileSync(
    out,
    JSON.stringify({
      pid: process.pid,
      modules: [...new Set([...loaded, ...Object.keys(requireCache)])],
      observer: typeof globalThis.__dbObserver,
      telemetry: typeof globalThis.__telemetry,
    }),
  );
});
