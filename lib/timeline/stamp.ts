/**
 * Time stamps as people and chat apps write them, read into wall-clock
 * parts (no instant yet: what "6:21 PM" or "Tuesday" means depends on the
 * reader's zone and the day, which the callers decide). Pure: no clock.
 *
 *   18:21  18:21:05  18:21:05.250  6:21 PM  6:21pm  6:21 p.m.
 *   11:32-13:05  9:00-9:30 PM            spans
 *   18:21Z  18:21 UTC  18:21 GMT         written in UTC
 *   2026-03-03 18:21[:05]  2026-03-03T18:21:05.123+02:00
 *   3/3/2026 6:21 PM  3.3.2026 18:21  3/3 6:21 PM   (month/day order is an option)
 *   Mar 3 6:21 PM  March 3rd, 2026 at 6:21 PM  3 March 2026 18:21  Tue, Mar 3 at 6:21 PM
 *   Today at 6:21 PM  Yesterday 23:59
 *   [any of these]                         bracketed, as chat copies write them
 */

export type WallTime = { h: number; mi: number; s: number; ms: number };

/** A calendar date as written: the year may be missing ("March 3rd"). */
export type WrittenDate = { kind: "date"; y: number | null; mo: number; d: number };
/** "Today" (0) or "Yesterday" (1) in the reader's zone. */
export type DayWord = { kind: "daysAgo"; days: number };
/** A weekday alone ("Tuesday"): the latest such day, today included. */
export type Weekday = { kind: "weekday"; day: number };
export type StampDate = WrittenDate | DayWord | Weekday;

export type Stamp = {
  /** The stamp as written, brackets left out. */
  text: string;
  date: StampDate | null;
  time: WallTime;
  /** The end of a span (11:32-13:05), same day or the next. */
  end: WallTime | null;
  /** Minutes east of UTC when the stamp says (Z, UTC, +02:00); null: the reader's zone. */
  offsetMin: number | null;
  /** Written with AM/PM: a chat app's copy, in its reader's local time. */
  twelveHour: boolean;
  bracketed: boolean;
  /** How many characters of the input the stamp takes (brackets included). */
  length: number;
};

export type StampError = { error: string };
export type StampAttempt = Stamp | StampError | null;

export type DateOrder = "mdy" | "dmy";
export type StampOptions = {
  /** How to read 3/4/2026: March 4 ("mdy", US) or 3 April ("dmy"). Unambiguous dates (13/3) are read either way. */
  dateOrder?: DateOrder;
};

export function isStampError(a: StampAttempt): a is StampError {
  return a !== null && "error" in a;
}

const MONTHS = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"];
const WEEKDAYS = ["sun", "mon", "tue", "wed", "thu", "fri", "sat"];
const MONTH = String.raw`(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?`;
const WEEKDAY = String.raw`(?:mon(?:day)?|tue(?:s(?:day)?)?|wed(?:nesday)?|thu(?:r(?:s(?:day)?)?)?|fri(?:day)?|sat(?:urday)?|sun(?:day)?)\.?`;
const ORDINAL = String.raw`(?:st|nd|rd|th)?`;

// After a stamp: the end, or whitespace / a separator and then the text.
const AFTER = String.raw`(?=$|[\s,;:\]|>)-])`;
const CLOCK = String.raw`(\d{1,2}):(\d{2})(?::(\d{2})(?:\.(\d{1,3}))?)?`;
// AM/PM, also "pm", "p.m.", "P M"; never the start of a word ("PM2 restarted").
const MERIDIEM = String.raw`(?:\s?([ap])\.?\s?m\.?(?![\p{L}\p{N}]))`;
const ZONE = String.raw`(?:\s*(Z|UTC|GMT)(?![\p{L}\p{N}]))`;

// The clock part of a stamp, with an optional span and zone.
const CLOCK_RE = new RegExp(
  String.raw`^${CLOCK}${MERIDIEM}?(?:\s*[-–]\s*${CLOCK}${MERIDIEM}?)?${ZONE}?` + AFTER,
  "iu",
);
const ISO_RE = new RegExp(
  String.raw`^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?(Z|[+-]\d{2}:?\d{2})?` + AFTER,
  "i",
);
// Date prefixes, each followed by the clock (", " / " at " / " " between).
const DATE_SEP = String.raw`(?:\s*,\s*|\s+at\s+|\s*@\s*|\s+)`;
const ISO_DATE_RE = /^(\d{4})-(\d{2})-(\d{2})/;
const NUMERIC_DATE_RE = /^(\d{1,2})([/.])(\d{1,2})(?:\2(\d{4}|\d{2}))?(?![\d/.])/;
const MONTH_FIRST_RE = new RegExp(String.raw`^(?:${WEEKDAY},?\s+)?(${MONTH})\s+(\d{1,2})${ORDINAL}(?:,?\s+(\d{4}))?(?![\p{L}\p{N}])`, "iu");
const DAY_FIRST_RE = new RegExp(String.raw`^(?:${WEEKDAY},?\s+)?(\d{1,2})${ORDINAL}(?:\s+of)?\s+(${MONTH})(?:,?\s+(\d{4}))?(?![\p{L}\p{N}])`, "iu");
const DAY_WORD_RE = /^(today|yesterday)(?![\p{L}\p{N}])/iu;
const WEEKDAY_RE = new RegExp(String.raw`^(${WEEKDAY})(?![\p{L}\p{N}])`, "iu");

function num(s: string | undefined): number {
  return s === undefined ? 0 : Number(s);
}

function monthIndex(name: string): number {
  return MONTHS.indexOf(name.slice(0, 3).toLowerCase()) + 1;
}

function weekdayIndex(name: string): number {
  return WEEKDAYS.indexOf(name.slice(0, 3).toLowerCase());
}

function daysInMonth(y: number, mo: number): number {
  return new Date(Date.UTC(y, mo, 0)).getUTCDate();
}

/** A written day and month are a real date (Feb 29 is checked once the year is known). */
export function validDayMonth(mo: number, d: number, y: number | null): boolean {
  if (mo < 1 || mo > 12 || d < 1) return false;
  return d <= daysInMonth(y ?? 2000, mo); // 2000 is a leap year: Feb 29 waits for its year
}

function twoDigitYear(y: string | undefined): number | null {
  if (y === undefined) return null;
  const n = Number(y);
  return y.length === 2 ? 2000 + n : n;
}

type DateMatch = { date: StampDate; length: number } | StampError;

/** A date at the start of `text` (not a time): ISO, numeric, with a month name, or a day word. */
function matchDatePart(text: string, opts: StampOptions): DateMatch | null {
  let m = ISO_DATE_RE.exec(text);
  if (m) {
    const [all, y, mo, d] = m;
    if (!validDayMonth(num(mo), num(d), num(y))) return { error: `"${all}" is not a valid date` };
    return { date: { kind: "date", y: num(y), mo: num(mo), d: num(d) }, length: all.length };
  }
  m = NUMERIC_DATE_RE.exec(text);
  if (m) {
    const [all, a, sep, b, y] = m;
    const year = twoDigitYear(y);
    // Dots are European (day first); slashes follow the option unless one part is over 12.
    let dayFirst = sep === "." || opts.dateOrder === "dmy";
    if (num(a) > 12 && num(b) <= 12) dayFirst = true;
    else if (num(b) > 12 && num(a) <= 12) dayFirst = false;
    const [mo, d] = dayFirst ? [num(b), num(a)] : [num(a), num(b)];
    if (!validDayMonth(mo, d, year)) return { error: `"${all}" is not a valid date` };
    return { date: { kind: "date", y: year, mo, d }, length: all.length };
  }
  m = MONTH_FIRST_RE.exec(text);
  if (m) {
    const [all, month = "", d, y] = m;
    const mo = monthIndex(month);
    const year = y === undefined ? null : num(y);
    if (!validDayMonth(mo, num(d), year)) return { error: `"${all}" is not a valid date` };
    return { date: { kind: "date", y: year, mo, d: num(d) }, length: all.length };
  }
  m = DAY_FIRST_RE.exec(text);
  if (m) {
    const [all, d, month = "", y] = m;
    const mo = monthIndex(month);
    const year = y === undefined ? null : num(y);
    if (!validDayMonth(mo, num(d), year)) return { error: `"${all}" is not a valid date` };
    return { date: { kind: "date", y: year, mo, d: num(d) }, length: all.length };
  }
  m = DAY_WORD_RE.exec(text);
  if (m) return { date: { kind: "daysAgo", days: m[1]?.toLowerCase() === "today" ? 0 : 1 }, length: m[0].length };
  m = WEEKDAY_RE.exec(text);
  if (m) return { date: { kind: "weekday", day: weekdayIndex(m[1] ?? "") }, length: m[0].length };
  return null;
}

/** 24-hour parts from a clock and its AM/PM, or null when they disagree (13:00 PM). */
function hour24(h: number, meridiem: string | undefined): number | null {
  if (!meridiem) return h;
  if (h < 1 || h > 12) return null;
  const pm = meridiem.toLowerCase() === "p";
  return (h % 12) + (pm ? 12 : 0);
}

function clockOk(t: WallTime): boolean {
  return t.h <= 23 && t.mi <= 59 && t.s <= 59;
}

function fraction(s: string | undefined): number {
  return s ? Math.floor(Number(`0.${s}`) * 1000) : 0;
}

type ClockMatch = { time: WallTime; end: WallTime | null; offsetMin: number | null; twelveHour: boolean; length: number };

function matchClock(text: string): ClockMatch | StampError | null {
  const m = CLOCK_RE.exec(text);
  if (!m) return null;
  const [all, h, mi, s, frac, mer, eh, emi, es, efrac, emer, zone] = m;
  const written = all.trim();
  // "9:00-9:30 PM": a meridiem on one end of a span applies to the other.
  let startMer = mer ?? emer;
  const endMer = emer ?? mer;
  if (!mer && emer && eh !== undefined) {
    // "11:32-1:05 PM" is 11:32 AM to 1:05 PM: the start must not come out after the end.
    const start = hour24(num(h), emer);
    const end = hour24(num(eh), emer);
    if (start !== null && end !== null && start > end) startMer = emer.toLowerCase() === "p" ? "a" : "p";
  }
  const sh = hour24(num(h), startMer);
  if (sh === null) return { error: `"${written}" is not a valid 12-hour time` };
  const time = { h: sh, mi: num(mi), s: num(s), ms: fraction(frac) };
  if (!clockOk(time)) return { error: `"${written}" is not a valid time (use 00:00–23:59)` };
  let end: WallTime | null = null;
  if (eh !== undefined) {
    const h2 = hour24(num(eh), endMer);
    end = h2 === null ? null : { h: h2, mi: num(emi), s: num(es), ms: fraction(efrac) };
    if (!end || !clockOk(end)) return { error: `"${written}" has an invalid end time (use 00:00–23:59)` };
  }
  return { time, end, offsetMin: zone ? 0 : null, twelveHour: Boolean(mer ?? emer), length: all.length };
}

function matchIso(text: string): Stamp | StampError | null {
  const m = ISO_RE.exec(text);
  if (!m) return null;
  const [all, y, mo, d, h, mi, s, frac, zone] = m;
  if (!validDayMonth(num(mo), num(d), num(y))) return { error: `"${all}" is not a valid date and time` };
  const time = { h: num(h), mi: num(mi), s: num(s), ms: fraction(frac?.slice(0, 3)) };
  if (!clockOk(time)) return { error: `"${all}" is not a valid date and time` };
  let offsetMin: number | null = null;
  if (zone) {
    if (zone.toUpperCase() === "Z") offsetMin = 0;
    else {
      const z = /^([+-])(\d{2}):?(\d{2})$/.exec(zone);
      if (!z || num(z[2]) > 23 || num(z[3]) > 59) return { error: `"${zone}" is not a valid time zone offset` };
      offsetMin = (z[1] === "-" ? -1 : 1) * (num(z[2]) * 60 + num(z[3]));
    }
  }
  return {
    text: all,
    date: { kind: "date", y: num(y), mo: num(mo), d: num(d) },
    time,
    end: null,
    // An ISO stamp without a zone is UTC: that is what machines write.
    offsetMin: offsetMin ?? 0,
    twelveHour: false,
    bracketed: false,
    length: all.length,
  };
}

function matchBare(text: string, opts: StampOptions): StampAttempt {
  const iso = matchIso(text);
  if (iso) return iso;
  const datePart = matchDatePart(text, opts);
  if (datePart && "error" in datePart) return datePart;
  if (datePart) {
    const sep = new RegExp(`^${DATE_SEP}`, "i").exec(text.slice(datePart.length));
    if (!sep) return null;
    const at = datePart.length + sep[0].length;
    const clock = matchClock(text.slice(at));
    if (!clock) return null; // a date alone is not a stamp (see matchDateLine)
    if ("error" in clock) return clock;
    const { date } = datePart;
    return {
      text: text.slice(0, at + clock.length).trim(),
      date,
      time: clock.time,
      end: clock.end,
      offsetMin: clock.offsetMin,
      twelveHour: clock.twelveHour,
      bracketed: false,
      length: at + clock.length,
    };
  }
  const clock = matchClock(text);
  if (!clock) return null;
  if ("error" in clock) return clock;
  return { text: text.slice(0, clock.length).trim(), date: null, ...clock, bracketed: false };
}

/**
 * The stamp at the start of `text`, if any. "[…]" around it is taken too
 * when everything inside is the stamp; "[INFO]" or "[6:21 PM lunch]" are
 * not stamps.
 */
export function matchStamp(text: string, opts: StampOptions = {}): StampAttempt {
  const bracketed = /^\[([^\]\n]{1,60})\]/.exec(text);
  if (bracketed?.[1] !== undefined) {
    const inner = bracketed[1].trim();
    const stamp = matchBare(inner, opts);
    if (!stamp || isStampError(stamp)) return stamp;
    if (inner.slice(stamp.length).trim()) return null;
    return { ...stamp, bracketed: true, length: bracketed[0].length };
  }
  return matchBare(text, opts);
}

/** The whole of `text` is one stamp (a header's time, "6:22" on its own line). */
export function matchWholeStamp(text: string, opts: StampOptions = {}): StampAttempt {
  const trimmed = text.trim();
  if (!trimmed) return null;
  const stamp = matchStamp(trimmed, opts);
  if (!stamp || isStampError(stamp)) return stamp;
  return trimmed.slice(stamp.length).trim() ? null : stamp;
}

const RELATIVE_RE = /^-(?=\d)(?:(\d{1,5})h)?(?:(\d{1,6})m(?!s))?(?:(\d{1,7})s)?(?=$|\s)/i;
/** A relative time further back than this is surely a typo. */
export const RELATIVE_MAX_MS = 30 * 24 * 3_600_000;

/** "-5m", "-90s", "-1h30m" at the start of `text`: that long before now. */
export function matchRelative(text: string): { ms: number; text: string; length: number } | StampError | null {
  const m = RELATIVE_RE.exec(text);
  if (!m || (m[1] === undefined && m[2] === undefined && m[3] === undefined)) return null;
  const ms = (num(m[1]) * 3600 + num(m[2]) * 60 + num(m[3])) * 1000;
  if (ms > RELATIVE_MAX_MS) return { error: `"${m[0]}" is more than 30 days ago; type the date instead` };
  return { ms, text: m[0], length: m[0].length };
}

// A date divider line: "Tuesday, March 3rd", "— Today —", "2026-03-03", "----- March 3, 2026 -----".
const DIVIDER_EDGES = /^[\s\-–—=*_#~•·|[(]+|[\s\-–—=*_#~•·|\])]+$/g;

/** A line that is only a date: the day the following lines belong to. */
export function matchDateLine(line: string, opts: StampOptions = {}): StampDate | null {
  const text = line.replace(DIVIDER_EDGES, "").replace(/\s+/g, " ");
  if (!text || text.length > 60) return null;
  const part = matchDatePart(text, opts);
  if (!part || "error" in part || part.length !== text.length) return null;
  // "3/4" alone is too easily a fraction or a count: numeric dates need their year on a line of their own.
  if (part.date.kind === "date" && part.date.y === null && /^\d{1,2}[/.]/.test(text)) return null;
  return part.date;
}
