/**
 * How times read, everywhere: pages, the Markdown export, the status site,
 * CSV files. Pure and locale-free on purpose: the server and the browser must
 * render the same text (hydration), and UTC is what responders in different
 * zones share. The viewer's local time is only ever a tooltip (see
 * localTimeTitle). Write a UTC time through here, never by slicing an ISO
 * string.
 */

function pad(n: number, width = 2): string {
  return String(Math.trunc(n)).padStart(width, "0");
}

/** "14:24:30" (UTC) */
export function formatUtcClock(iso: string | Date): string {
  const d = typeof iso === "string" ? new Date(iso) : iso;
  return `${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}`;
}

/** "14:24" (UTC) */
export function formatUtcHourMinute(iso: string | Date): string {
  return formatUtcClock(iso).slice(0, 5);
}

/** "2026-03-03" (UTC) */
export function formatUtcDate(iso: string | Date): string {
  const d = typeof iso === "string" ? new Date(iso) : iso;
  return `${pad(d.getUTCFullYear(), 4)}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}`;
}

/** "2026-03-03 14:24:30" (UTC), the form the edit field accepts back. */
export function formatUtcDateTime(iso: string | Date): string {
  return `${formatUtcDate(iso)} ${formatUtcClock(iso)}`;
}

/** "2026-03-03 14:24" (UTC) */
export function formatUtcMinute(iso: string | Date): string {
  return `${formatUtcDate(iso)} ${formatUtcHourMinute(iso)}`;
}

/** "2026-03-03 14:24 UTC", or "—" for no time: settings and lists. */
export function formatUtcStamp(iso: string | Date | null): string {
  return iso === null ? "—" : `${formatUtcMinute(iso)} UTC`;
}

export function sameUtcDay(a: string | Date, b: string | Date): boolean {
  return formatUtcDate(a) === formatUtcDate(b);
}

/**
 * Offset from impact start, as responders say it: "T+1h05m", "T-3m",
 * "T+45s", "T+2d03h".
 */
export function formatOffset(ms: number): string {
  const sign = ms < 0 ? "-" : "+";
  const total = Math.floor(Math.abs(ms) / 1000);
  const d = Math.floor(total / 86_400);
  const h = Math.floor((total % 86_400) / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = total % 60;
  if (d > 0) return `T${sign}${d}d${pad(h)}h`;
  if (h > 0) return `T${sign}${h}h${pad(m)}m`;
  if (m > 0) return `T${sign}${m}m`;
  return `T${sign}${s}s`;
}

/** A running duration: "42s", "5m 07s", "1h 05m 12s", "2d 3h 04m". */
export function formatDuration(ms: number): string {
  const total = Math.max(0, Math.floor(ms / 1000));
  const d = Math.floor(total / 86_400);
  const h = Math.floor((total % 86_400) / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = total % 60;
  if (d > 0) return `${d}d ${h}h ${pad(m)}m`;
  if (h > 0) return `${h}h ${pad(m)}m ${pad(s)}s`;
  if (m > 0) return `${m}m ${pad(s)}s`;
  return `${s}s`;
}

/** The viewer's local time, for a title tooltip (browser only: depends on the viewer's zone). */
export function localTimeTitle(iso: string): string {
  // dateStyle/timeStyle cannot be combined with timeZoneName (RangeError), hence the fields.
  return `Your local time: ${new Date(iso).toLocaleString(undefined, {
    year: "numeric",
    month: "short",
    day: "numeric",
    hour: "2-digit",
    minute: "2-digit",
    second: "2-digit",
    timeZoneName: "short",
  })}`;
}
