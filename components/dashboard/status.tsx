'use client';
// Status words and colours: never colour alone (the word is always there).
import type { ReactNode } from 'react';

export type Status = 'pass' | 'warn' | 'fail';
export type BreakerName = 'closed' | 'open' | 'half-open';

const STATUS_STYLE: Record<Status, string> = {
  pass: 'bg-ok/15 text-ok border-ok/40',
  warn: 'bg-warn/15 text-warn border-warn/40',
  fail: 'bg-fail/15 text-fail border-fail/40',
};

const BREAKER_STYLE: Record<BreakerName, string> = {
  closed: 'bg-ok/15 text-ok border-ok/40',
  'half-open': 'bg-half/15 text-half border-half/40',
  open: 'bg-fail/15 text-fail border-fail/40',
};

export function StatusPill({ status, children }: { status: Status; children?: ReactNode }) {
  return (
    <span
      data-status={status}
      className={`inline-flex items-center gap-1 rounded-full border px-2 py-0.5 text-xs font-semibold uppercase ${STATUS_STYLE[status]}`}
    >
      {children ?? status}
    </span>
  );
}

export function BreakerBadge({ state, since }: { state: BreakerName; since: number }) {
  return (
    <span
      data-testid="breaker-state"
      data-breaker={state}
      className={`inline-flex items-center gap-1 rounded border px-2 py-0.5 text-xs font-semibold ${BREAKER_STYLE[state]}`}
    >
      breaker {state}
      <span className="font-normal opacity-80">
        since{' '}
        <time dateTime={new Date(since).toISOString()}>
          {new Date(since).toLocaleTimeString('en-GB', { hour12: false })}
        </time>
      </span>
    </span>
  );
}

export const breakerColor: Record<BreakerName, string> = {
  closed: 'var(--ok)',
  'half-open': 'var(--half)',
  open: 'var(--fail)',
};
