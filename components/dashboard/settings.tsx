'use client';
// The time window (the history API's list, lib/history-windows.ts) and refresh interval the
// pages share, remembered in localStorage.
import {
  createContext,
  useCallback,
  useContext,
  useEffect,
  useMemo,
  useState,
  type ReactNode,
} from 'react';
import {
  DEFAULT_HISTORY_WINDOW,
  HISTORY_WINDOWS,
  historyWindowMs,
  type HistoryWindowId,
} from '@/lib/history-windows';

export const REFRESH_INTERVALS = [
  { ms: 1_000, label: '1 s' },
  { ms: 2_000, label: '2 s' },
  { ms: 5_000, label: '5 s' },
  { ms: 15_000, label: '15 s' },
  { ms: 60_000, label: '1 min' },
] as const;

export const DEFAULT_REFRESH_MS = 2_000;

interface Settings {
  readonly window: HistoryWindowId;
  readonly windowMs: number;
  readonly refreshMs: number;
  setWindow(id: HistoryWindowId): void;
  setRefreshMs(ms: number): void;
}

const SettingsContext = createContext<Settings | null>(null);
const STORAGE_KEY = 'dashboard-settings';

export function SettingsProvider({ children }: { children: ReactNode }) {
  const [window, setWindowState] = useState<HistoryWindowId>(DEFAULT_HISTORY_WINDOW);
  const [refreshMs, setRefreshState] = useState<number>(DEFAULT_REFRESH_MS);

  useEffect(() => {
    try {
      const saved = JSON.parse(localStorage.getItem(STORAGE_KEY) ?? '{}') as {
        window?: string;
        refreshMs?: number;
      };
      const savedWindow = HISTORY_WINDOWS.find((w) => w.id === saved.window)?.id;
      // Restoring saved choices after hydration is the point of this effect.
      // eslint-disable-next-line react-hooks/set-state-in-effect
      if (savedWindow) setWindowState(savedWindow);
      if (REFRESH_INTERVALS.some((r) => r.ms === saved.refreshMs))
        setRefreshState(saved.refreshMs!);
    } catch {
      // Unreadable storage: keep the defaults.
    }
  }, []);

  const persist = useCallback((next: { window: HistoryWindowId; refreshMs: number }) => {
    try {
      localStorage.setItem(STORAGE_KEY, JSON.stringify(next));
    } catch {
      // Private mode: the choice lasts for this page only.
    }
  }, []);

  const value = useMemo<Settings>(
    () => ({
      window,
      windowMs: historyWindowMs(window),
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
          onChange={(e) => s.setWindow(e.target.value as HistoryWindowId)}
        >
          {HISTORY_WINDOWS.map((w) => (
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
