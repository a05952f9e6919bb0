/**
 * From a written stamp (lib/timeline/stamp.ts) to an instant: which day a
 * bare "6:21 PM" is on, and what the reader's zone makes of it. Pure: `now`
 * and the zone are passed in.
 */
import { TZDate } from "@date-fns/tz";
import type { Stamp, StampDate, WallTime } from "./stamp";

/** A calendar day (month 1–12). */
export type Day = { y: number; mo: number; d: number };

/** A bare clock time this far ahead of now is still "today" (clock skew, typing ahead). */
export const FUTURE_TOLERANCE_MS = 5 * 60_000;

/** A time zone this runtime knows (IANA name such as "Europe/Berlin", or "UTC"). */
export function isKnownZone(zone: string): boolean {
  if (zone === "UTC") return true;
  try {
    new Intl.DateTimeFormat("en-US", { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

export function addDays(day: Day, n: number): Day {
  const t = new Date(Date.UTC(day.y, day.mo - 1, day.d + n));
  return { y: t.getUTCFullYear(), mo: t.getUTCMonth() + 1, d: t.getUTCDate() };
}

function dayNumber(day: Day): number {
  return Date.UTC(day.y, day.mo - 1, day.d) / 86_400_000;
}

/** The calendar day it is at `at` in `zone`. */
export function dayIn(at: Date, zone: string): Day {
  if (zone === "UTC") return { y: at.getUTCFullYear(), mo: at.getUTCMonth() + 1, d: at.getUTCDate() };
  const z = new TZDate(at.getTime(), zone);
  return { y: z.getFullYear(), mo: z.getMonth() + 1, d: z.getDate() };
}

/** Milliseconds since midnight of a wall time. */
export function wallMs(t: WallTime): number {
  return ((t.h * 60 + t.mi) * 60 + t.s) * 1000 + t.ms;
}

/**
 * The instant of a wall time on a day: in `offsetMin` minutes east of UTC
 * when the stamp said so, else in `zone`. A time that does not exist there
 * (the hour skipped by daylight saving) moves forward, as clocks do.
 */
export function instantOf(day: Day, time: WallTime, zone: string, offsetMin: number | null): Date | null {
  let ms: number;
  if (offsetMin !== null || zone === "UTC") {
    ms = Date.UTC(day.y, day.mo - 1, day.d, time.h, time.mi, time.s, time.ms) - (offsetMin ?? 0) * 60_000;
  } else {
    ms = new TZDate(day.y, day.mo - 1, day.d, time.h, time.mi, time.s, time.ms, zone).getTime();
  }
  return Number.isFinite(ms) ? new Date(ms) : null;
}

function realDay(y: number, mo: number, d: number): Day | null {
  const t = new Date(Date.UTC(y, mo - 1, d));
  return t.getUTCMonth() === mo - 1 && t.getUTCDate() === d ? { y, mo, d } : null;
}

/**
 * The day a written date means, seen from `today`: a date without a year is
 * the latest one not after tomorrow (logs are pasted after the fact; a day
 * of slack covers zones), "Yesterday" is the day before, a weekday the
 * latest such day. null: no such day (February 29 of a common year).
 */
export function dayOfDate(date: StampDate, today: Day): Day | null {
  switch (date.kind) {
    case "daysAgo":
      return addDays(today, -date.days);
    case "weekday": {
      const todayWeekday = new Date(Date.UTC(today.y, today.mo - 1, today.d)).getUTCDay();
      return addDays(today, -((todayWeekday - date.day + 7) % 7));
    }
    case "date": {
      if (date.y !== null) return realDay(date.y, date.mo, date.d);
      const limit = dayNumber(addDays(today, 1));
      for (const y of [today.y + 1, today.y, today.y - 1, today.y - 2, today.y - 3, today.y - 4]) {
        const day = realDay(y, date.mo, date.d);
        if (day && dayNumber(day) <= limit) return day;
      }
      return null;
    }
  }
}

/** The day of a bare clock time typed now: today, or yesterday when today would be in the future. */
export function dayOfBareTime(time: WallTime, offsetMin: number | null, now: Date, zone: string): Day {
  const today = dayIn(now, offsetMin === 0 ? "UTC" : zone);
  const at = instantOf(today, time, offsetMin === 0 ? "UTC" : zone, offsetMin);
  return at && at.getTime() - now.getTime() > FUTURE_TOLERANCE_MS ? addDays(today, -1) : today;
}

export type Resolved = { occurredAt: Date; endedAt: Date | null };

/** A stamp on a known day: its start, and its end (the next day when the end is earlier than the start). */
export function resolveOnDay(stamp: Stamp, day: Day, zone: string): Resolved | { error: string } {
  const occurredAt = instantOf(day, stamp.time, zone, stamp.offsetMin);
  if (!occurredAt) return { error: `"${stamp.text}" is not a valid time` };
  let endedAt: Date | null = null;
  if (stamp.end) {
    const endDay = wallMs(stamp.end) < wallMs(stamp.time) ? addDays(day, 1) : day;
    endedAt = instantOf(endDay, stamp.end, zone, stamp.offsetMin);
    if (!endedAt || endedAt < occurredAt) return { error: `"${stamp.text}" has an invalid end time` };
  }
  return { occurredAt, endedAt };
}

/** The day a stamp's own date names, or null when it names none (a bare clock time). */
export function dayOfStamp(stamp: Stamp, now: Date, zone: string): Day | null | { error: string } {
  if (!stamp.date) return null;
  const day = dayOfDate(stamp.date, dayIn(now, stamp.offsetMin === 0 ? "UTC" : zone));
  return day ?? { error: `"${stamp.text}" is not a valid date` };
}
