// How an error is told on a span or a metric: `error.type` (the SQLSTATE when PostgreSQL gave
// one, else the typed error's code: DB_TIMEOUT, DB_UNAVAILABLE, CIRCUIT_OPEN, …, else the error's
// name), `db.response.status_code` (the SQLSTATE only) and a status description that is the
// error's public message, never the database's text (which can quote values).
import { isAppError } from '../errors';

export interface ErrorFacts {
  readonly type: string;
  /** PostgreSQL's SQLSTATE (five characters), when the error carries one. */
  readonly sqlstate: string | undefined;
  readonly description: string;
}

const SQLSTATE = /^[0-9A-Z]{5}$/;

/** The facts of `err` that telemetry may carry (nothing secret, low cardinality). */
export function errorFacts(err: Error): ErrorFacts {
  const pgCode = (err as { pgCode?: unknown }).pgCode;
  const sqlstate = typeof pgCode === 'string' && SQLSTATE.test(pgCode) ? pgCode : undefined;
  if (isAppError(err)) {
    return { type: sqlstate ?? err.code, sqlstate, description: err.publicMessage };
  }
  const name = err.name || '_OTHER';
  return { type: sqlstate ?? name, sqlstate, description: name };
}
