// Test-only helpers for lib/db integration tests: an executor with chosen settings on a fresh
// client, so each test controls pool, breaker and retry without touching the process singletons.
import { DeadlineTimer } from '../resilience';
import { createKindClient } from './clients';
import { DB_PRESETS, type DbConfig } from './db-config';
import { DbExecutor, type ClientKind } from './db-executor';
import { serverEnv } from '../env';

export function testExecutor(kind: ClientKind, overrides: Partial<DbConfig> = {}): DbExecutor {
  const config: DbConfig = { ...DB_PRESETS.development, ...overrides };
  return new DbExecutor(kind, config, {
    client: createKindClient(kind, serverEnv()),
    timer: new DeadlineTimer({ resolutionMs: 5 }),
  });
}
