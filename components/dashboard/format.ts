// Number formatting with units, shared by cards, tables and chart tooltips.

export function formatMs(ms: number | null | undefined): string {
  if (ms === null || ms === undefined || !Number.isFinite(ms)) return '—';
  if (ms >= 10_000) return `${(ms / 1000).toFixed(1)} s`;
  if (ms >= 100) return `${Math.round(ms)} ms`;
  if (ms >= 10) return `${ms.toFixed(1)} ms`;
  return `${ms.toFixed(2)} ms`;
}

/** A 0..1 ratio as a percentage. */
export function formatPct(ratio: number | null | undefined, digits = 1): string {
  if (ratio === null || ratio === undefined || !Number.isFinite(ratio)) return '—';
  return `${(ratio * 100).toFixed(digits)}%`;
}

export function formatBytes(bytes: number | null | undefined): string {
  if (bytes === null || bytes === undefined || !Number.isFinite(bytes)) return '—';
  const units = ['B', 'KB', 'MB', 'GB', 'TB'];
  let v = bytes;
  let i = 0;
  while (v >= 1024 && i < units.length - 1) {
    v /= 1024;
    i++;
  }
  return `${v >= 100 || i === 0 ? Math.round(v) : v.toFixed(1)} ${units[i]}`;
}

export function formatRate(perSecond: number | null | undefined): string {
  if (perSecond === null || perSecond === undefined || !Number.isFinite(perSecond)) return '—';
  return `${perSecond >= 100 ? Math.round(perSecond) : perSecond.toFixed(1)} req/s`;
}

/** A per-second rate that may be far below one (an operation called now and then): 0.004/s. */
export function formatPerSecond(perSecond: number | null | undefined): string {
  if (perSecond === null || perSecond === undefined || !Number.isFinite(perSecond)) return '—';
  if (perSecond === 0) return '0';
  if (perSecond >= 100) return String(Math.round(perSecond));
  if (perSecond >= 1) return perSecond.toFixed(1);
  if (perSecond >= 0.001) return String(Number(perSecond.toPrecision(2)));
  return '<0.001';
}

export function formatCount(n: number | null | undefined): string {
  if (n === null || n === undefined || !Number.isFinite(n)) return '—';
  return Math.round(n).toLocaleString('en-US');
}

/** How long ago `at` (epoch ms) was, relative to `now`: "4 s ago", "3 min ago". */
export function formatAge(at: number, now: number): string {
  const s = Math.max(0, Math.round((now - at) / 1000));
  if (s < 60) return `${s} s ago`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m} min ago`;
  return `${Math.floor(m / 60)} h ${m % 60} min ago`;
}

/** A clock time for axes and tooltips (24 h, seconds). */
export function formatClock(t: number): string {
  return new Date(t).toLocaleTimeString('en-GB', { hour12: false });
}

/** An axis tick for a bucket: minutes when buckets are a minute or longer, else seconds. */
export function formatBucketTick(t: number, bucketMs: number): string {
  return bucketMs >= 60_000 ? formatClock(t).slice(0, 5) : formatClock(t);
}

/** A tooltip's label for a bucket: its start, or its span when buckets are a minute or longer. */
export function formatBucketLabel(t: number, bucketMs: number): string {
  return bucketMs >= 60_000
    ? `${formatBucketTick(t, bucketMs)}–${formatBucketTick(t + bucketMs, bucketMs)}`
    : formatClock(t);
}

/** A window's edge: the clock time, with the day when the window spans more than an hour. */
export function formatWindowEdge(t: number, spanMs: number): string {
  if (spanMs <= 3_600_000) return formatClock(t);
  const day = new Date(t).toLocaleDateString('en-GB', { day: 'numeric', month: 'short' });
  return `${day} ${formatClock(t).slice(0, 5)}`;
}
