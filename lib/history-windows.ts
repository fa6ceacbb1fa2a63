// The history windows the API serves and the dashboard offers: one list for both (the server's
// query schema and the client's picker import it; nothing here is server-only).

export const HISTORY_WINDOWS = [
  { id: '5m', label: '5 min', ms: 5 * 60_000 },
  { id: '15m', label: '15 min', ms: 15 * 60_000 },
  { id: '1h', label: '1 hour', ms: 60 * 60_000 },
  { id: '6h', label: '6 hours', ms: 6 * 3_600_000 },
  { id: '24h', label: '24 hours', ms: 24 * 3_600_000 },
] as const;

export type HistoryWindowId = (typeof HISTORY_WINDOWS)[number]['id'];

export const DEFAULT_HISTORY_WINDOW: HistoryWindowId = '15m';

export const HISTORY_WINDOW_IDS = HISTORY_WINDOWS.map((w) => w.id) as [
  HistoryWindowId,
  ...HistoryWindowId[],
];

/** The window's length in milliseconds. */
export function historyWindowMs(id: HistoryWindowId): number {
  return HISTORY_WINDOWS.find((w) => w.id === id)!.ms;
}
