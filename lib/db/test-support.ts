// Test-only helpers for lib/db integration tests: an executor with chosen settings on a fresh
// client, so each test controls pool, breaker and retry without touching the process singletons.
import { DeadlineTimer } from '../resilience';
import { createKindClient } from './clients';
import { sendRequest } from './db-fetch';
import { DB_PRESETS, type DbConfig } from './db-config';
import type { ClientKind } from './client-kind';
import { DbExecutor } from './db-executor';
import { serverEnv } from '../env';

/**
 * An executor for `kind` on its own client; `onSend` sees every request as it leaves the process
 * (its headers, at the moment it leaves, before the network).
 */
export function testExecutor(
  kind: ClientKind,
  overrides: Partial<DbConfig> = {},
  onSend?: (headers: Readonly<Record<string, unknown>>) => void,
): DbExecutor {
  const config: DbConfig = { ...DB_PRESETS.development, ...overrides };
  const send: typeof sendRequest | undefined = onSend
    ? (url, options) => {
        onSend((options?.headers ?? {}) as Record<string, unknown>);
        return sendRequest(url, options);
      }
    : undefined;
  return new DbExecutor(kind, config, {
    client: createKindClient(kind, serverEnv(), send),
    timer: new DeadlineTimer({ resolutionMs: 5 }),
  });
}
