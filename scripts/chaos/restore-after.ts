// A restorer process (see restorer.ts): sleeps until --at, then brings --service back on the
// stack --stack (start for a stopped or killed service, resume for a paused one), and exits.
// Its output goes to the stack's logs/chaos.log.
import { readState, resumeReplay, resumeService, startService } from '../stack/index.ts';
import { parseRestorerArgs } from './restorer.ts';

const r = parseRestorerArgs(process.argv.slice(2));
if (!r) {
  console.error(`restore-after: bad arguments: ${process.argv.slice(2).join(' ')}`);
  process.exit(2);
}
const stamp = () => new Date().toISOString();
console.log(`${stamp()} ${r.service}: will ${r.restore} at ${new Date(r.at).toISOString()}`);
// Stopped by the chaos command when a newer fault or a repair replaces this one.
process.on('SIGTERM', () => {
  console.log(`${stamp()} ${r.service}: restoration cancelled`);
  process.exit(0);
});
await new Promise((resolve) => setTimeout(resolve, Math.max(0, r.at - Date.now())));

const state = readState(r.stack);
if (!state) {
  console.log(`${stamp()} ${r.service}: the stack "${r.stack}" is gone; nothing to restore`);
  process.exit(0);
}
try {
  if (r.restore === 'resume') resumeService(state, r.service);
  else if (r.restore === 'replay') await resumeReplay(state);
  else await startService(state, r.service);
  const done = { resume: 'resumed', replay: 'replay resumed', start: 'started' }[r.restore];
  console.log(`${stamp()} ${r.service}: ${done}`);
} catch (err) {
  console.error(`${stamp()} ${r.service}: ${r.restore} failed: ${(err as Error).message}`);
  process.exit(1);
}
