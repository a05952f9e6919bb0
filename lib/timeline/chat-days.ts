/**
 * Which day each message of a pasted chat log is on, and the half of the
 * day of Slack's bare "6:22" continuation times (chat-log.ts reads the log;
 * this places it in time). Pure: `now` and the zone are passed in.
 */
import type { Stamp, StampDate, WallTime } from "./stamp";
import type { EntryKind } from "./entry-prefixes";
import { addDays, dayIn, dayOfBareTime, dayOfDate, dayOfStamp, wallMs, type Day } from "./stamp-instant";

const TWELVE_HOURS_MS = 12 * 3_600_000;

export type TimeRef = { kind: "stamp"; stamp: Stamp } | { kind: "instant"; at: Date; text: string };

/** One message of the log as read, before its time is placed. */
export type Message = {
  time: TimeRef | null;
  speaker: string | null;
  prefixes: { kind: EntryKind | null; isPublic: boolean };
  body: string[];
  raw: string[];
  error: string | null;
};

export type Item = { type: "date"; date: StampDate } | { type: "message"; message: Message };

/**
 * Slack prints a later message of the same speaker as "6:22", without the
 * PM of its header. In a paste that writes AM/PM, such a time takes the
 * half of the day that puts it at or just after the message before it.
 */
export function inferMeridiem(items: Item[]): void {
  const DAY_MS = 24 * 3_600_000;
  const HALF_DAY_MS = 12 * 3_600_000;
  let previous: number | null = null;
  for (const item of items) {
    if (item.type !== "message" || item.message.time?.kind !== "stamp") continue;
    const { stamp } = item.message.time;
    const wall = wallMs(stamp.time);
    const bare = !stamp.twelveHour && stamp.date === null && stamp.offsetMin === null && stamp.time.h >= 1 && stamp.time.h <= 12;
    if (!bare || previous === null) {
      previous = wall;
      continue;
    }
    const after: number = previous;
    const morning = stamp.time.h === 12 ? wall - HALF_DAY_MS : wall;
    const ahead = (c: number): number => (((c - after) % DAY_MS) + DAY_MS) % DAY_MS;
    const best: number = ahead(morning + HALF_DAY_MS) < ahead(morning) ? morning + HALF_DAY_MS : morning;
    const hours = (best - wall) / 3_600_000;
    if (hours !== 0) {
      const move = (t: WallTime): WallTime => ({ ...t, h: (t.h + hours + 24) % 24 });
      item.message.time = { kind: "stamp", stamp: { ...stamp, time: move(stamp.time), end: stamp.end ? move(stamp.end) : null } };
    }
    previous = best;
  }
}

/** Which day each zone-less, dateless time is on (the rules: chat-log.ts, at the top). */
export function placeDays(items: Item[], now: Date, zone: string): Map<Message, Day> {
  const days = new Map<Message, Day>();
  const today = dayIn(now, zone);
  let section: { day: Day; wall: number | null } | null = null;
  let run: Message[] = [];

  const wallOf = (m: Message) => (m.time?.kind === "stamp" ? wallMs(m.time.stamp.time) : 0);
  const closeRun = (anchor: { day: Day; wall: number | null } | "now") => {
    let after: { day: Day; wall: number | null } | null = null;
    for (let i = run.length - 1; i >= 0; i--) {
      const m = run[i];
      if (!m || m.time?.kind !== "stamp") continue;
      let day: Day;
      if (after) {
        day = after.wall !== null && wallOf(m) - after.wall > TWELVE_HOURS_MS ? addDays(after.day, -1) : after.day;
      } else if (anchor === "now") {
        day = dayOfBareTime(m.time.stamp.time, m.time.stamp.offsetMin, now, zone);
      } else if (anchor.wall === null) {
        day = addDays(anchor.day, -1); // above a date line: the day before it
      } else {
        day = wallOf(m) - anchor.wall > TWELVE_HOURS_MS ? addDays(anchor.day, -1) : anchor.day;
      }
      days.set(m, day);
      after = { day, wall: wallOf(m) };
    }
    run = [];
  };

  for (const item of items) {
    if (item.type === "date") {
      const day = dayOfDate(item.date, today);
      if (!day) continue;
      closeRun({ day, wall: null });
      section = { day, wall: null };
      continue;
    }
    const { message } = item;
    if (message.time?.kind !== "stamp") continue;
    const { stamp } = message.time;
    const named = dayOfStamp(stamp, now, zone);
    if (named && "error" in named) {
      message.error ??= named.error;
      continue;
    }
    if (named) {
      closeRun({ day: named, wall: wallMs(stamp.time) });
      days.set(message, named);
      section = { day: named, wall: wallMs(stamp.time) };
      continue;
    }
    if (!section) {
      run.push(message);
      continue;
    }
    const wall = wallMs(stamp.time);
    if (section.wall !== null && wall < section.wall - TWELVE_HOURS_MS) section = { day: addDays(section.day, 1), wall };
    else section = { day: section.day, wall };
    days.set(message, section.day);
  }
  closeRun("now");
  return days;
}
