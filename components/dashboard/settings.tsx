'use client';
// The time window and refresh interval the pages share, remembered in localStorage.
import {
  createContext,
  useCallback,
  useContext,
  useEffect,
  useMemo,
  useState,
  type ReactNode,
} from 'react';

export const WINDOWS = [
  { id: '5m', label: '5 min', ms: 5 * 60_000 },
  { id: '15m', label: '15 min', ms: 15 * 60_000 },
  { id: '1h', label: '1 hour', ms: 60 * 60_000 },
] as const;
export type WindowId = (typeof WINDOWS)[number]['id'];

export const REFRESH_INTERVALS = [
  { ms: 1_000, label: '1 s' },
  { ms: 2_000, label: '2 s' },
  { ms: 5_000, label: '5 s' },
  { ms: 15_000, label: '15 s' },
  { ms: 60_000, label: '1 min' },
] as const;

export const DEFAULT_REFRESH_MS = 2_000;
export const DEFAULT_WINDOW: WindowId = '15m';

interface Settings {
  readonly window: WindowId;
  readonly windowMs: number;
  readonly refreshMs: number;
  setWindow(id: WindowId): void;
  setRefreshMs(ms: number): void;
}

const SettingsContext = createContext<Settings | null>(null);
const STORAGE_KEY = 'dashboard-settings';

export function SettingsProvider({ children }: { children: ReactNode }) {
  const [window, setWindowState] = useState<WindowId>(DEFAULT_WINDOW);
  const [refreshMs, setRefreshState] = useState<number>(DEFAULT_REFRESH_MS);

  useEffect(() => {
    try {
      const saved = JSON.parse(localStorage.getItem(STORAGE_KEY) ?? '{}') as {
        window?: string;
        refreshMs?: number;
      };
      // Restoring saved choices after hydration is the point of this effect.
      // eslint-disable-next-line react-hooks/set-state-in-effect
      if (WINDOWS.some((w) => w.id === saved.window)) setWindowState(saved.window as WindowId);
      if (REFRESH_INTERVALS.some((r) => r.ms === saved.refreshMs))
        setRefreshState(saved.refreshMs!);
    } catch {
      // Unreadable storage: keep the defaults.
    }
  }, []);

  const persist = useCallback((next: { window: WindowId; refreshMs: number }) => {
    try {
      localStorage.setItem(STORAGE_KEY, JSON.stringify(next));
    } catch {
      // Private mode: the choice lasts for this page only.
    }
  }, []);

  const value = useMemo<Settings>(
    () => ({
      window,
      windowMs: WINDOWS.find((w) => w.id === window)!.ms,
      refreshMs,
      setWindow: (id) => {
        setWindowState(id);
        persist({ window: id, refreshMs });
      },
      setRefreshMs: (ms) => {
        setRefreshState(ms);
        persist({ window, refreshMs: ms });
      },
    }),
    [window, refreshMs, persist],
  );
  return <SettingsContext.Provider value={value}>{children}</SettingsContext.Provider>;
}

export function useSettings(): Settings {
  const s = useContext(SettingsContext);
  if (!s) throw new Error('useSettings needs a SettingsProvider');
  return s;
}

export function SettingsPickers() {
  const s = useSettings();
  return (
    <div className="flex flex-wrap items-center gap-3 text-sm">
      <label className="flex items-center gap-2">
        <span className="text-muted">Window</span>
        <select
          aria-label="Time window"
          className="rounded border border-line bg-panel px-2 py-1"
          value={s.window}
          onChange={(e) => s.setWindow(e.target.value as WindowId)}
        >
          {WINDOWS.map((w) => (
            <option key={w.id} value={w.id}>
              {w.label}
            </option>
          ))}
        </select>
      </label>
      <label className="flex items-center gap-2">
        <span className="text-muted">Refresh</span>
        <select
          aria-label="Refresh interval"
          className="rounded border border-line bg-panel px-2 py-1"
          value={s.refreshMs}
          onChange={(e) => s.setRefreshMs(Number(e.target.value))}
        >
          {REFRESH_INTERVALS.map((r) => (
            <option key={r.ms} value={r.ms}>
              {r.label}
            </option>
          ))}
        </select>
      </label>
    </div>
  );
}
