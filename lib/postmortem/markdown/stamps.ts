import { zoneIn, type Zone } from "./zones";

/**
 * Dates and times as people write them at the start of a timeline line:
 * "2025-04-14 10:00 UTC:", "**16:58 UTC** -", "[08:47]", "2:54 PM PST:",
 * "Jun 4, 2025:", "2018 October 21 22:52 UTC", "24-10-2024 02:00-04:30 -",
 * "February 15, 2024: 7:56am UTC", "Sun | Oct 31". Pure functions; dates
 * without a year or in an ambiguous numeric order are resolved later
 * against the incident's date (see timeline-rows.ts).
 */

export type CalendarDate = { y: number | null; m: number; d: number };
/** 04-07-2020: day-month or month-day, decided once per document. */
export type NumericDate = { a: number; b: number; y: number; sep: string };
export type WrittenDate = { kind: "calendar"; value: CalendarDate } | { kind: "numeric"; value: NumericDate };
export type WrittenTime = { minutes: number; seconds: number };

export type Stamp = {
  date: WrittenDate | null;
  time: WrittenTime | null;
  endDate: WrittenDate | null;
  endTime: WrittenTime | null;
  zone: Zone | null;
  /** The stamp as written, for the import report. */
  written: string;
  /** What follows the stamp and its separator. */
  rest: string;
};

const MONTHS = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"];
const MONTH = String.raw`(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|Sep(?:t(?:ember)?)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)\.?`;
const WEEKDAY = String.raw`(?:(?:Mon|Tue|Tues|Wed|Thu|Thur|Thurs|Fri|Sat|Sun)(?:day|sday|nesday|rsday|urday)?\.?)`;
const ORD = String.raw`(?:st|nd|rd|th)?`;

// Each date form captures into named groups; the first that matches at the start wins.
const DATE_FORMS: RegExp[] = [
  new RegExp(String.raw`^(?<y>\d{4})-(?<m>\d{1,2})-(?<d>\d{1,2})(?!\d)(?!:\d)`),
  new RegExp(String.raw`^(?<y>\d{4})\/(?<m>\d{1,2})\/(?<d>\d{1,2})(?!\d)`),
  new RegExp(String.raw`^(?<y>\d{4}),?\s+(?<mon>${MONTH})\s+(?<d>\d{1,2})${ORD}(?!\d)`, "i"),
  // "January 14-19, 2026": the first day of the range.
  new RegExp(String.raw`^(?<mon>${MONTH})\s+(?<d>\d{1,2})${ORD}\s*[-–]\s*\d{1,2}${ORD},?\s+(?<y>\d{4})(?!\d)`, "i"),
  new RegExp(String.raw`^(?<mon>${MONTH})\s+(?<d>\d{1,2})${ORD}(?:,?\s+(?<y>\d{4}))?(?!\d)(?!:\d)`, "i"),
  new RegExp(String.raw`^(?<d>\d{1,2})${ORD}\s+(?:of\s+)?(?<mon>${MONTH})(?:,?\s+(?<y>\d{4}))?(?!\d)(?!:\d)`, "i"),
  new RegExp(String.raw`^(?<a>\d{1,2})(?<sep>[-\/.])(?<b>\d{1,2})\k<sep>(?<yy>\d{4}|\d{2})(?!\d)(?!:\d)`),
];

function monthIndex(name: string): number {
  return MONTHS.indexOf(name.slice(0, 3).toLowerCase()) + 1;
}

function validCalendar(y: number | null, m: number, d: number): boolean {
  if (!(m >= 1 && m <= 12 && d >= 1 && d <= 31)) return false;
  if (y === null) return d <= [31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][m - 1]!;
  if (y < 1970 || y > 9999) return false;
  const t = new Date(Date.UTC(y, m - 1, d));
  return t.getUTCMonth() === m - 1 && t.getUTCDate() === d;
}

/** A date at the very start of `text`, with how many characters it took. */
export function dateAtStart(text: string): { date: WrittenDate; length: number } | null {
  const weekday = new RegExp(String.raw`^${WEEKDAY},?\s+`, "i").exec(text);
  const offset = weekday ? weekday[0].length : 0;
  const s = text.slice(offset);
  for (const form of DATE_FORMS) {
    const m = form.exec(s);
    const g = m?.groups;
    if (!m || !g) continue;
    if (g.a !== undefined && g.b !== undefined && g.yy !== undefined && g.sep !== undefined) {
      const y = g.yy.length === 2 ? 2000 + Number(g.yy) : Number(g.yy);
      const a = Number(g.a);
      const b = Number(g.b);
      if (!(validCalendar(y, b, a) || validCalendar(y, a, b))) continue;
      return { date: { kind: "numeric", value: { a, b, y, sep: g.sep } }, length: offset + m[0].length };
    }
    const y = g.y ? Number(g.y) : null;
    const month = g.mon ? monthIndex(g.mon) : Number(g.m);
    const d = Number(g.d);
    if (!validCalendar(y, month, d)) continue;
    return { date: { kind: "calendar", value: { y, m: month, d } }, length: offset + m[0].length };
  }
  return null;
}

const TIME = /^(?<h>\d{1,2}):(?<min>\d{2})(?::(?<s>\d{2}))?(?:\s*(?<ap>[AaPp])\.?\s?[Mm]\.?(?![A-Za-z]))?/;
const TIME_AMPM_ONLY = /^(?<h>\d{1,2})\s*(?<ap>[AaPp])\.?\s?[Mm]\.?(?![A-Za-z])/;

/** A clock time at the very start of `text` (24-hour, or 12-hour with AM/PM). */
export function timeAtStart(text: string): { time: WrittenTime; length: number } | null {
  const m = TIME.exec(text) ?? TIME_AMPM_ONLY.exec(text);
  const g = m?.groups;
  if (!m || !g) return null;
  let h = Number(g.h);
  const min = g.min === undefined ? 0 : Number(g.min);
  const s = g.s === undefined ? 0 : Number(g.s);
  if (g.ap) {
    if (h < 1 || h > 12) return null;
    const pm = /p/i.test(g.ap);
    h = (h % 12) + (pm ? 12 : 0);
  }
  if (!(h < 24 && min < 60 && s < 60)) return null;
  return { time: { minutes: h * 60 + min, seconds: s }, length: m[0].length };
}

const ZONE_WORD_AFTER = String.raw`(?:UTC|GMT)\s*[+\-−]\s*\d{1,2}(?::?\d{2})?|[A-Z]{2,5}(?:\/[A-Z]{3,4})?|US\/[A-Za-z]+`;
// "14:05 UTC" or "14:05 (UTC)"; a ")" is the zone's only when it opened one, else it closes "(14:05 UTC)".
const ZONE_AFTER = new RegExp(String.raw`^\s*(?:\(\s*(${ZONE_WORD_AFTER})\s*\)|(${ZONE_WORD_AFTER}))(?![A-Za-z])`);

function zoneAfter(s: string): { zone: Zone; length: number } | null {
  const m = ZONE_AFTER.exec(s);
  const word = m?.[1] ?? m?.[2];
  if (!m || !word) return null;
  const zone = zoneIn(word);
  return zone ? { zone, length: m[0].length } : null;
}

/** One side of a range: [date] [at|,|T] [time] [zone]. */
function pointAt(text: string): { date: WrittenDate | null; time: WrittenTime | null; zone: Zone | null; length: number } | null {
  let i = 0;
  let date: WrittenDate | null = null;
  let time: WrittenTime | null = null;
  const d = dateAtStart(text);
  if (d) {
    date = d.date;
    i = d.length;
    const sep = /^(?:\s*[-–—@:]\s*(?=\d{1,2}:\d{2})|,?\s*(?:at\s+)?|T)/i.exec(text.slice(i));
    const t = timeAtStart(text.slice(i + (sep?.[0].length ?? 0)));
    if (t) {
      time = t.time;
      i += (sep?.[0].length ?? 0) + t.length;
    }
  } else {
    const t = timeAtStart(text);
    if (!t) return null;
    time = t.time;
    i = t.length;
    // "7:56am UTC, February 15" is rare; "16:58 on 2025-04-14" rarer still: times lead, dates follow only as "time, date".
  }
  let zone: Zone | null = null;
  const z = zoneAfter(text.slice(i));
  if (z && (time || date)) {
    zone = z.zone;
    i += z.length;
  }
  return { date, time, zone, length: i };
}

const OPENERS = /^(?:[~≈]\s*|(?:approx\.?|approximately|about|around|circa|ca\.)\s+|at\s+)/i;
const RANGE_SEP = /^\s*(?:[-–—]|to|until|till|→)\s*/i;
const AFTER_SEP = /^\s*(?:[-–—:|>]+|\))\s*/;

/**
 * The timestamp a line starts with, and the rest of the line; null when the
 * line does not start with one. After the stamp comes ":", "-" or similar;
 * without one, "10:00 Something" is read only for a time followed by a
 * capital letter, unless `lenient` (inside a Timeline section).
 */
export function stampAtStart(line: string, lenient = false): Stamp | null {
  let s = line.replace(/^[\s\u00a0]+/, "");
  let wrapper = "";
  const open = /^[[(]/.exec(s);
  if (open) {
    wrapper = open[0] === "[" ? "]" : ")";
    s = s.slice(1);
  }
  const opener = OPENERS.exec(s);
  if (opener) s = s.slice(opener[0].length);
  const start = pointAt(s);
  if (!start || (!start.time && !start.date)) return null;
  let i = start.length;
  let endDate: WrittenDate | null = null;
  let endTime: WrittenTime | null = null;
  let zone = start.zone;
  const range = RANGE_SEP.exec(s.slice(i));
  if (range) {
    const end = pointAt(s.slice(i + range[0].length));
    // A range ends in the same kind of thing it started with (time → time, date → date).
    if (end && ((start.time && end.time) || (!start.time && end.date && !end.time))) {
      endDate = end.date;
      endTime = end.time;
      zone = zone ?? end.zone;
      i += range[0].length + end.length;
    }
  }
  if (wrapper) {
    const close = new RegExp(`^\\s*\\${wrapper}`).exec(s.slice(i));
    if (!close) return null;
    i += close[0].length;
  }
  const written = s.slice(0, i).replace(/\s*[\])]\s*$/, "").trim();
  let rest = s.slice(i);
  const sep = AFTER_SEP.exec(rest);
  if (sep && sep[0].trim()) {
    rest = rest.slice(sep[0].length);
  } else if (rest.trim() !== "") {
    // No separator: only a time (or a bracketed stamp) followed by a space and a word reads as a stamp.
    if (!/^\s/.test(rest)) return null;
    if (!wrapper && !start.time) return null;
    // Inside a Timeline section a time may be followed by any word ("- 23:50 primary fails").
    if (!wrapper && !lenient && !/^\s+[\p{Lu}@#*_`"'“(\[]/u.test(rest)) return null;
    rest = rest.trimStart();
  }
  return { date: start.date, time: start.time, endDate, endTime, zone, written, rest: rest.trim() };
}

/** A line that is only a date (a date heading, "2019-01-22", "2016-09-05 (*all times UTC*)"). */
export function dateOnlyLine(text: string): { date: WrittenDate; zone: Zone | null } | null {
  const t = text.replace(/^[\s*_#]+|[\s*_]+$/g, "").trim();
  const d = dateAtStart(t);
  if (!d) return null;
  const rest = t.slice(d.length).replace(/[*_]/g, "").trim();
  if (rest === "") return { date: d.date, zone: null };
  // "(all times UTC)", "- all times PST"
  if (/^[(\-–—,:]?\s*(?:all\s+)?times?\b.*$/i.test(rest) || /^\(.*\)$/.test(rest)) {
    return { date: d.date, zone: zoneIn(rest) };
  }
  return null;
}

/** All dates written anywhere in some text, in order (for the incident's date). */
export function datesIn(text: string): WrittenDate[] {
  const out: WrittenDate[] = [];
  const starts = /(?<![\w\/.-])(?=\d|[A-Z][a-z]{2})/g;
  let m: RegExpExecArray | null;
  while ((m = starts.exec(text)) !== null) {
    const found = dateAtStart(text.slice(m.index));
    if (found) {
      // A bare month-day ("May 4") in prose is too easily a false hit; only full dates count here.
      const full = found.date.kind === "numeric" || found.date.value.y !== null;
      if (full) out.push(found.date);
      starts.lastIndex = m.index + found.length;
    } else {
      starts.lastIndex = m.index + 1;
    }
  }
  return out;
}
