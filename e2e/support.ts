// What e2e tests know about the app under test: its stack (keys, ports) and the health token.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

export interface E2EStack {
  readonly dir: string;
  readonly jwtSecret: string;
  readonly anonKey: string;
  readonly serviceRoleKey: string;
  readonly redisPassword: string;
  readonly authenticatorPassword: string;
  readonly ports: Record<string, number>;
}

export function e2eStack(): E2EStack {
  const name = process.env.E2E_STACK;
  if (!name) throw new Error('E2E_STACK is not set (run through playwright.config.ts)');
  return JSON.parse(
    readFileSync(join(process.cwd(), '.stack', name, 'state.json'), 'utf8'),
  ) as E2EStack;
}

export function healthToken(): string {
  const token = process.env.E2E_HEALTH_TOKEN;
  if (!token) throw new Error('E2E_HEALTH_TOKEN is not set (run through playwright.config.ts)');
  return token;
}
