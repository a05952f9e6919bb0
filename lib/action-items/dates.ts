import { formatUtcDate } from "../time-format";
/**
 * Due dates are calendar days (UTC). An item is overdue from the day after
 * its due date, so "due today" is never overdue.
 */
const DAY_MS = 86_400_000;

export function startOfUtcDay(d: Date): Date {
  return new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate()));
}

export function addUtcDays(d: Date, days: number): Date {
  return new Date(d.getTime() + days * DAY_MS);
}

/** "2026-03-10" */
export function toDateString(d: Date): string {
  return formatUtcDate(d);
}

/** Whole days from `from` to `to` (both truncated to UTC days); negative when `to` is earlier. */
export function daysBetween(from: Date, to: Date): number {
  return Math.round((startOfUtcDay(to).getTime() - startOfUtcDay(from).getTime()) / DAY_MS);
}
