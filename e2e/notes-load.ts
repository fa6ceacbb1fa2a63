// Load through the app's own routes for the metrics tests: signed-in users writing and reading
// notes (each POST is one database insert and invalidates the user's cached lists, so the GET
// after it misses the cache and reads the database; the next GET hits), spread unevenly over
// instances.
import { randomUUID } from 'node:crypto';
import { mintUserToken, readState, runSql, type StackState } from '../scripts/stack/index.ts';

export function e2eStackState(): StackState {
  const name = process.env.E2E_STACK;
  const state = name ? readState(name) : undefined;
  if (!state) throw new Error('the e2e stack is not running (run through playwright.config.ts)');
  return state;
}

/** A new user in auth.users and an access token for it. */
export async function newUser(): Promise<string> {
  const state = e2eStackState();
  const id = randomUUID();
  await runSql(state, `insert into auth.users (id, email) values ('${id}', '${id}@example.test')`);
  return mintUserToken(state.jwtSecret, id);
}

export interface LoadResult {
  readonly requests: number;
  /** Answers that were not 2xx, with their status, for failure messages. */
  readonly failures: readonly string[];
}

/**
 * `requests` sequential requests to one instance: POST a note, GET the list twice (a miss, then a
 * hit), and so on. Bounded by its count.
 */
export async function notesLoad(url: string, token: string, requests: number): Promise<LoadResult> {
  const failures: string[] = [];
  const headers = { authorization: `Bearer ${token}`, 'content-type': 'application/json' };
  for (let i = 0; i < requests; i++) {
    const res =
      i % 3 === 0
        ? await fetch(`${url}/api/notes`, {
            method: 'POST',
            headers,
            body: JSON.stringify({ title: `load ${i}` }),
          })
        : await fetch(`${url}/api/notes?limit=5`, { headers });
    if (!res.ok) failures.push(`${res.status} ${await res.text()}`);
    else await res.arrayBuffer();
  }
  return { requests, failures };
}

/**
 * `total` requests split over `urls` by `shares` (e.g. 0.7, 0.2, 0.1), each instance's share sent
 * by its own user, all instances at once.
 */
export async function unevenLoad(
  urls: readonly string[],
  shares: readonly number[],
  total: number,
): Promise<LoadResult[]> {
  return Promise.all(
    urls.map(async (url, i) =>
      notesLoad(url, await newUser(), Math.round(total * (shares[i] ?? 0))),
    ),
  );
}
