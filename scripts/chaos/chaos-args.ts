// The chaos command line, parsed into one typed command (pure, unit-tested):
//   npm run chaos -- <stop|kill|pause> <service> [duration] [--stack NAME]
//   npm run chaos -- <start|restart|resume> <service> [--stack NAME]
//   npm run chaos -- lag replica [duration] | catch-up replica   (WAL replay paused / resumed)
//   npm run chaos -- status [--stack NAME]
import { parseArgs } from 'node:util';
import { SERVICES, type ServiceName } from '../stack/services.ts';

export const FAULTS = ['stop', 'kill', 'pause', 'lag'] as const;
export const REPAIRS = ['start', 'restart', 'resume', 'catch-up'] as const;
/** Replication lag is a fault of the replica alone. */
const REPLICA_ONLY: readonly string[] = ['lag', 'catch-up'];
export type FaultAction = (typeof FAULTS)[number];
export type RepairAction = (typeof REPAIRS)[number];

export type ChaosCommand =
  | { readonly action: 'help' }
  | { readonly action: 'status'; readonly stack: string }
  | {
      readonly action: FaultAction;
      readonly service: ServiceName;
      /** Undefined: the fault lasts until a repair command. */
      readonly durationMs: number | undefined;
      readonly stack: string;
    }
  | { readonly action: RepairAction; readonly service: ServiceName; readonly stack: string };

export const USAGE = [
  'usage: npm run chaos -- <stop|kill|pause> <service> [duration] [--stack NAME]',
  '       npm run chaos -- <start|restart|resume> <service> [--stack NAME]',
  '       npm run chaos -- lag replica [duration]   (pause WAL replay: replication lag grows)',
  '       npm run chaos -- catch-up replica         (resume WAL replay)',
  '       npm run chaos -- status [--stack NAME]',
  `services: ${SERVICES.join(', ')}; duration: e.g. 30s, 2m, 500ms (1 s to 10 min);`,
  'stack: the local stack\'s name ("dev", the one npm start runs, by default)',
].join('\n');

export class ChaosUsageError extends Error {
  constructor(message: string) {
    super(`${message}\n${USAGE}`);
    this.name = 'ChaosUsageError';
  }
}

const MIN_DURATION_MS = 1_000;
const MAX_DURATION_MS = 10 * 60_000;
const UNIT_MS = { ms: 1, s: 1_000, m: 60_000 } as const;

/**
 * "30s", "2m", "500ms" or a bare number of seconds, in milliseconds.
 * @throws ChaosUsageError when malformed or outside 1 s to 10 min.
 */
export function parseDuration(text: string): number {
  const m = /^(\d+(?:\.\d+)?)(ms|s|m)?$/.exec(text.trim());
  if (!m) throw new ChaosUsageError(`"${text}" is not a duration (e.g. 30s, 2m, 500ms)`);
  const ms = Math.round(Number(m[1]) * UNIT_MS[(m[2] ?? 's') as keyof typeof UNIT_MS]);
  if (ms < MIN_DURATION_MS || ms > MAX_DURATION_MS)
    throw new ChaosUsageError(`a fault lasts 1 s to 10 min, got ${text}`);
  return ms;
}

const ALIASES: Record<string, ServiceName> = { postgresql: 'postgres', pg: 'postgres' };

function parseService(text: string | undefined): ServiceName {
  if (!text) throw new ChaosUsageError('which service?');
  const name = ALIASES[text] ?? text;
  if (!(SERVICES as readonly string[]).includes(name))
    throw new ChaosUsageError(`unknown service "${text}"`);
  return name as ServiceName;
}

/**
 * @throws ChaosUsageError naming what is wrong, followed by the usage.
 */
export function parseChaosArgs(argv: readonly string[]): ChaosCommand {
  let parsed;
  try {
    parsed = parseArgs({
      args: [...argv],
      allowPositionals: true,
      options: {
        stack: { type: 'string', default: 'dev' },
        help: { type: 'boolean', short: 'h', default: false },
      },
    });
  } catch (err) {
    throw new ChaosUsageError((err as Error).message);
  }
  const [action, serviceText, durationText, ...rest] = parsed.positionals;
  if (parsed.values.help || action === 'help') return { action: 'help' };
  const stack = parsed.values.stack;
  if (!/^[a-z0-9-]+$/.test(stack)) throw new ChaosUsageError(`bad stack name "${stack}"`);
  if (action === undefined || action === 'status') {
    if (serviceText !== undefined) throw new ChaosUsageError('status takes no service');
    return { action: 'status', stack };
  }
  if (REPLICA_ONLY.includes(action) && serviceText !== 'replica')
    throw new ChaosUsageError(
      `${action} acts on the replica only: npm run chaos -- ${action} replica`,
    );
  if ((FAULTS as readonly string[]).includes(action)) {
    if (rest.length) throw new ChaosUsageError(`unexpected "${rest.join(' ')}"`);
    return {
      action: action as FaultAction,
      service: parseService(serviceText),
      durationMs: durationText === undefined ? undefined : parseDuration(durationText),
      stack,
    };
  }
  if ((REPAIRS as readonly string[]).includes(action)) {
    if (durationText !== undefined)
      throw new ChaosUsageError(`${action} takes no duration: it acts at once`);
    return { action: action as RepairAction, service: parseService(serviceText), stack };
  }
  throw new ChaosUsageError(`unknown command "${action}"`);
}
