// The whole configuration checked at once, before the server takes a request: every variable on
// its own (lib/env.ts), then each layer's settings as a whole (presets with their overrides).
import 'server-only';
import { resolveCacheConfig } from '../cache';
import { resolveDbConfig, resolveReplicaConfig } from '../db';
import { EnvError, parseServerEnv, type ServerEnv } from '../env';
import { resolveFleetConfig } from '../fleet';
import { resolveHealthConfig } from '../health';

/**
 * Every problem of the configuration, in words naming the variables; empty when it holds.
 * Pure: the server calls it with process.env at start-up.
 */
export function checkConfiguration(source: Record<string, string | undefined>): string[] {
  let env: ServerEnv;
  try {
    env = parseServerEnv(source);
  } catch (err) {
    if (err instanceof EnvError) return [err.message];
    throw err;
  }
  const problems: string[] = [];
  for (const resolve of [
    resolveDbConfig,
    resolveReplicaConfig,
    resolveHealthConfig,
    resolveCacheConfig,
    resolveFleetConfig,
  ]) {
    try {
      resolve(env);
    } catch (err) {
      if (err instanceof RangeError) problems.push(err.message);
      else throw err;
    }
  }
  return problems;
}
