// Query schemas of the health endpoints.
import { z } from 'zod';
import { DEFAULT_HISTORY_WINDOW, HISTORY_WINDOW_IDS, historyWindowMs } from '@/lib/history-windows';

/** No parameters: anything given is refused with a 400 naming it. */
export const noQuery = z.strictObject({});

const windowParam = z.enum(HISTORY_WINDOW_IDS, {
  message: `window must be one of ${HISTORY_WINDOW_IDS.join(', ')}`,
});

/** `scope=fleet|instance` (default fleet) and `instance=<id>` (with scope=instance). */
const scopeParams = {
  scope: z.enum(['fleet', 'instance'], { message: 'scope must be fleet or instance' }),
  instance: z
    .string()
    .regex(
      /^[A-Za-z0-9_.:-]{1,100}$/,
      'instance must be an instance id (letters, digits, _ . : -)',
    ),
};

function toScope(q: { scope?: 'fleet' | 'instance'; instance?: string }) {
  if (q.instance !== undefined && q.scope === 'fleet') return undefined;
  return q.instance !== undefined || q.scope === 'instance'
    ? ({ scope: 'instance', instance: q.instance } as const)
    : ({ scope: 'fleet' } as const);
}

/** The scope and the window (default 15m) of /db, /detailed and /history. */
export const scopeQuery = z
  .strictObject({ ...scopeParams, window: windowParam })
  .partial()
  .refine((q) => toScope(q) !== undefined, {
    message: 'instance=<id> goes with scope=instance (or no scope)',
  })
  .transform((q) => ({
    scope: toScope(q)!,
    windowMs: historyWindowMs(q.window ?? DEFAULT_HISTORY_WINDOW),
  }));

/** /history: the scope and the window. */
export const historyQuery = scopeQuery;

/** /operations: the scope and window, and optionally one operation (with its kind) to drill into. */
export const operationsQuery = z
  .strictObject({
    ...scopeParams,
    window: windowParam,
    kind: z.enum(['service', 'anon'], { message: 'kind must be service or anon' }),
    operation: z
      .string()
      .min(1, 'operation must not be empty')
      .max(100, 'operation must be at most 100 characters'),
  })
  .partial()
  .refine((q) => toScope(q) !== undefined, {
    message: 'instance=<id> goes with scope=instance (or no scope)',
  })
  .refine((q) => (q.operation === undefined) === (q.kind === undefined), {
    message: 'operation=<name> goes with kind=service|anon',
  })
  .transform((q) => ({
    scope: toScope(q)!,
    windowMs: historyWindowMs(q.window ?? DEFAULT_HISTORY_WINDOW),
    only:
      q.operation !== undefined && q.kind ? { kind: q.kind, operation: q.operation } : undefined,
  }));
