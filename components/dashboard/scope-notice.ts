// What the page has to say about its scope, in words: which instance it shows when drilled down
// (and whether that instance is still reporting), that an instance cannot be shown, or that the
// fleet view is unavailable and the page shows the instance that answered. Pure.
import type { ScopeInfo } from '@/lib/health';
import { instanceState, type InstanceState } from './instance-rows';
import type { DashboardScope } from './scope';

export type ScopeNotice =
  | {
      readonly kind: 'instance';
      readonly id: string;
      /** The instance whose server answers this page (its figures come from its memory). */
      readonly answering: boolean;
      readonly state: InstanceState | 'unknown';
    }
  | { readonly kind: 'instance-missing'; readonly id: string; readonly message: string }
  | { readonly kind: 'fleet-unavailable'; readonly reason: string; readonly self: string };

/**
 * The notices for a page that asked for `requested` and got `info` (or `error`). The fleet
 * unavailable notice shows whenever the answer says so, whatever the page asked for: the figures
 * on screen are then the answering instance's.
 */
export function scopeNotices(
  requested: DashboardScope,
  info: ScopeInfo | undefined,
  error: { readonly status: number; readonly message: string } | undefined,
): ScopeNotice[] {
  const notices: ScopeNotice[] = [];
  if (requested.scope === 'instance') {
    const id = requested.instance ?? info?.self;
    if (error?.status === 404) {
      notices.push({ kind: 'instance-missing', id: id ?? 'this instance', message: error.message });
    } else if (id !== undefined) {
      const row = info?.instances.find((r) => r.id === id);
      notices.push({
        kind: 'instance',
        id,
        answering: id === info?.self,
        state: row ? instanceState(row) : 'unknown',
      });
    }
  }
  if (info && !info.fleetAvailable) {
    notices.push({
      kind: 'fleet-unavailable',
      reason: info.fleetError ?? 'Redis is unreachable',
      self: info.self,
    });
  }
  return notices;
}
